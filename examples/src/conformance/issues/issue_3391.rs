//! Upstream issue #3391: `test/e2e/support/issues/issue_3391.ex` + `tests/issues/3391.spec.js`.
//!
//! An auto-upload accepting `.txt` only: selecting an HTML file makes an invalid entry; a
//! submit then must be cancelled without leaving the form locked, the entry can be cancelled,
//! and a valid file uploads (consumed as soon as it is done) and submits.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3391` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3391Live>("/issues/3391"));
}

/// `/issues/3391`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3391Live {
    submitted: bool,
    uploaded: bool,
}

/// The upload's progress report.
#[derive(Debug, serde::Deserialize)]
pub struct Progress {
    done: bool,
}

/// `cancel`'s payload.
#[derive(Debug, serde::Deserialize)]
pub struct Cancel {
    #[serde(rename = "ref")]
    entry: String,
}

#[live_view]
impl Issue3391Live {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(
            UploadConfig::new("document").accept([".txt"]).auto_upload(true).max_entries(1).progress_event("progress"),
        );
        Issue3391Live::default()
    }

    /// Upstream's `handle_progress`: a finished entry is consumed at once.
    #[event("progress")]
    fn progress(&mut self, progress: Progress, socket: &mut Socket) {
        if progress.done {
            socket.consume_uploaded_entries("document", |_| ());
            self.uploaded = true;
        }
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("cancel")]
    fn cancel(&mut self, cancel: Cancel, socket: &mut Socket) {
        socket.cancel_upload("document", &cancel.entry);
    }

    #[event("submit")]
    fn submit(&mut self) {
        self.submitted = true;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let document = socket.upload("document");
        html! {
            <form id="upload-form" phx-change="validate" phx-submit="submit">
                <input {document.input()} />
                <button type="submit">"Submit"</button>
                for entry in document.entries() {
                    <article class="upload-entry">
                        <span>{entry.name()}": "{entry.progress()}"%"</span>
                        <button type="button" phx-click="cancel" phx-value-ref={entry.entry_ref()}>"Cancel"</button>
                        for error in entry.errors() {
                            <p class="upload-error">":"{error.as_str()}</p>
                        }
                    </article>
                }
            </form>
            <p id="uploaded">"uploaded: "{self.uploaded.to_string()}</p>
            <p id="submitted">"submitted: "{self.submitted.to_string()}</p>
        }
    }
}
