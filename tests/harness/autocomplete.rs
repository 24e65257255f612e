//! `/autocomplete`: `phx-change` suggests cities, `phx-submit` lists a city's stores.
//! (The debounce is the browser's: tests/e2e/autocomplete.test.mjs counts the events.)

use liveview::test::{LiveTest, TestError};

/// The suggestions offered, in order.
fn suggestions(lv: &LiveTest) -> Result<Vec<String>, TestError> {
    (1..=lv.count("#cities option"))
        .map(|i| lv.attr(&format!("#cities option:nth-child({i})"), "value").map(Option::unwrap_or_default))
        .collect()
}

#[tokio::test]
async fn typing_suggests_cities_by_prefix_ignoring_case() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/autocomplete").await?;
    assert_eq!(lv.attr("#city", "phx-debounce")?.as_deref(), Some("300"));
    assert_eq!(lv.attr("#city", "list")?.as_deref(), Some("cities"));
    assert!(suggestions(&lv)?.is_empty());

    lv.change("#city-form", &[("city", "den")]).await?;
    assert_eq!(suggestions(&lv)?, ["Denton, TX", "Denver, CO"]);
    lv.change("#city-form", &[("city", "Port")]).await?;
    assert_eq!(suggestions(&lv)?, ["Port St. Lucie, FL", "Portland, ME", "Portland, OR", "Portsmouth, NH"]);
    lv.change("#city-form", &[("city", "s")]).await?;
    assert_eq!(suggestions(&lv)?.len(), 8, "at most eight");
    lv.change("#city-form", &[("city", "")]).await?;
    assert!(suggestions(&lv)?.is_empty(), "nothing for an empty input");
    assert_eq!(lv.text("#suggest-count")?, "4", "one per change event");
    Ok(())
}

#[tokio::test]
async fn submitting_lists_the_stores_of_the_city() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/autocomplete").await?;
    lv.change("#city-form", &[("city", "Denv")]).await?;
    lv.submit("#city-form", &[("city", "Denver, CO")]).await?;
    assert_eq!(lv.text("#status")?, "3 stores in Denver, CO");
    assert_eq!(lv.count("#stores li"), 3);
    assert!(suggestions(&lv)?.is_empty(), "the suggestions close on submit");

    lv.submit("#city-form", &[("city", "portland")]).await?;
    assert_eq!(lv.text("#status")?, "2 stores in portland");
    assert!(lv.has("#store-portland-alberta"));

    lv.submit("#city-form", &[("city", "Boston, MA")]).await?;
    assert_eq!(lv.text("#status")?, "No stores in “Boston, MA”.");
    assert!(!lv.has("#stores"));
    Ok(())
}
