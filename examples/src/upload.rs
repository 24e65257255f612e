//! `/upload`: files sent over the socket in chunks, with limits the server enforces (any type
//! but `.exe`, at most 3 files of at most 5,000,000 bytes), progress, cancel, and on submit the
//! size and SHA-256 of each stored file, computed from the bytes the server received.

use liveview::prelude::*;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::io::Read;

/// A file the server stored and consumed.
#[derive(Debug, Clone)]
pub struct Stored {
    name: String,
    size: u64,
    sha256: String,
}

/// `phx-value-ref` of a cancel button.
#[derive(Debug, Deserialize)]
pub struct CancelParams {
    #[serde(rename = "ref")]
    entry_ref: String,
}

/// The upload page.
#[live_view]
#[derive(Debug, Default)]
pub struct Upload {
    uploaded: Vec<Stored>,
}

/// Streams a stored file through SHA-256 (never all of it in memory).
fn digest(path: &std::path::Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    let hex = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((size, hex))
}

#[live_view]
impl Upload {
    async fn mount(socket: &mut Socket) -> Result<Self> {
        socket.allow_upload(
            UploadConfig::new("files").reject([".exe"]).max_entries(3).max_file_size(5_000_000).chunk_size(64 * 1024),
        );
        Ok(Self::default())
    }

    /// Selection changes: the entries are registered and checked before this runs.
    #[event("validate")]
    fn validate(&mut self) {}

    #[event("cancel-upload")]
    fn cancel(&mut self, p: CancelParams, socket: &mut Socket) {
        socket.cancel_upload("files", &p.entry_ref);
    }

    #[event("save")]
    fn save(&mut self, socket: &mut Socket) {
        let stored = socket.consume_uploaded_entries("files", |entry| {
            let path = entry.path().ok_or_else(|| std::io::Error::other("not stored on this server"))?;
            digest(path).map(|(size, sha256)| Stored { name: entry.name().to_owned(), size, sha256 })
        });
        for s in stored {
            match s {
                Ok(s) => self.uploaded.push(s),
                Err(e) => tracing::warn!(error = %e, "an uploaded file could not be read"),
            }
        }
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let files = socket.upload("files");
        let errors = files.error_messages();
        html! {
            <main>
                <h1>"Upload"</h1>
                <form id="upload-form" phx-change="validate" phx-submit="save">
                    <input {files.input()} />
                    <ul id="entries">
                        for e in files.entries() {
                            <li class="entry" data-ref={e.entry_ref()}>
                                <span class="name">{e.name()}</span>
                                " "
                                <progress value={e.progress()} max="100">{e.progress()}"%"</progress>
                                <button type="button" phx-click="cancel-upload" phx-value-ref={e.entry_ref()}>"Cancel"</button>
                            </li>
                        }
                    </ul>
                    <div id="upload-errors">
                        for msg in &errors {
                            <p class="error">{msg}</p>
                        }
                    </div>
                    <button id="upload-submit" type="submit">"Upload"</button>
                </form>
                <ul id="uploaded">
                    for s in &self.uploaded {
                        <li class="uploaded" data-name={&s.name} data-size={s.size} data-sha256={&s.sha256}>{&s.name}</li>
                    }
                </ul>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

/// `/upload-large`: one file of up to 64 MiB, for the upload throughput benchmark
/// (`lvbench --scenario upload`); consuming only records the stored size.
#[live_view]
#[derive(Debug, Default)]
pub struct LargeUpload {
    stored: Vec<u64>,
}

#[live_view]
impl LargeUpload {
    async fn mount(socket: &mut Socket) -> Result<Self> {
        socket.allow_upload(UploadConfig::new("file").max_file_size(64 << 20).chunk_size(64 * 1024));
        Ok(Self::default())
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("save")]
    fn save(&mut self, socket: &mut Socket) {
        let sizes = socket.consume_uploaded_entries("file", |entry| entry.size());
        self.stored.extend(sizes);
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let file = socket.upload("file");
        html! {
            <form id="large-form" phx-change="validate" phx-submit="save">
                <input {file.input()} />
                for e in file.entries() { <p class="entry">{e.name()} " " {e.progress()} "%"</p> }
                <button type="submit">"Upload"</button>
            </form>
            <ul id="stored">for s in &self.stored { <li>{*s}</li> }</ul>
        }
    }
}
