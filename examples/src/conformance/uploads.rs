//! Upstream group `uploads` (`test/e2e/support/upload_live.ex`, `tests/uploads.spec.js`):
//! `/upload` in live_session `default` ([`UploadLive`]), and `GET /tmp/lvupload/{file}`, which
//! serves the files it saved.
//!
//! One upload, `avatar`: `.txt` and `.md` files, two at most. `?auto_upload=1` uploads on
//! selection; `?external_upload=1` also hands each entry to the layout's `TestExternal`
//! uploader instead of the socket. The form's input, a drop target (`#drop-target`, with an
//! inner child the drag crosses), one `<article>` per entry (preview, name, progress, a cancel
//! button, the entry's errors), the upload's own errors and, after submit, a link per saved
//! file: each consumed file is copied to `<temp dir>/lvupload/` and linked as
//! `/tmp/lvupload/<name>` (upstream serves the temp dir at `/tmp`). A "Replace view" link
//! navigates to `/upload?replaced=1`, which mounts a fresh view.

use super::routes::Routes;
use axum::extract::Path as UrlPath;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liveview::prelude::*;
use liveview::upload::UploadError;
use serde_json::json;
use std::path::PathBuf;

/// Adds `/upload` to live_session `default` and the saved files' route.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<UploadLive>("/upload"));
    r.http(|app| app.route("/tmp/lvupload/{file}", axum::routing::get(saved_file)));
}

/// Where consumed files are copied (upstream: `System.tmp_dir!() <> "/lvupload"`).
fn save_dir() -> PathBuf {
    std::env::temp_dir().join("lvupload")
}

/// `GET /tmp/lvupload/{file}`: a saved file, as bytes (no type: the browser downloads it, as it
/// does upstream's extension-less temp files).
async fn saved_file(UrlPath(file): UrlPath<String>) -> Response {
    let plain = !file.is_empty() && file.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain || file.starts_with('.') {
        return StatusCode::NOT_FOUND.into_response();
    }
    match std::fs::read(save_dir().join(&file)) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The page's wording of an upload error (upstream's `error_to_string`).
fn error_to_string(error: &UploadError) -> String {
    match error {
        UploadError::TooLarge => "Too large".to_owned(),
        UploadError::TooManyFiles => "You have selected too many files".to_owned(),
        UploadError::NotAccepted => "You have selected an unacceptable file type".to_owned(),
        other => other.as_str().to_owned(),
    }
}

/// The upload's configuration: `.txt` and `.md`, two files at most.
fn avatar() -> UploadConfig {
    UploadConfig::new("avatar").accept([".txt", ".md"]).max_entries(2)
}

/// `phx-value-ref` of a cancel button.
#[derive(Debug, serde::Deserialize)]
pub struct Cancel {
    #[serde(rename = "ref")]
    entry_ref: String,
}

/// `/upload`.
#[live_view]
#[derive(Debug, Default)]
pub struct UploadLive {
    /// Links of the saved files (`/tmp/lvupload/<name>`).
    uploaded_files: Vec<String>,
}

#[live_view]
impl UploadLive {
    async fn mount(socket: &mut Socket) -> Result<Self> {
        socket.allow_upload(avatar());
        Ok(Self::default())
    }

    async fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> Result<()> {
        if params.get("auto_upload").is_some() {
            socket.allow_upload(avatar().auto_upload(true));
        } else if params.get("external_upload").is_some() {
            socket.allow_upload(avatar().auto_upload(true).external(|_| json!({"uploader": "TestExternal"})));
        }
        Ok(())
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("cancel-upload")]
    fn cancel_upload(&mut self, cancel: Cancel, socket: &mut Socket) {
        socket.cancel_upload("avatar", &cancel.entry_ref);
    }

    #[event("save")]
    fn save(&mut self, socket: &mut Socket) -> Result<()> {
        let dir = save_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::msg(format!("cannot create {}: {e}", dir.display())))?;
        let saved = socket.consume_uploaded_entries("avatar", |entry| -> std::io::Result<String> {
            let path = entry.path().ok_or_else(|| std::io::Error::other("an external entry has no file"))?;
            let name = path.file_name().ok_or_else(|| std::io::Error::other("a temp file without a name"))?;
            std::fs::copy(path, dir.join(name))?;
            Ok(format!("/tmp/lvupload/{}", name.to_string_lossy()))
        });
        for link in saved {
            self.uploaded_files.push(link.map_err(|e| Error::msg(format!("cannot save an upload: {e}")))?);
        }
        Ok(())
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let avatar = socket.upload("avatar");
        let upload_errors = avatar.errors();
        html! {
            <style>{liveview::raw(STYLE)}</style>
            <a {Link::navigate("/upload?replaced=1")}>"Replace view"</a>
            <form id="upload-form" phx-submit="save" phx-change="validate">
                <input {avatar.input()}>
                <button type="submit">"Upload"</button>
                <section id="drop-target" phx-drop-target={avatar.config_ref()}>
                    <div id="drop-target-inner">
                        <strong>"Inner drop target child"</strong>
                        <span>"Drag a file across the outer padding and this inner element."</span>
                    </div>
                    for entry in avatar.entries() {
                        <article class="upload-entry">
                            <figure>
                                <img {avatar.preview(entry)} style="width: 500px">
                                <figcaption>{entry.name()}</figcaption>
                            </figure>
                            <progress value={entry.progress()} max="100">{entry.progress()}"%"</progress>
                            <button type="button" phx-click="cancel-upload" phx-value-ref={entry.entry_ref()} aria-label="cancel">"×"</button>
                            for error in entry.errors() {
                                <p class="alert alert-danger">{error_to_string(error)}</p>
                            }
                        </article>
                    }
                    for error in &upload_errors {
                        <p class="alert alert-danger">{error_to_string(error)}</p>
                    }
                </section>
                <ul>
                    for file in &self.uploaded_files {
                        <li><a href={file}>{file.rsplit('/').next().unwrap_or_default()}</a></li>
                    }
                </ul>
            </form>
        }
    }
}

/// The drop target's look, and its look while a drag is over it.
const STYLE: &str = "
#drop-target { box-sizing: border-box; min-height: 260px; margin: 1rem 0; padding: 2rem; border: 4px dashed #475569; background: #e2e8f0; transition: background 150ms ease, border-color 150ms ease; }
#drop-target.phx-drop-target-active { border-color: #15803d; background: #bbf7d0; }
#drop-target-inner { min-height: 140px; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 0.5rem; border: 2px solid #94a3b8; background: white; }
#drop-target.phx-drop-target-active #drop-target-inner { border-color: #16a34a; background: #f0fdf4; }
";
