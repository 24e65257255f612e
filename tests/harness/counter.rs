//! `/counter`: both buttons, from the dead render on.

use liveview::test::{LiveTest, TestError};

#[tokio::test]
async fn counter_counts_up_and_down_through_its_buttons() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/counter").await?;
    assert_eq!(lv.text("#count")?, "0");
    for _ in 0..3 {
        lv.click("#inc").await?;
    }
    assert_eq!(lv.text("#count")?, "3");
    lv.click("#dec").await?;
    assert_eq!(lv.text("#count")?, "2");
    assert_eq!(lv.text("#flash")?, "", "no flash without a redirect");
    assert_eq!(lv.path(), "/counter");
    Ok(())
}
