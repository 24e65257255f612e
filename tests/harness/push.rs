//! `/push`: every button of the push API page.

use liveview::test::{LiveTest, Redirect, TestError};
use serde_json::json;

async fn push_page() -> Result<LiveTest, TestError> {
    LiveTest::connect(super::gallery(), "/push").await
}

#[tokio::test]
async fn push_event_reaches_the_client_with_its_payload_once_per_click() -> Result<(), TestError> {
    let mut lv = push_page().await?;
    lv.click("#push-event").await?;
    lv.click("#push-event").await?;
    assert_eq!(lv.assert_push_event("my-event")?, json!({"foo": "bar", "n": 1}));
    assert_eq!(lv.assert_push_event("my-event")?, json!({"foo": "bar", "n": 2}));
    assert!(lv.assert_push_event("my-event").is_err());
    Ok(())
}

#[tokio::test]
async fn push_patch_and_replace_change_the_url_and_run_handle_params() -> Result<(), TestError> {
    let mut lv = push_page().await?;
    let mount = lv.text("#mount-id")?;
    lv.click("#patch").await?;
    assert_eq!(lv.assert_patched()?, "/push?bar=baz");
    assert_eq!(lv.text("#params")?, "bar=baz", "handle_params ran in the same update");
    lv.click("#patch-replace").await?;
    assert_eq!(lv.assert_patched()?, "/push?bar=qux");
    assert_eq!(lv.path(), "/push?bar=qux");
    assert_eq!(lv.text("#params")?, "bar=qux");
    assert_eq!(lv.text("#mount-id")?, mount, "a patch does not remount");
    Ok(())
}

#[tokio::test]
async fn push_redirect_navigates_to_the_counter_and_remount_mounts_push_again() -> Result<(), TestError> {
    let mut lv = push_page().await?;
    lv.click("#redirect").await?;
    let to = lv.follow_redirect().await?;
    assert!(matches!(&to, Redirect::Navigate { to, .. } if to == "/counter?from=push"), "{to:?}");
    assert_eq!(lv.path(), "/counter?from=push");
    lv.click("#inc").await?;
    assert_eq!(lv.text("#count")?, "1", "the counter runs on the same socket");

    let mut lv = push_page().await?;
    let first = lv.text("#mount-id")?;
    lv.click("#remount").await?;
    lv.follow_redirect().await?;
    assert_ne!(lv.text("#mount-id")?, first, "a fresh mount");
    assert_eq!(lv.text("#params")?, "remount=1");
    Ok(())
}

#[tokio::test]
async fn flash_survives_the_live_redirect_and_shows_on_the_counter() -> Result<(), TestError> {
    let mut lv = push_page().await?;
    lv.click("#flash-redirect").await?;
    let to = lv.follow_redirect().await?;
    assert_eq!(to.flash().get("info").map(String::as_str), Some("Hello from /push"));
    assert_eq!(lv.text("#flash")?, "Hello from /push");
    Ok(())
}

#[tokio::test]
async fn page_title_updates_with_each_click() -> Result<(), TestError> {
    let mut lv = push_page().await?;
    lv.click("#title").await?;
    assert_eq!(lv.title(), Some("Pushed 1"));
    lv.click("#title").await?;
    assert_eq!(lv.title(), Some("Pushed 2"));
    Ok(())
}

#[tokio::test]
async fn a_crashing_handler_fails_the_action_with_the_panic_message() -> Result<(), TestError> {
    let mut lv = push_page().await?;
    let err = lv.click("#crash").await.expect_err("the view panics");
    assert!(
        matches!(&err, TestError::Crashed { reason } if reason.contains("crash requested by the #crash button")),
        "{err}"
    );
    assert!(matches!(lv.click("#title").await, Err(TestError::NotRunning(_))), "the crashed view is gone");
    Ok(())
}
