//! Upstream issue #3319: `test/e2e/support/issues/issue_3319.ex` + `tests/issues/3319.spec.js`.
//!
//! A `required` file input with two entries: the form can be submitted (the client must not
//! consider the input empty once its files are registered).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3319` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3319Live>("/issues/3319"));
}

/// `/issues/3319`: the names of the submitted files.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3319Live {
    submitted: Vec<String>,
}

#[live_view]
impl Issue3319Live {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(UploadConfig::new("documents").max_entries(2));
        Issue3319Live::default()
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("submit")]
    fn submit(&mut self, socket: &mut Socket) {
        self.submitted = socket.consume_uploaded_entries("documents", |e| e.name().to_owned());
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let documents = socket.upload("documents");
        html! {
            <form id="upload-form" phx-change="validate" phx-submit="submit">
                <input {documents.input()} required />
                <button type="submit">"Submit"</button>
                for entry in documents.entries() {
                    <p class="upload-entry">{entry.name()}</p>
                }
            </form>
            <p id="submitted">{self.submitted.join(",")}</p>
        }
    }
}
