//! `/volume`: buttons and window arrow keys move the volume in steps, within 0 and 100, and
//! either end shows a flash that the next step away clears.

use liveview::test::{LiveTest, TestError};

#[tokio::test]
async fn buttons_step_the_volume_and_stop_at_either_end_with_a_flash() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/volume").await?;
    assert_eq!(lv.text("#volume")?, "10%");
    assert_eq!(lv.attr("#volume-meter", "value")?.as_deref(), Some("10"));
    assert_eq!(lv.title(), Some("Volume"));
    assert_eq!(lv.text("#flash")?, "", "no flash before an end is reached");

    lv.click("#up").await?;
    assert_eq!(lv.text("#volume")?, "20%");
    for _ in 0..8 {
        lv.click("#up").await?;
    }
    assert_eq!(lv.text("#volume")?, "100%");
    assert_eq!(lv.text("#flash-info")?, "Full volume!");
    lv.click("#up").await?;
    assert_eq!(lv.text("#volume")?, "100%", "not past the top");

    lv.click("#down").await?;
    assert_eq!(lv.text("#volume")?, "90%");
    assert!(!lv.has("#flash-info"), "stepping away from the top clears its flash");

    lv.click("#off").await?;
    assert_eq!(lv.text("#volume")?, "0%");
    assert_eq!(lv.text("#flash-error")?, "Silence.");
    lv.click("#down").await?;
    assert_eq!(lv.text("#volume")?, "0%", "not below silence");

    // The flash is dismissed by a click on it (lv:clear-flash with its kind).
    lv.click("#flash-error").await?;
    assert!(!lv.has("#flash-error"));
    assert_eq!(lv.text("#volume")?, "0%");

    lv.click("#max").await?;
    assert_eq!(lv.text("#volume")?, "100%");
    assert_eq!(lv.text("#flash")?, "Full volume!");
    Ok(())
}

#[tokio::test]
async fn window_arrow_keys_reach_the_button_that_listens_for_them() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/volume").await?;
    assert_eq!(lv.attr("#up", "phx-window-keydown")?.as_deref(), Some("key"));
    lv.keydown("#up", "ArrowUp").await?;
    lv.keydown("#up", "ArrowUp").await?;
    assert_eq!(lv.text("#volume")?, "30%");
    lv.keydown("#down", "ArrowDown").await?;
    assert_eq!(lv.text("#volume")?, "20%");
    // phx-key: the up button's binding ignores any other key, as the client does.
    lv.keydown("#up", "ArrowDown").await?;
    lv.keydown("#up", "a").await?;
    assert_eq!(lv.text("#volume")?, "20%");
    lv.keydown("#max", "ArrowRight").await?;
    assert_eq!(lv.text("#volume")?, "100%");
    assert_eq!(lv.text("#flash-info")?, "Full volume!");
    lv.keydown("#off", "ArrowLeft").await?;
    assert_eq!(lv.text("#volume")?, "0%");
    assert_eq!(lv.text("#flash-error")?, "Silence.");
    Ok(())
}
