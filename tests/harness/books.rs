//! `/books`: a validated form adds books; additions, check-outs and returns reach every viewer
//! through pubsub.

use liveview::test::{TestApp, TestError};

const FORM: &str = "#book-form";

#[tokio::test]
async fn each_fields_error_shows_once_it_is_used_and_an_invalid_book_is_not_added() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut lv = app.connect("/books").await?;
    assert!(!lv.has(".error"));

    lv.change(FORM, &[("book[title]", "X")]).await?;
    assert_eq!(lv.text("#book-title-error")?, "should be at least 2 characters");
    assert!(!lv.has("#book-author-error"), "the author is not used yet");
    lv.change(FORM, &[("book[author]", "Ann")]).await?;
    assert_eq!(lv.text("#book-author-error")?, "should be at least 4 characters");
    lv.change(FORM, &[("book[title]", "Xi")]).await?;
    assert!(!lv.has("#book-title-error"));
    assert!(lv.has("#book-author-error"));

    let before = lv.count("#books li");
    lv.submit(FORM, &[]).await?;
    assert_eq!(lv.count("#books li"), before, "Ann is too short an author");
    assert_eq!(lv.attr("#book-title", "value")?.as_deref(), Some("Xi"), "an invalid form keeps its input");
    Ok(())
}

#[tokio::test]
async fn a_new_book_and_its_checkout_reach_every_viewer() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut ann = app.connect("/books").await?;
    let mut bob = app.connect("/books").await?;
    // The store is shared by every test of this process: a title of our own.
    let title = format!("Dune {}", std::process::id());

    ann.submit(FORM, &[("book[title]", &title), ("book[author]", "Frank Herbert")]).await?;
    bob.sync().await?;
    let row = ann.attr("#books li:last-child", "id")?.unwrap_or_default();
    for lv in [&ann, &bob] {
        assert_eq!(lv.text(&format!("#{row} .title"))?, title);
        assert_eq!(lv.text(&format!("#{row} .author"))?, "Frank Herbert");
        assert_eq!(lv.text(&format!("#{row} .status"))?, "📚 available");
    }
    assert_eq!(ann.attr("#book-title", "value")?.as_deref(), Some(""), "the form is cleared");
    assert!(!ann.has("#no-books"));

    bob.click(&format!("#{row}-toggle")).await?;
    ann.sync().await?;
    for lv in [&ann, &bob] {
        assert_eq!(lv.text(&format!("#{row} .status"))?, "📖 checked out");
        assert_eq!(lv.text(&format!("#{row}-toggle"))?, "Return");
    }
    ann.click(&format!("#{row}-toggle")).await?;
    bob.sync().await?;
    assert_eq!(bob.text(&format!("#{row} .status"))?, "📚 available");

    let carl = app.connect("/books").await?;
    assert_eq!(carl.text(&format!("#{row} .title"))?, title, "a later viewer finds it in the store");
    Ok(())
}
