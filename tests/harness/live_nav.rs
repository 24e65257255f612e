//! `/live-nav/:sub`: the server's `push_patch` keeps the view and runs `handle_params`; its
//! `push_navigate` mounts the view of another sub-page over the same socket.

use liveview::test::{LiveTest, Redirect, TestError};

#[tokio::test]
async fn push_patch_changes_the_query_in_the_same_view() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/live-nav/one").await?;
    assert_eq!(lv.text("#sub")?, "one");
    assert_eq!(lv.text("#query-id")?, "none");
    assert_eq!(lv.text("#params-runs")?, "1", "handle_params runs after mount");
    let instance = lv.text("#instance")?;
    lv.click("#click").await?;

    lv.click("#patch-foo").await?;
    assert_eq!(lv.assert_patched()?, "/live-nav/one?id=foo");
    assert_eq!(lv.path(), "/live-nav/one?id=foo");
    assert_eq!(lv.text("#query-id")?, "foo", "handle_params ran in the same update");
    assert_eq!(lv.text("#params-runs")?, "2");
    assert_eq!(lv.text("#instance")?, instance, "the same view");
    assert_eq!(lv.text("#clicks")?, "1", "which kept its state");

    lv.click("#patch-bar").await?;
    assert_eq!(lv.assert_patched()?, "/live-nav/one?id=bar");
    assert_eq!(lv.text("#query-id")?, "bar");
    assert_eq!(lv.text("#params-runs")?, "3");
    Ok(())
}

#[tokio::test]
async fn push_navigate_mounts_the_other_sub_pages_view() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/live-nav/one?id=foo").await?;
    assert_eq!(lv.text("#query-id")?, "foo", "a query from the first page load");
    assert_eq!(lv.attr("#navigate-one", "disabled")?.as_deref(), Some(""), "the current sub-page");
    let instance = lv.text("#instance")?;
    lv.click("#click").await?;

    lv.click("#navigate-two").await?;
    let to = lv.follow_redirect().await?;
    assert!(matches!(&to, Redirect::Navigate { to, .. } if to == "/live-nav/two"), "{to:?}");
    assert_eq!(lv.path(), "/live-nav/two");
    assert_eq!(lv.text("#sub")?, "two");
    assert_eq!(lv.text("#query-id")?, "none");
    assert_ne!(lv.text("#instance")?, instance, "a fresh view");
    assert_eq!(lv.text("#clicks")?, "0", "with fresh state");
    assert_eq!(lv.text("#params-runs")?, "1");
    Ok(())
}
