//! `/list`: 100 keyed rows, each with its own bump button, plus "bump next".

use liveview::test::{LiveTest, TestError};

#[tokio::test]
async fn list_bumps_the_row_whose_button_is_clicked_and_bump_next_walks_the_rows() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/list").await?;
    assert_eq!(lv.text("#row-0 .count")?, "0");
    assert!(lv.has("#row-99") && !lv.has("#row-100"));
    lv.click("#row-7 button").await?;
    lv.click("#row-7 button").await?;
    assert_eq!(lv.text("#row-7 .count")?, "2");
    assert_eq!(lv.text("#row-6 .count")?, "0", "only the clicked row changes");
    lv.click("#bump").await?;
    lv.click("#bump").await?;
    assert_eq!(lv.text("#row-0 .count")?, "1");
    assert_eq!(lv.text("#row-1 .count")?, "1");
    assert_eq!(lv.text("#row-2 .count")?, "0");
    Ok(())
}
