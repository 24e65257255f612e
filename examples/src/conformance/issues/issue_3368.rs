//! Upstream issue #3368: `test/e2e/support/issues/issue_3368.ex` + `tests/issues/3368.spec.js`.
//!
//! A live component with an upload of one image and a drop zone: dropping two files shows
//! `:too_many_files`; dropping one file afterwards replaces the entries and clears the error.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3368` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3368Live>("/issues/3368"));
}

/// `/issues/3368`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3368Live;

#[live_view]
impl Issue3368Live {
    fn render(&self) -> Rendered {
        html! { {live_component::<UploadComponent>("uploader", ())} }
    }
}

/// The uploader.
#[live_component]
#[derive(Debug, Default)]
pub struct UploadComponent {
    saved_files: Vec<String>,
}

#[live_component]
impl UploadComponent {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(UploadConfig::new("file").accept([".jpg", ".jpeg", ".png", ".gif"]).max_entries(1));
        UploadComponent::default()
    }

    fn update(&mut self, _: ()) {}

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("save")]
    fn save(&mut self, socket: &mut Socket) {
        self.saved_files = socket.consume_uploaded_entries("file", |e| e.name().to_owned());
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let file = socket.upload("file");
        html! {
            <div>
                <form id="upload-form" phx-change="validate" phx-submit="save" phx-target={socket.myself()}>
                    <div id="dropzone" phx-drop-target={file.config_ref()}>"Drop files here"</div>
                    <input {file.input()} />
                    <button type="submit">"Upload"</button>
                </form>
                for entry in file.entries() {
                    <p class="upload-entry">{entry.name()}</p>
                }
                for error in file.errors() {
                    <p class="upload-error">":"{error.as_str()}</p>
                }
                <p id="saved-files">{self.saved_files.join(",")}</p>
            </div>
        }
    }
}
