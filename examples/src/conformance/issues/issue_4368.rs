//! Upstream issue #4368: `test/e2e/support/issues/issue_4368.ex` + `tests/issues/4368.spec.js`.
//!
//! `/issues/4368`: an auto-upload of up to two files in 5-byte chunks, whose entries are
//! consumed as soon as they are done; upstream stores them with a custom upload writer that
//! fails on the chunk `error` (`{:error, :invalid_pdf}`, shown as `{:writer_failure,
//! :invalid_pdf}`) and takes 500 ms over the chunk `delay`. A failed entry must stay visible
//! (and block nothing) until cancelled.
//!
//! Ours: the same writer as an [`UploadWriter`], shown the same way.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use liveview::upload::{UploadError, UploadWriter, WriterClose};
use std::time::Duration;

/// Adds `/issues/4368` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<WriterLive>("/issues/4368"));
}

/// A progress report of the upload (`progress_event`).
#[derive(Debug, serde::Deserialize)]
pub struct Progress {
    done: bool,
}

/// The `phx-value-ref` of an entry's cancel button.
#[derive(Debug, serde::Deserialize)]
pub struct Cancel {
    #[serde(rename = "ref")]
    entry: String,
}

/// `/issues/4368`.
#[live_view]
#[derive(Debug, Default)]
pub struct WriterLive {
    consumed: Vec<String>,
    submitted: bool,
}

/// Upstream's writer: refuses the chunk `error`, takes 500 ms over the chunk `delay`.
#[derive(Debug)]
pub struct Writer {
    name: String,
}

impl UploadWriter for Writer {
    async fn write_chunk(&mut self, chunk: &[u8]) -> Result<(), String> {
        match chunk {
            b"error" => Err("invalid_pdf".to_owned()),
            b"delay" => {
                tokio::time::sleep(Duration::from_millis(500)).await;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    async fn close(&mut self, _why: WriterClose) -> Result<(), String> {
        Ok(())
    }

    fn meta(&self) -> serde_json::Value {
        serde_json::json!({ "name": self.name })
    }
}

/// An entry error as Elixir's `inspect` shows upstream's error terms.
fn inspect_error(error: &UploadError) -> String {
    match error {
        UploadError::Writer(why) => format!("{{:writer_failure, :{why}}}"),
        other => format!(":{}", other.as_str()),
    }
}

#[live_view]
impl WriterLive {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(
            UploadConfig::new("documents")
                .auto_upload(true)
                .chunk_size(5)
                .max_entries(2)
                .progress_event("progress")
                .writer(|entry| Writer { name: entry.name().to_owned() }),
        );
        WriterLive::default()
    }

    /// Upstream's `handle_progress`: a done entry is consumed at once.
    #[event("progress")]
    fn progress(&mut self, progress: Progress, socket: &mut Socket) {
        if progress.done {
            let names = socket.consume_uploaded_entries("documents", |e| e.name().to_owned());
            for name in names.into_iter().rev() {
                self.consumed.insert(0, name);
            }
        }
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("cancel")]
    fn cancel(&mut self, cancel: Cancel, socket: &mut Socket) {
        socket.cancel_upload("documents", &cancel.entry);
    }

    #[event("submit")]
    fn submit(&mut self) {
        self.submitted = true;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let documents = socket.upload("documents");
        html! {
            <div id="issue-4368">
                <form id="upload-form" phx-change="validate" phx-submit="submit">
                    <input {documents.input()}>
                    <button type="submit">"Submit"</button>
                </form>
                <p id="submitted">"submitted: " {if self.submitted { "true" } else { "false" }}</p>
                <p id="consumed">"consumed: " {self.consumed.join(",")}</p>
                for entry in documents.entries() {
                    <article class="upload-entry" data-name={entry.name()}>
                        <span>{entry.name()} ": " {entry.progress()} "%"</span>
                        <button type="button" phx-click="cancel" phx-value-ref={entry.entry_ref()}>"Cancel"</button>
                        for error in entry.errors() {
                            <p class="upload-error">{inspect_error(error)}</p>
                        }
                    </article>
                }
            </div>
        }
    }
}
