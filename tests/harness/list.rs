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

#[tokio::test]
async fn list_rows_param_sizes_the_list_and_a_bump_changes_only_that_row() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/list?rows=1000").await?;
    assert_eq!(lv.count("#rows li"), 1000);
    assert!(lv.has("#row-999") && !lv.has("#row-1000"));
    let before = lv.html().to_owned();
    lv.click("#row-999 button").await?;
    assert_eq!(lv.text("#row-999 .count")?, "1");
    let after = lv.html().to_owned();
    // Everything outside row 999's `<li>` is unchanged.
    let row = |html: &str| -> (usize, usize) {
        let start = html.find(r#"id="row-999""#).expect("row 999");
        let start = html[..start].rfind('<').expect("its <li>");
        let end = start + html[start..].find("</li>").expect("its </li>") + "</li>".len();
        (start, end)
    };
    let ((b0, b1), (a0, a1)) = (row(&before), row(&after));
    assert_eq!(before[..b0], after[..a0], "the rows before 999 are unchanged");
    assert_eq!(before[b1..], after[a1..], "what follows row 999 is unchanged");
    assert_ne!(before[b0..b1], after[a0..a1]);
    assert_eq!(lv.count("#rows li .count"), 1000);

    // Out-of-range and malformed sizes: capped, or the default.
    assert_eq!(LiveTest::connect(super::gallery(), "/list?rows=20000").await?.count("#rows li"), 10_000);
    assert_eq!(LiveTest::connect(super::gallery(), "/list?rows=abc").await?.count("#rows li"), 100);
    Ok(())
}
