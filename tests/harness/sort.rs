//! `/sort`: sort column and direction in the URL beside the page; header buttons
//! `push_patch`, page links and the page-size select keep the sort.

use liveview::test::{LiveTest, TestError};

/// Column `col` (1-based: #, item, quantity, expires) of every row shown, in order.
fn column(lv: &LiveTest, col: usize) -> Result<Vec<String>, TestError> {
    (1..=lv.count("#donations tbody tr"))
        .map(|i| lv.text(&format!("#donations tbody tr:nth-child({i}) > :nth-child({col})")))
        .collect()
}

/// `aria-sort` of column `col`'s header.
fn aria_sort(lv: &LiveTest, col: usize) -> Result<Option<String>, TestError> {
    lv.attr(&format!("#donations thead th:nth-child({col})"), "aria-sort")
}

/// The quantities shown, in pounds.
fn quantities(lv: &LiveTest) -> Result<Vec<u32>, TestError> {
    Ok(column(lv, 3)?.iter().map(|q| q.trim_end_matches(" lbs").parse().unwrap_or(u32::MAX)).collect())
}

fn sorted_by<T: Ord + Clone>(v: &[T], desc: bool) -> bool {
    v.windows(2).all(|w| if desc { w[0] >= w[1] } else { w[0] <= w[1] })
}

#[tokio::test]
async fn items_are_sorted_by_name_until_a_header_asks_otherwise() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/sort").await?;
    let names = column(&lv, 2)?;
    assert_eq!(names.len(), 10);
    assert!(names[0].ends_with("Apples"), "{names:?}");
    let bare: Vec<&str> = names.iter().map(|n| n.split_once(' ').map_or(n.as_str(), |(_, name)| name)).collect();
    assert!(sorted_by(&bare, false), "{bare:?}");
    assert_eq!(aria_sort(&lv, 2)?.as_deref(), Some("ascending"));

    lv.click("#sort-quantity").await?;
    assert_eq!(lv.assert_patched()?, "/sort?sort_by=quantity&order=asc&page=1&per_page=10");
    let asc = quantities(&lv)?;
    assert!(sorted_by(&asc, false), "{asc:?}");
    assert_eq!(asc[0], 1, "the smallest donation first");
    assert_eq!(aria_sort(&lv, 3)?.as_deref(), Some("ascending"));
    assert_eq!(aria_sort(&lv, 2)?, None);

    lv.click("#sort-quantity").await?;
    assert_eq!(lv.assert_patched()?, "/sort?sort_by=quantity&order=desc&page=1&per_page=10");
    let desc = quantities(&lv)?;
    assert!(sorted_by(&desc, true), "{desc:?}");
    assert_eq!(desc[0], 23, "the largest donation first");
    assert_eq!(lv.text("#sort-quantity")?, "Quantity ▼");
    Ok(())
}

#[tokio::test]
async fn page_links_and_the_page_size_keep_the_sort() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/sort?sort_by=expires&order=desc").await?;
    let first_page = column(&lv, 4)?;
    assert_eq!(lv.attr("#next", "href")?.as_deref(), Some("/sort?sort_by=expires&order=desc&page=2&per_page=10"));
    lv.follow_link("#next").await?;
    assert_eq!(lv.path(), "/sort?sort_by=expires&order=desc&page=2&per_page=10");
    let days = |cells: Vec<String>| cells.iter().map(|d| d.parse().unwrap_or(0)).collect::<Vec<u32>>();
    let both: Vec<u32> = days(first_page).into_iter().chain(days(column(&lv, 4)?)).collect();
    assert_eq!(both.len(), 20);
    assert!(sorted_by(&both, true), "descending across the page boundary: {both:?}");

    lv.change("#per-page-form", &[("per_page", "5")]).await?;
    assert_eq!(lv.assert_patched()?, "/sort?sort_by=expires&order=desc&page=3&per_page=5");
    assert_eq!(days(column(&lv, 4)?), both[10..15], "the same rows, five per page");

    // Sorting by another column starts again at page 1, ascending, at the same size.
    lv.click("#sort-item").await?;
    assert_eq!(lv.assert_patched()?, "/sort?sort_by=item&order=asc&page=1&per_page=5");
    assert_eq!(lv.count("#donations tbody tr"), 5);
    Ok(())
}

#[tokio::test]
async fn the_url_alone_decides_what_a_reload_or_back_shows() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/sort").await?;
    lv.click("#sort-quantity").await?;
    lv.click("#sort-quantity").await?;
    lv.follow_link("#page-2").await?;
    let url = lv.path().to_owned();
    let shown = column(&lv, 1)?;

    let reloaded = LiveTest::connect(super::gallery(), &url).await?;
    assert_eq!(column(&reloaded, 1)?, shown);
    assert_eq!(reloaded.text("#sort-quantity")?, "Quantity ▼");

    // Back to the ascending sort.
    lv.patch("/sort?sort_by=quantity&order=asc&page=1&per_page=10").await?;
    assert!(sorted_by(&quantities(&lv)?, false));
    assert_eq!(lv.text("#sort-quantity")?, "Quantity ▲");

    // Unknown columns and directions fall back to the default.
    let lv = LiveTest::connect(super::gallery(), "/sort?sort_by=secret&order=sideways").await?;
    assert_eq!(aria_sort(&lv, 2)?.as_deref(), Some("ascending"));
    Ok(())
}
