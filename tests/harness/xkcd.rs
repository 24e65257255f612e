//! `/xkcd`: `handle_params` loads the comic the URL names as an async task; patch links and
//! the random button change the URL. On a paused clock, so loading takes no time.

use liveview::test::{Followed, LiveTest, TestError};
use liveview_examples::xkcd;

/// The comic number in a `/xkcd?num=N` path.
fn num_of(path: &str) -> u32 {
    path.strip_prefix("/xkcd?num=").and_then(|n| n.parse().ok()).unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn the_latest_comic_loads_in_the_background_and_titles_the_page() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/xkcd").await?;
    assert_eq!(lv.text("#comic-status")?, "Loading comic #5…");
    assert!(!lv.has("#comic"));
    lv.await_async().await?;
    assert_eq!(lv.text("#comic-title")?, "#5: Patch notes");
    assert_eq!(lv.title(), Some("#5: Patch notes"));
    assert_eq!(lv.count("#comic svg > g"), 3, "one frame per panel");
    assert!(lv.text("#transcript")?.contains("Right: That is the point."));
    assert!(lv.has("#prev") && !lv.has("#next"), "the latest has no next");
    assert_eq!(lv.attr("#prev", "href")?.as_deref(), Some("/xkcd?num=4"));
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn prev_and_next_are_patch_links_answered_by_loading_first() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/xkcd?num=2").await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#comic-title")?, "#2: Fence posts");

    assert!(matches!(lv.follow_link("#prev").await?, Followed::Patch));
    assert_eq!(lv.path(), "/xkcd?num=1");
    assert_eq!(lv.text("#comic-status")?, "Loading comic #1…", "the patch is answered before the comic");
    lv.await_async().await?;
    assert_eq!(lv.text("#comic-title")?, "#1: Borrowed");
    assert!(!lv.has("#prev"), "the first has no previous");

    // A patch while a comic loads replaces the load: the first would have answered by the
    // second step, had it not been cancelled.
    let step = xkcd::DELAY * 3 / 4;
    lv.follow_link("#next").await?;
    lv.advance(step).await?;
    lv.follow_link("#next").await?;
    lv.advance(step).await?;
    assert_eq!(lv.path(), "/xkcd?num=3");
    assert_eq!(lv.text("#comic-status")?, "Loading comic #3…");
    lv.await_async().await?;
    assert_eq!(lv.text("#comic-title")?, "#3: Works on my machine");
    assert_eq!(lv.title(), Some("#3: Works on my machine"));

    lv.follow_link("#latest").await?;
    assert_eq!(lv.path(), "/xkcd");
    lv.await_async().await?;
    assert_eq!(lv.text("#comic-title")?, "#5: Patch notes");
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn random_patches_to_another_comic() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/xkcd?num=4").await?;
    lv.await_async().await?;
    for _ in 0..12 {
        let before = num_of(lv.path());
        lv.click("#random").await?;
        let to = lv.assert_patched()?;
        let num = num_of(&to);
        assert!((1..=5).contains(&num) && num != before, "{to} from comic {before}");
        assert_eq!(lv.path(), to);
        lv.await_async().await?;
        assert!(lv.text("#comic-title")?.starts_with(&format!("#{num}: ")));
    }
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn a_comic_that_does_not_exist_fails_to_load() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/xkcd?num=42").await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#comic-status")?, "There is no comic #42.");
    assert_eq!(lv.title(), Some("No such comic"));
    assert!(lv.has("#latest") && !lv.has("#next") && !lv.has("#prev"));
    lv.follow_link("#latest").await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#comic-title")?, "#5: Patch notes");

    lv.patch("/xkcd?num=abc").await?;
    lv.await_async().await?;
    assert_eq!(lv.text("#comic-status")?, "There is no comic #0.");
    Ok(())
}
