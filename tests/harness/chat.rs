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

#[tokio::test]
async fn online_lists_each_connected_user_once_and_a_closed_tab_leaves() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut ann = app.connect("/chat").await?;
    ann.sync().await?; // the first presence diff: everyone here, ann included
    let ann_name = ann.text("#me")?;
    assert_eq!(ann.text("#online li")?, ann_name);

    let mut bob = app.connect("/chat").await?;
    bob.sync().await?;
    ann.sync().await?;
    let bob_name = bob.text("#me")?;
    let mut both = vec![ann_name.clone(), bob_name.clone()];
    both.sort();
    for lv in [&ann, &bob] {
        assert_eq!(lv.count("#online li"), 2, "{}", lv.html());
        let names: Vec<String> =
            (1..=2).map(|i| lv.text(&format!("#online li:nth-child({i})"))).collect::<Result<_, _>>()?;
        assert_eq!(names, both, "in name order");
    }

    // Bob closes his tab: his view stops and leaves, without any event of his own.
    drop(bob);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while ann.count("#online li") != 1 {
        assert!(tokio::time::Instant::now() < deadline, "bob still listed: {}", ann.html());
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        ann.sync().await?;
    }
    assert_eq!(ann.text("#online li")?, ann_name);
    Ok(())
}
