//! `/form`: validate on change, save on submit.

use liveview::test::{LiveTest, TestError};

#[tokio::test]
async fn form_greets_while_typing_and_saves_on_submit() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/form").await?;
    assert_eq!(lv.text("#greeting")?, "");
    lv.change("#user-form", &[("user[name]", "Ann")]).await?;
    assert_eq!(lv.text("#greeting")?, "Hello, Ann!");
    assert_eq!(lv.attr("#user-name", "value")?.as_deref(), Some("Ann"), "the input shows the server's value");
    assert_eq!(lv.text("#saved")?, "", "changing does not save");
    // The form's current input (Ann, from the server) is what a plain submit sends.
    lv.submit("#user-form", &[]).await?;
    assert_eq!(lv.text("#saved")?, "Saved Ann");
    lv.submit("#user-form", &[("user[name]", "<Bob>")]).await?;
    assert_eq!(lv.text("#saved")?, "Saved <Bob>");
    assert!(lv.html().contains("Saved &lt;Bob&gt;"), "escaped on the way: {}", lv.html());
    Ok(())
}
