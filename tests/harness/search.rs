//! `/search`: the search runs as an async task; the page says "Searching…" until it reports.
//! On a paused clock, so the search's delay takes no time.

use liveview::test::{LiveTest, TestError};
use liveview_examples::search;

#[tokio::test(start_paused = true)]
async fn a_search_shows_loading_then_the_stores_of_that_zip() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/search").await?;
    assert_eq!(lv.text("#status")?, "Search for stores near you.");
    lv.submit("#search-form", &[("zip", "80202")]).await?;
    assert_eq!(lv.text("#status")?, "Searching 80202…");
    assert!(lv.has("#zip[readonly]"), "the input waits for the search");
    assert_eq!(lv.attr("#results", "aria-busy")?.as_deref(), Some("true"));
    assert!(!lv.has("#stores"));

    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "2 stores in 80202");
    assert_eq!(lv.count("#stores li"), 2);
    assert!(lv.text("#store-denver-union")?.starts_with("Union Station Market (open)"));
    assert!(lv.text("#store-denver-larimer")?.contains("(closed)"));
    assert!(!lv.has("#zip[readonly]"));
    assert_eq!(lv.attr("#results", "aria-busy")?, None);
    assert_eq!(lv.attr("#zip", "value")?.as_deref(), Some("80202"));
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn no_stores_and_not_a_zip_are_answers_too() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/search").await?;
    lv.submit("#search-form", &[("zip", "10001")]).await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "0 stores in 10001");
    assert_eq!(lv.count("#stores li"), 0);

    lv.submit("#search-form", &[("zip", "<b>80</b>")]).await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "Search failed: “<b>80</b>” is not a ZIP code (five digits)");
    assert_eq!(lv.attr("#status", "role")?.as_deref(), Some("alert"));

    lv.submit("#search-form", &[("zip", " 97214 ")]).await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "1 store in 97214", "trimmed, and the view still runs");
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn a_new_search_replaces_the_one_running() -> Result<(), TestError> {
    let step = search::DELAY * 3 / 4;
    let mut lv = LiveTest::connect(super::gallery(), "/search").await?;
    lv.submit("#search-form", &[("zip", "80202")]).await?;
    lv.advance(step).await?;
    lv.submit("#search-form", &[("zip", "78704")]).await?;
    // The first search would have answered by now had it not been replaced.
    lv.advance(step).await?;
    assert_eq!(lv.text("#status")?, "Searching 78704…");
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "1 store in 78704");
    Ok(())
}
