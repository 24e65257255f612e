//! `/decarbonize`: each card's form goes to that card (`phx-target={myself}` → the event's
//! `cid`); a choice changes that card and the total, and no other card.

use liveview::test::{LiveTest, TestError};

#[tokio::test]
async fn a_choice_changes_its_card_and_the_total_only() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/decarbonize").await?;
    assert_eq!(lv.title(), Some("Decarbonize calculator"));
    assert_eq!(lv.text("#total")?, "20", "gas car 8 + gas furnace 6 + grid 6");
    assert_eq!(lv.attr("#card-vehicle-choice option[selected]", "value")?.as_deref(), Some("gas"));

    lv.change("#card-vehicle-form", &[("choice", "electric")]).await?;
    assert_eq!(lv.text("#card-vehicle-tons")?, "1");
    assert_eq!(lv.attr("#card-vehicle-choice option[selected]", "value")?.as_deref(), Some("electric"));
    assert_eq!(lv.text("#card-heating-tons")?, "6");
    assert_eq!(lv.text("#card-electricity-tons")?, "6");
    assert_eq!(lv.text("#total")?, "13");

    lv.change("#card-heating-form", &[("choice", "heatpump")]).await?;
    lv.change("#card-electricity-form", &[("choice", "solar")]).await?;
    assert_eq!(lv.text("#card-vehicle-tons")?, "1", "the vehicle card keeps its own state");
    assert_eq!(lv.text("#card-heating-tons")?, "1");
    assert_eq!(lv.text("#card-electricity-tons")?, "2");
    assert_eq!(lv.text("#total")?, "4");
    Ok(())
}

#[tokio::test]
async fn a_choice_that_is_not_offered_changes_nothing() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/decarbonize").await?;
    lv.change("#card-vehicle-form", &[("choice", "rocket")]).await?;
    assert_eq!(lv.text("#card-vehicle-tons")?, "8");
    assert_eq!(lv.text("#total")?, "20");
    Ok(())
}
