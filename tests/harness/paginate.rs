//! `/paginate`: the URL is the page. Patch links, the page-size select (`push_patch`), the
//! back button and a reload all go through `handle_params`.

use liveview::test::{Followed, LiveTest, TestApp, TestError};

/// The ids of the rows shown, in order.
fn row_ids(lv: &LiveTest) -> Result<Vec<String>, TestError> {
    (1..=lv.count("#donations tbody tr"))
        .map(|i| lv.attr(&format!("#donations tbody tr:nth-child({i})"), "id").map(Option::unwrap_or_default))
        .collect()
}

fn donations(ids: std::ops::RangeInclusive<usize>) -> Vec<String> {
    ids.map(|id| format!("donation-{id}")).collect()
}

#[tokio::test]
async fn the_first_page_links_to_the_next_and_a_patch_link_turns_the_page() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/paginate").await?;
    assert_eq!(row_ids(&lv)?, donations(1..=10));
    assert_eq!(lv.text("#page-info")?, "Page 1 of 5: rows 1–10 of 48");
    assert!(!lv.has("#prev"), "no previous page on page 1");
    assert_eq!(lv.attr("#next", "href")?.as_deref(), Some("/paginate?page=2&per_page=10"));
    assert_eq!(lv.attr("#page-1", "aria-current")?.as_deref(), Some("page"));

    assert!(matches!(lv.follow_link("#next").await?, Followed::Patch));
    assert_eq!(lv.path(), "/paginate?page=2&per_page=10");
    assert_eq!(row_ids(&lv)?, donations(11..=20));
    assert_eq!(lv.attr("#page-2", "aria-current")?.as_deref(), Some("page"));
    assert_eq!(lv.attr("#page-1", "aria-current")?, None);
    assert_eq!(lv.attr("#prev", "href")?.as_deref(), Some("/paginate?page=1&per_page=10"));

    assert!(!lv.has("#page-5"), "two pages either side of the current one");
    lv.follow_link("#page-4").await?;
    lv.follow_link("#page-5").await?;
    assert_eq!(lv.path(), "/paginate?page=5&per_page=10");
    assert_eq!(row_ids(&lv)?, donations(41..=48));
    assert!(!lv.has("#next"), "no next page on the last page");
    Ok(())
}

#[tokio::test]
async fn the_page_size_select_patches_the_url_and_keeps_the_first_row_on_screen() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/paginate?page=3&per_page=10").await?;
    assert_eq!(row_ids(&lv)?, donations(21..=30));
    lv.change("#per-page-form", &[("per_page", "5")]).await?;
    assert_eq!(lv.assert_patched()?, "/paginate?page=5&per_page=5", "row 21 is on page 5 of 5 rows");
    assert_eq!(lv.path(), "/paginate?page=5&per_page=5");
    assert_eq!(row_ids(&lv)?, donations(21..=25), "handle_params ran in the same update");
    assert!(lv.has("#per-page option[value=\"5\"][selected]"));
    assert!(!lv.has("#per-page option[value=\"10\"][selected]"));

    lv.change("#per-page-form", &[("per_page", "20")]).await?;
    assert_eq!(lv.assert_patched()?, "/paginate?page=2&per_page=20");
    assert_eq!(row_ids(&lv)?, donations(21..=40));

    // A size the select does not offer is ignored: no patch.
    lv.change("#per-page-form", &[("per_page", "7")]).await?;
    assert!(lv.assert_patched().is_err());
    assert_eq!(row_ids(&lv)?, donations(21..=40));
    Ok(())
}

#[tokio::test]
async fn back_and_reload_show_the_page_of_the_url() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/paginate").await?;
    lv.follow_link("#next").await?;
    lv.change("#per-page-form", &[("per_page", "5")]).await?;
    assert_eq!(lv.assert_patched()?, "/paginate?page=3&per_page=5");
    let shown = row_ids(&lv)?;
    assert_eq!(shown, donations(11..=15));

    // Back: the client sends the previous URL.
    lv.patch("/paginate?page=2&per_page=10").await?;
    assert_eq!(row_ids(&lv)?, donations(11..=20));
    assert!(lv.has("#per-page option[value=\"10\"][selected]"));

    // Reload: a fresh mount of the same URL shows the same rows.
    let reloaded = LiveTest::connect(super::gallery(), "/paginate?page=3&per_page=5").await?;
    assert_eq!(row_ids(&reloaded)?, shown);
    Ok(())
}

#[tokio::test]
async fn a_url_out_of_range_is_replaced_by_the_url_of_the_nearest_page() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    // The first render redirects, as Phoenix's dead render does for a push_patch in handle_params.
    match app.connect("/paginate?page=99&per_page=7").await {
        Err(TestError::Redirected { to, .. }) => assert_eq!(to, "/paginate?page=5&per_page=10"),
        other => panic!("expected a redirect, got {:?}", other.map(|lv| lv.path().to_owned())),
    }
    let lv = app.connect("/paginate?page=5&per_page=10").await?;
    assert_eq!(lv.text("#page-info")?, "Page 5 of 5: rows 41–48 of 48");

    // A patch to such a URL (a hand-edited history entry, say) is patched again, in place.
    let mut lv = app.connect("/paginate").await?;
    lv.patch("/paginate?page=-1&per_page=15").await?;
    assert_eq!(lv.assert_patched()?, "/paginate?page=1&per_page=15");
    assert_eq!(lv.path(), "/paginate?page=1&per_page=15");
    assert_eq!(row_ids(&lv)?, donations(1..=15));
    Ok(())
}

#[tokio::test]
async fn rows_expiring_within_ten_days_are_marked() -> Result<(), TestError> {
    let lv = LiveTest::connect(super::gallery(), "/paginate?per_page=20").await?;
    let marked = lv.count("#donations tbody mark");
    assert!(marked > 0 && marked < 20, "{marked} of 20 rows marked");
    for i in 1..=20 {
        let days: u32 = lv.text(&format!("#donations tbody tr:nth-child({i}) td:nth-child(4)"))?.parse().unwrap_or(0);
        let has_mark = lv.has(&format!("#donations tbody tr:nth-child({i}) td:nth-child(4) mark"));
        assert_eq!(has_mark, days <= 10, "row {i}: {days} days");
    }
    Ok(())
}
