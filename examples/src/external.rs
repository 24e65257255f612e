//! `/upload-external`: the same limits as `/upload`, but the browser sends each file straight
//! to "object storage" (the gallery's own `PUT /storage/{object}`, see [`crate::storage`])
//! through a presigned URL and the `LocalStore` uploader of the gallery's hooks module; the
//! LiveView only hands out the URLs and, on submit, reads what was stored.

use crate::storage;
use liveview::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// An object the storage received, as listed after submit.
#[derive(Debug, Clone)]
struct Stored {
    name: String,
    size: usize,
    sha256: String,
}

/// The external upload page.
#[live_view]
#[derive(Debug, Default)]
pub struct ExternalUpload {
    uploaded: Vec<Stored>,
}

#[live_view]
impl ExternalUpload {
    async fn mount(socket: &mut Socket) -> Result<Self> {
        socket.allow_upload(
            UploadConfig::new("docs").reject([".exe"]).max_entries(3).max_file_size(5_000_000).external(|entry| {
                let object = storage::new_object();
                let url = storage::presign(&object, entry.size(), Duration::from_secs(600));
                json!({ "uploader": "LocalStore", "url": url, "object": object })
            }),
        );
        Ok(Self::default())
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("save")]
    fn save(&mut self, socket: &mut Socket) {
        let stored = socket.consume_uploaded_entries("docs", |entry| {
            let object = entry.meta().and_then(|m| m["object"].as_str()).unwrap_or_default();
            storage::take(object).map(|bytes| Stored {
                name: entry.name().to_owned(),
                size: bytes.len(),
                sha256: Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect(),
            })
        });
        self.uploaded.extend(stored.into_iter().flatten());
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let docs = socket.upload("docs");
        let errors = docs.error_messages();
        html! {
            <main>
                <h1>"Upload to object storage"</h1>
                <form id="external-form" phx-change="validate" phx-submit="save">
                    <input {docs.input()} />
                    <ul id="entries">
                        for e in docs.entries() {
                            <li class="entry"><span class="name">{e.name()}</span> " "
                                <progress value={e.progress()} max="100">{e.progress()}"%"</progress></li>
                        }
                    </ul>
                    <div id="upload-errors">for m in &errors { <p class="error">{m}</p> }</div>
                    <button id="external-submit" type="submit">"Upload"</button>
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
