//! Upstream issue #2835: `test/e2e/support/issues/issue_2835.ex` + `tests/issues/2835.spec.js`.
//!
//! An auto-upload of at most two entries in Phoenix's `max_entries_mode: :total` (entries
//! already consumed count against the limit); each finished entry is consumed at once and
//! listed.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use liveview::upload::MaxEntriesMode;

/// Adds `/issues/2835` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue2835Live>("/issues/2835"));
}

/// `/issues/2835`: the names of the consumed files.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue2835Live {
    uploaded_files: Vec<String>,
}

/// The upload's progress report.
#[derive(Debug, serde::Deserialize)]
pub struct Progress {
    done: bool,
}

#[live_view]
impl Issue2835Live {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(
            UploadConfig::new("documents")
                .auto_upload(true)
                .max_entries(2)
                .max_entries_mode(MaxEntriesMode::Total)
                .progress_event("progress"),
        );
        Issue2835Live::default()
    }

    /// Upstream's `handle_progress`: a finished entry is consumed and listed.
    #[event("progress")]
    fn progress(&mut self, progress: Progress, socket: &mut Socket) {
        if progress.done {
            let names = socket.consume_uploaded_entries("documents", |e| e.name().to_owned());
            self.uploaded_files.extend(names);
        }
    }

    #[event("validate")]
    fn validate(&mut self) {}

    fn render(&self, socket: &Socket) -> Rendered {
        let documents = socket.upload("documents");
        html! {
            <form id="upload-form" phx-change="validate">
                <input {documents.input()} />
                for entry in documents.entries() {
                    <article class="upload-entry" data-name={entry.name()}>{entry.name()}": "{entry.progress()}"%"</article>
                }
                for error in documents.errors() {
                    <p class="upload-error">":"{error.as_str()}</p>
                }
            </form>
            <ul id="uploaded-files">
                for name in &self.uploaded_files {
                    <li>{name}</li>
                }
            </ul>
        }
    }
}
