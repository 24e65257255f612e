//! `/servers`: live patch links select a server; the URL (back, reload) decides which.

use liveview::test::{Followed, LiveTest, TestError};

#[tokio::test]
async fn the_first_server_is_selected_without_a_name() -> Result<(), TestError> {
    let lv = LiveTest::connect(super::gallery(), "/servers").await?;
    assert_eq!(lv.text("#server-name")?, "amber-heron");
    assert_eq!(lv.title(), Some("amber-heron · Servers"));
    assert_eq!(lv.attr("#server-amber-heron", "aria-current")?.as_deref(), Some("page"));
    assert_eq!(lv.count("#server-list a[data-phx-link=\"patch\"]"), 4, "every server is a patch link");
    assert_eq!(lv.attr("#server-quiet-lynx", "href")?.as_deref(), Some("/servers?name=quiet-lynx"));
    Ok(())
}

#[tokio::test]
async fn a_server_link_patches_the_url_and_selects_it() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/servers").await?;
    assert!(matches!(lv.follow_link("#server-quiet-lynx").await?, Followed::Patch));
    assert_eq!(lv.path(), "/servers?name=quiet-lynx");
    assert_eq!(lv.text("#server-name")?, "quiet-lynx");
    assert_eq!(lv.text("#server-status")?, "⛔ down");
    assert_eq!(lv.text("#server-commit")?, "0d9e6aa");
    assert_eq!(lv.title(), Some("quiet-lynx · Servers"));
    assert_eq!(lv.attr("#server-quiet-lynx", "aria-current")?.as_deref(), Some("page"));
    assert_eq!(lv.attr("#server-amber-heron", "aria-current")?, None);

    lv.follow_link("#server-steady-yak").await?;
    assert_eq!(lv.text("#server-name")?, "steady-yak");
    // Back: the client patches to the previous URL.
    lv.patch("/servers?name=quiet-lynx").await?;
    assert_eq!(lv.text("#server-name")?, "quiet-lynx");
    assert_eq!(lv.title(), Some("quiet-lynx · Servers"));
    Ok(())
}

#[tokio::test]
async fn a_reload_shows_the_server_of_the_url_and_an_unknown_name_says_so() -> Result<(), TestError> {
    let lv = LiveTest::connect(super::gallery(), "/servers?name=brisk-otter").await?;
    assert_eq!(lv.text("#server-name")?, "brisk-otter");
    assert_eq!(lv.text("#server-deploys")?, "12");

    let mut lv = LiveTest::connect(super::gallery(), "/servers?name=%3Cb%3Enope%3C%2Fb%3E").await?;
    assert_eq!(lv.text("#server")?, "No server is named “<b>nope</b>”.", "escaped, shown as text");
    assert_eq!(lv.count("#server-list [aria-current]"), 0);
    lv.follow_link("#server-brisk-otter").await?;
    assert_eq!(lv.text("#server-name")?, "brisk-otter");
    Ok(())
}
