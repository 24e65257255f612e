//! `/components`: clicks on a card go to that card (`phx-target={myself}` → the event's
//! `cid`, as the client sends it); the parent adds, removes and resets cards.

use liveview::test::{LiveTest, TestError};

#[tokio::test]
async fn a_targeted_click_reaches_only_its_card_and_the_total_follows() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/components").await?;
    assert_eq!(lv.text("#total")?, "0");
    for _ in 0..3 {
        lv.click("#card-2-inc").await?;
    }
    assert_eq!(lv.text("#card-2-count")?, "3");
    assert_eq!(lv.text("#card-1-count")?, "0");
    assert_eq!(lv.text("#card-3-count")?, "0");
    assert_eq!(lv.text("#total")?, "3");
    Ok(())
}

#[tokio::test]
async fn cards_are_added_removed_and_reset_by_the_parent() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/components").await?;
    lv.click("#card-1-inc").await?;
    lv.click("#add-card").await?;
    assert!(lv.has("#card-4"));
    lv.click("#card-4-inc").await?;
    lv.click("#card-4-inc").await?;
    assert_eq!(lv.text("#card-4-count")?, "2");
    assert_eq!(lv.text("#total")?, "3");
    lv.click("#remove-card").await?;
    assert!(!lv.has("#card-4"));
    assert_eq!(lv.text("#total")?, "1");
    lv.click("#reset-all").await?;
    assert_eq!(lv.text("#card-1-count")?, "0");
    assert_eq!(lv.text("#total")?, "0");
    Ok(())
}

#[tokio::test]
async fn a_removed_card_is_destroyed_as_the_client_would_and_comes_back_afresh() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/components").await?;
    lv.click("#card-3-inc").await?;
    lv.click("#card-3-inc").await?;
    assert_eq!(lv.text("#card-3-count")?, "2");
    // The harness reports the vanished card (cids_will_destroy, cids_destroyed) as the client
    // does; the server frees it, so card 3 comes back as a new instance at 0. Without the
    // destroy protocol it would come back with its old state.
    lv.click("#remove-card").await?;
    assert!(!lv.has("#card-3"));
    lv.click("#add-card").await?;
    assert_eq!(lv.text("#card-3-count")?, "0");
    assert_eq!(lv.text("#total")?, "0");
    Ok(())
}
