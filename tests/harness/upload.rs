//! `/upload` through the harness's `upload` helper: preflight, upload channels and chunks as
//! the client sends them; the files stored, hashed from the stored bytes, and removed.

use liveview::test::{LiveTest, TestError};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// A fresh upload directory for one test, so "no file left behind" can be checked by listing it.
fn upload_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lv-harness-upload-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn files_in(dir: &PathBuf) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

const INPUT: &str = "#upload-form input[type=file]";

#[tokio::test]
async fn uploaded_files_are_stored_byte_exact_consumed_on_submit_and_removed() -> Result<(), TestError> {
    let dir = upload_dir("consume");
    let mut lv = LiveTest::connect(super::gallery().upload_dir(&dir), "/upload").await?;
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 31 % 251) as u8).collect();
    lv.upload(INPUT, &[("big.bin", &big), ("notes.txt", b"hello uploads")]).await?;
    assert_eq!(lv.count("li.entry"), 2);
    assert_eq!(lv.attr("li.entry progress", "value")?.as_deref(), Some("100"));
    assert_eq!(files_in(&dir).len(), 2, "both stored while waiting for submit");
    let input = lv.attr(INPUT, "data-phx-done-refs")?.unwrap_or_default();
    assert_eq!(input.split(',').count(), 2, "both done: {input}");
    lv.submit("#upload-form", &[]).await?;
    assert_eq!(lv.count("li.entry"), 0, "consumed entries leave the list");
    assert_eq!(lv.attr("li.uploaded[data-name='big.bin']", "data-size")?.as_deref(), Some("300000"));
    assert_eq!(lv.attr("li.uploaded[data-name='big.bin']", "data-sha256")?, Some(sha256_hex(&big)));
    assert_eq!(lv.attr("li.uploaded[data-name='notes.txt']", "data-sha256")?, Some(sha256_hex(b"hello uploads")));
    assert_eq!(files_in(&dir), Vec::<String>::new(), "consumed files are removed");
    Ok(())
}

#[tokio::test]
async fn selections_over_the_limits_show_their_errors_and_upload_nothing() -> Result<(), TestError> {
    let dir = upload_dir("limits");
    let mut lv = LiveTest::connect(super::gallery().upload_dir(&dir), "/upload").await?;
    let six_mb = vec![7u8; 6_000_000];
    lv.upload(INPUT, &[("huge.bin", &six_mb), ("setup.exe", b"MZ")]).await?;
    let errors = lv.text("#upload-errors")?;
    assert!(errors.contains("huge.bin: too large"), "{errors}");
    assert!(errors.contains("setup.exe: not accepted"), "{errors}");
    assert_ne!(lv.attr(INPUT, "data-phx-error-refs")?.as_deref(), Some(""));
    lv.submit("#upload-form", &[]).await?;
    assert_eq!(lv.count("li.uploaded"), 0);
    assert_eq!(files_in(&dir), Vec::<String>::new());

    let mut lv = LiveTest::connect(super::gallery().upload_dir(&dir), "/upload").await?;
    let four: Vec<(&str, &[u8])> = vec![("a.txt", b"a"), ("b.txt", b"b"), ("c.txt", b"c"), ("d.txt", b"d")];
    lv.upload(INPUT, &four).await?;
    assert!(lv.text("#upload-errors")?.contains("too many"), "{}", lv.text("#upload-errors")?);
    assert_eq!(files_in(&dir), Vec::<String>::new(), "nothing was uploaded");
    Ok(())
}

#[tokio::test]
async fn a_cancelled_entry_leaves_the_list_and_its_file_is_deleted() -> Result<(), TestError> {
    let dir = upload_dir("cancel");
    let mut lv = LiveTest::connect(super::gallery().upload_dir(&dir), "/upload").await?;
    lv.upload(INPUT, &[("a.txt", b"first"), ("b.txt", b"second")]).await?;
    assert_eq!(files_in(&dir).len(), 2);
    lv.click("li.entry button").await?;
    assert_eq!(lv.count("li.entry"), 1);
    assert_eq!(files_in(&dir).len(), 1, "the cancelled entry's file is gone");
    lv.submit("#upload-form", &[]).await?;
    assert_eq!(lv.count("li.uploaded"), 1);
    assert_eq!(lv.attr("li.uploaded", "data-name")?.as_deref(), Some("b.txt"));
    assert_eq!(files_in(&dir), Vec::<String>::new());
    Ok(())
}

/// A view whose upload reports progress to its own handler.
#[liveview::live_view]
#[derive(Default)]
pub(crate) struct Progressing {
    reports: Vec<String>,
}

#[derive(serde::Deserialize)]
pub(crate) struct Report {
    name: String,
    #[serde(rename = "ref")]
    entry: String,
    progress: u8,
    done: bool,
}

#[liveview::live_view]
impl Progressing {
    async fn mount(socket: &mut liveview::Socket) -> liveview::Result<Self> {
        socket.allow_upload(
            liveview::upload::UploadConfig::new("doc").chunk_size(10).auto_upload(true).progress_event("uploading"),
        );
        Ok(Self::default())
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("uploading")]
    fn uploading(&mut self, r: Report) {
        self.reports.push(format!("{} {} {} {}", r.name, r.entry.is_empty(), r.progress, r.done));
    }

    fn render(&self, socket: &liveview::Socket) -> liveview::Rendered {
        let doc = socket.upload("doc");
        liveview::html! {
            <form id="f" phx-change="validate"><input {doc.input()} /></form>
            <ol id="reports">for r in &self.reports { <li>{r}</li> }</ol>
        }
    }
}

#[tokio::test]
async fn the_progress_event_runs_the_views_handler_with_the_servers_count() -> Result<(), TestError> {
    let dir = upload_dir("progress");
    let router = liveview::LiveRouter::new().live::<Progressing>("/").upload_dir(&dir);
    let mut lv = LiveTest::connect(router, "/").await?;
    assert!(lv.has("input[data-phx-auto-upload]"));
    assert!(!lv.has("input[multiple]"), "one entry: no multiple");
    lv.upload("#f input", &[("a.txt", b"0123456789012345678901234")]).await?;
    assert_eq!(lv.text("#reports")?, "doc false 40 falsedoc false 80 falsedoc false 100 true");
    Ok(())
}

/// A view that keeps its uploads: `save` moves each file next to the upload directory.
#[liveview::live_view]
#[derive(Default)]
pub(crate) struct Keeper {
    kept: Vec<String>,
}

#[liveview::live_view]
impl Keeper {
    async fn mount(socket: &mut liveview::Socket) -> liveview::Result<Self> {
        socket.allow_upload(liveview::upload::UploadConfig::new("f").max_entries(2));
        Ok(Self::default())
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("save")]
    fn save(&mut self, socket: &mut liveview::Socket) {
        let kept = socket.consume_uploaded_entries("f", |e| {
            let path = e.path()?;
            let to = path.parent()?.with_file_name(format!("kept-{}", e.name()));
            std::fs::rename(path, &to).ok()?;
            Some(to.display().to_string())
        });
        self.kept.extend(kept.into_iter().flatten());
    }

    fn render(&self, socket: &liveview::Socket) -> liveview::Rendered {
        let f = socket.upload("f");
        liveview::html! {
            <form id="f" phx-change="validate" phx-submit="save"><input {f.input()} /></form>
            <ul>for k in &self.kept { <li class="kept">{k}</li> }</ul>
        }
    }
}

#[tokio::test]
async fn a_file_moved_away_while_consumed_is_the_users_to_keep() -> Result<(), TestError> {
    let dir = upload_dir("keep");
    let router = liveview::LiveRouter::new().live::<Keeper>("/").upload_dir(&dir);
    let mut lv = LiveTest::connect(router, "/").await?;
    let name = format!("k{}.txt", std::process::id());
    lv.upload("#f input", &[(name.as_str(), b"keep me")]).await?;
    lv.submit("#f", &[]).await?;
    let kept = PathBuf::from(lv.text("li.kept")?);
    assert_eq!(std::fs::read(&kept).ok().as_deref(), Some(&b"keep me"[..]), "moved, not deleted");
    assert_eq!(files_in(&dir), Vec::<String>::new(), "nothing left in the upload directory");
    let _ = std::fs::remove_file(&kept);
    Ok(())
}

/// The conformance app's `/issues/4368`: a custom writer that refuses the chunk `error`.
#[tokio::test]
async fn a_writer_refusal_shows_on_its_entry_while_the_other_file_is_consumed() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(liveview_examples::conformance::router(), "/issues/4368").await?;
    lv.upload("#upload-form input[type='file']", &[("good.pdf", b"0000000000"), ("bad.pdf", b"00000error")]).await?;
    assert_eq!(lv.text("#consumed")?, "consumed: good.pdf");
    assert_eq!(lv.text(".upload-entry[data-name='bad.pdf'] .upload-error")?, "{:writer_failure, :invalid_pdf}");
    assert_eq!(lv.count(".upload-entry"), 1, "the failed entry stays until cancelled");
    lv.click(".upload-entry[data-name='bad.pdf'] button").await?;
    assert_eq!(lv.count(".upload-entry"), 0);
    lv.submit("#upload-form", &[]).await?;
    assert_eq!(lv.text("#submitted")?, "submitted: true");
    Ok(())
}
