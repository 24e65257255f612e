//! `/async`: a task's result, a reload, a failure and a panic, awaited with `await_async`.
//! On a paused clock, so the task's 300 ms take no time.

use liveview::test::{LiveTest, TestError};

#[tokio::test(start_paused = true)]
async fn async_page_loads_reloads_and_fails_without_crashing() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/async").await?;
    assert_eq!(lv.text("#status")?, "loading");
    // Events are handled while the task runs.
    lv.click("#click").await?;
    assert_eq!((lv.text("#status")?.as_str(), lv.text("#clicks")?.as_str()), ("loading", "1"));
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "ready: 42");

    lv.click("#reload").await?;
    assert_eq!(lv.text("#status")?, "loading");
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "ready: 42");

    lv.click("#fail").await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "failed: the answer service is unavailable");

    lv.click("#panic").await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "failed: panicked: the answer task panicked on purpose");
    lv.click("#click").await?;
    assert_eq!(lv.text("#clicks")?, "2", "the same view, still running");
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn a_reload_during_a_load_reports_once() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/async").await?;
    lv.click("#fail").await?;
    lv.click("#reload").await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#status")?, "ready: 42", "the failing run was replaced, not reported");
    // Nothing else is on its way.
    lv.sync().await?;
    assert_eq!(lv.text("#status")?, "ready: 42");
    Ok(())
}

#[tokio::test]
async fn await_async_returns_at_once_when_no_task_runs() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/counter").await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#count")?, "0");
    Ok(())
}
