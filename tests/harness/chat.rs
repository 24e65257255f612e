//! `/chat`: drafts stay private, sent messages reach every viewer.

use liveview::test::{TestApp, TestError};

#[tokio::test]
async fn chat_messages_reach_every_viewer_and_drafts_stay_private() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut ann = app.connect("/chat").await?;
    let mut bob = app.connect("/chat").await?;
    let ann_name = ann.text("#me")?;
    assert!(ann_name.starts_with("guest-"), "{ann_name}");

    ann.change("#chat-form", &[("message", "hel")]).await?;
    assert_eq!(ann.attr("#chat-message", "value")?.as_deref(), Some("hel"));
    bob.sync().await?;
    assert!(!bob.has("#messages li"), "a draft is not sent");

    ann.submit("#chat-form", &[("message", "  hello  ")]).await?;
    bob.sync().await?;
    for lv in [&ann, &bob] {
        assert_eq!(lv.text("#messages li")?, format!("{ann_name}: hello"), "trimmed, from ann");
    }
    assert_eq!(ann.attr("#chat-message", "value")?.as_deref(), Some(""), "the draft is cleared");

    // A blank message is not sent.
    bob.submit("#chat-form", &[("message", "   ")]).await?;
    ann.sync().await?;
    assert_eq!(ann.count("#messages li"), 1);
    Ok(())
}
