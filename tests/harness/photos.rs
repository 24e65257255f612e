//! `/photos`: chosen images get a preview element before they are sent, are consumed into an
//! album of `data:` URLs that every viewer sees, and leave no file behind; files that are no
//! image are refused by their bytes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use liveview::test::{TestApp, TestError};
use std::path::{Path, PathBuf};

const INPUT: &str = "#photo-form input[type=file]";

/// A 2×2 red PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x00, 0x00, 0x72, 0xb6, 0x0d, 0x24, 0x00, 0x00, 0x00, 0x11, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x84, 0x19, 0x60, 0x0c, 0x00, 0x47, 0xca, 0x07,
    0xf9, 0x67, 0x59, 0x6e, 0xb7, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The smallest GIF.
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

/// A fresh upload directory for one test, so "no file left behind" can be checked by listing it.
fn upload_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lv-harness-photos-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Removes the test's upload directory, which must be empty by now (or was never made).
fn remove_empty(dir: &Path) -> Result<(), TestError> {
    match std::fs::remove_dir(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(TestError::Assertion(format!("upload directory not removed: {e}")))
        }
        _ => Ok(()),
    }
}

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

#[tokio::test]
async fn chosen_photos_are_previewed_then_consumed_into_an_album_every_viewer_sees() -> Result<(), TestError> {
    let dir = upload_dir("album");
    let app = TestApp::new(super::gallery().upload_dir(&dir))?;
    let mut ann = app.connect("/photos").await?;
    let mut bob = app.connect("/photos").await?;
    // The store is shared by every test of this process: a name of our own.
    let name = format!("Holiday {}", std::process::id());

    ann.change("#photo-form", &[("album[name]", &name)]).await?;
    ann.upload(INPUT, &[("dot.png", PNG), ("tiny.gif", GIF)]).await?;
    // Each entry has the preview image the client's hook fills from the local file.
    assert_eq!(ann.count("#entries li.entry"), 2);
    let upload_ref = ann.attr(INPUT, "data-phx-upload-ref")?.unwrap_or_default();
    for (i, file) in ["dot.png", "tiny.gif"].iter().enumerate() {
        let img = format!("#entries li.entry:nth-child({}) img.preview", i + 1);
        assert_eq!(ann.attr(&img, "data-phx-hook")?.as_deref(), Some("Phoenix.LiveImgPreview"));
        assert_eq!(ann.attr(&img, "data-phx-upload-ref")?.as_deref(), Some(upload_ref.as_str()));
        let entry = ann.attr(&img, "data-phx-entry-ref")?.unwrap_or_default();
        assert_eq!(ann.attr(&img, "id")?, Some(format!("phx-preview-{entry}")));
        assert_eq!(ann.attr(&img, "data-phx-update")?.as_deref(), Some("ignore"), "the client owns its src");
        assert_eq!(ann.text(&format!("#entries li.entry:nth-child({}) figcaption", i + 1))?, *file);
    }
    assert_eq!(files_in(&dir), 2, "stored while waiting for submit");

    ann.submit("#photo-form", &[]).await?;
    bob.sync().await?;
    assert_eq!(ann.count("#entries li"), 0, "consumed entries leave the list");
    assert_eq!(files_in(&dir), 0, "consumed files are removed");
    let png_url = format!("data:image/png;base64,{}", STANDARD.encode(PNG));
    let gif_url = format!("data:image/gif;base64,{}", STANDARD.encode(GIF));
    for lv in [&ann, &bob] {
        assert_eq!(lv.text("#albums li:first-child h3")?, name);
        assert_eq!(lv.attr("#albums li:first-child figure:nth-of-type(1) img", "src")?, Some(png_url.clone()));
        assert_eq!(lv.attr("#albums li:first-child figure:nth-of-type(2) img", "src")?, Some(gif_url.clone()));
        assert_eq!(lv.attr("#albums li:first-child figure:nth-of-type(2) img", "alt")?.as_deref(), Some("tiny.gif"));
    }
    assert_eq!(ann.attr("#album-name", "value")?.as_deref(), Some(""), "the form is cleared");

    let carl = app.connect("/photos").await?;
    assert_eq!(carl.text("#albums li:first-child h3")?, name, "a later viewer finds it in the store");
    remove_empty(&dir)?;
    Ok(())
}

#[tokio::test]
async fn a_file_that_is_no_image_is_refused_by_its_bytes_and_removed() -> Result<(), TestError> {
    let dir = upload_dir("fake");
    let app = TestApp::new(super::gallery().upload_dir(&dir))?;
    let mut lv = app.connect("/photos").await?;
    let albums = lv.count("#albums li");
    // Accepted by its extension, but its bytes are a script.
    lv.upload(INPUT, &[("fake.png", b"<svg onload=alert(1)>")]).await?;
    lv.submit("#photo-form", &[("album[name]", "Fakes")]).await?;
    assert_eq!(lv.text("#photo-errors")?, "fake.png: not a PNG, JPEG, GIF or WebP image");
    assert_eq!(lv.count("#albums li"), albums, "no album without a photo");
    assert_eq!(files_in(&dir), 0);
    remove_empty(&dir)?;
    Ok(())
}

#[tokio::test]
async fn three_photos_of_the_largest_size_make_one_album_for_every_viewer() -> Result<(), TestError> {
    let dir = upload_dir("cap");
    let app = TestApp::new(super::gallery().upload_dir(&dir))?;
    let mut ann = app.connect("/photos").await?;
    let mut bob = app.connect("/photos").await?;
    let mut at_cap = PNG.to_vec();
    at_cap.resize(256 * 1024, 7);
    let files: Vec<(&str, &[u8])> = vec![("a.png", &at_cap), ("b.png", &at_cap), ("c.png", &at_cap)];
    ann.upload(INPUT, &files).await?;
    assert!(!ann.has("#entries .error"), "{}", ann.text("#entries")?);
    let name = format!("Big {}", std::process::id());
    ann.submit("#photo-form", &[("album[name]", &name)]).await?;
    bob.sync().await?;
    let url = format!("data:image/png;base64,{}", STANDARD.encode(&at_cap));
    assert_eq!(bob.text("#albums li:first-child h3")?, name);
    assert_eq!(bob.count("#albums li:first-child img"), 3);
    assert_eq!(bob.attr("#albums li:first-child figure:nth-of-type(3) img", "src")?, Some(url));

    // One byte more is too large.
    at_cap.push(0);
    ann.upload(INPUT, &[("d.png", &at_cap)]).await?;
    assert_eq!(ann.text("#entries .error")?, "too large");
    remove_empty(&dir)?;
    Ok(())
}

#[tokio::test]
async fn the_server_refuses_big_files_other_types_and_a_fourth_photo() -> Result<(), TestError> {
    let dir = upload_dir("limits");
    let app = TestApp::new(super::gallery().upload_dir(&dir))?;
    let mut lv = app.connect("/photos").await?;
    let big = vec![0u8; 300 * 1024];
    lv.upload(INPUT, &[("big.png", &big), ("notes.txt", b"hi")]).await?;
    assert_eq!(lv.text("#entries li:nth-child(1) .error")?, "too large");
    assert_eq!(lv.text("#entries li:nth-child(2) .error")?, "not accepted");
    assert!(lv.has("#photo-submit[disabled]"));
    assert_eq!(files_in(&dir), 0, "nothing was uploaded");

    let mut lv = app.connect("/photos").await?;
    lv.upload(INPUT, &[("a.png", PNG), ("b.png", PNG), ("c.png", PNG), ("d.png", PNG)]).await?;
    assert_eq!(lv.text("#photo-errors")?, "too many files");
    assert_eq!(files_in(&dir), 0);

    // Nothing chosen: the submit says so; a blank name too.
    let mut lv = app.connect("/photos").await?;
    lv.submit("#photo-form", &[]).await?;
    assert_eq!(lv.text("#photo-errors")?, "choose at least one photo");
    assert_eq!(lv.text("#album-name-error")?, "can't be blank");
    remove_empty(&dir)?;
    Ok(())
}
