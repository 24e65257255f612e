//! `/volunteers`: errors per field once the field is used, a sign-up and a check-out reaching
//! every viewer through pubsub.

use liveview::test::{TestApp, TestError};

const FORM: &str = "#volunteer-form";

#[tokio::test]
async fn errors_show_per_used_field_and_go_when_fixed() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut lv = app.connect("/volunteers").await?;
    assert!(!lv.has(".error"), "nothing typed, nothing shown");

    lv.change(FORM, &[("volunteer[name]", "A")]).await?;
    assert_eq!(lv.text("#volunteer-name-error")?, "should be at least 2 characters");
    assert_eq!(lv.attr("#volunteer-name", "aria-invalid")?.as_deref(), Some("true"));
    assert!(!lv.has("#volunteer-phone-error"), "the phone is not used yet, so its error waits");

    lv.change(FORM, &[("volunteer[phone]", "555-12")]).await?;
    assert_eq!(lv.text("#volunteer-phone-error")?, "should be a phone number like 555-123-4567");
    assert!(lv.has("#volunteer-name-error"));

    lv.change(FORM, &[("volunteer[name]", "Ada")]).await?;
    assert!(!lv.has("#volunteer-name-error"));
    assert_eq!(lv.attr("#volunteer-name", "aria-invalid")?, None);
    lv.change(FORM, &[("volunteer[phone]", "555.123.4567")]).await?;
    assert!(!lv.has(".error"), "{}", lv.html());
    Ok(())
}

#[tokio::test]
async fn an_invalid_submit_shows_every_error_and_adds_no_one() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut lv = app.connect("/volunteers").await?;
    let before = lv.count("#volunteers li");
    lv.submit(FORM, &[("volunteer[name]", "Bo"), ("volunteer[phone]", "call me")]).await?;
    assert!(!lv.has("#volunteer-name-error"), "Bo is a valid name");
    assert!(lv.has("#volunteer-phone-error"));
    lv.submit(FORM, &[("volunteer[name]", ""), ("volunteer[phone]", "")]).await?;
    assert_eq!(lv.text("#volunteer-name-error")?, "can't be blank");
    assert_eq!(lv.text("#volunteer-phone-error")?, "can't be blank");
    assert_eq!(lv.count("#volunteers li"), before);
    Ok(())
}

#[tokio::test]
async fn a_sign_up_and_a_check_out_reach_every_viewer() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut ann = app.connect("/volunteers").await?;
    let mut bob = app.connect("/volunteers").await?;
    // The store is shared by every test of this process: a name of our own.
    let name = format!("Grace {}", std::process::id());

    ann.change(FORM, &[("volunteer[name]", &name)]).await?;
    bob.sync().await?;
    assert!(!bob.text("#volunteers")?.contains(&name), "typing is not signing up");

    ann.submit(FORM, &[("volunteer[phone]", "555 123 4567")]).await?;
    bob.sync().await?;
    for lv in [&ann, &bob] {
        assert_eq!(lv.text("#volunteers li:first-child .name")?, name);
        assert_eq!(lv.text("#volunteers li:first-child .status")?, "checked in");
    }
    assert_eq!(ann.attr("#volunteer-name", "value")?.as_deref(), Some(""), "the form is cleared");
    assert_eq!(ann.attr("#volunteer-phone", "value")?.as_deref(), Some(""));
    assert!(!ann.has(".error"), "a cleared form shows no error");

    let row = ann.attr("#volunteers li:first-child", "id")?.unwrap_or_default();
    bob.click(&format!("#{row}-toggle")).await?;
    ann.sync().await?;
    for lv in [&ann, &bob] {
        assert_eq!(lv.text(&format!("#{row} .status"))?, "checked out");
        assert_eq!(lv.text(&format!("#{row}-toggle"))?, "Check in");
        assert_eq!(lv.attr(&format!("#{row}"), "class")?.as_deref(), Some("volunteer out"));
    }

    // Someone arriving later sees the list as it is now.
    let carl = app.connect("/volunteers").await?;
    assert_eq!(carl.text(&format!("#{row} .status"))?, "checked out");
    assert_eq!(carl.text(&format!("#{row} .name"))?, name);
    Ok(())
}
