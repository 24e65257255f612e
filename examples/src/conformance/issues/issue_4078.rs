//! Upstream issue #4078: `test/e2e/support/issues/issue_4078.ex` + `tests/issues/4078.spec.js`.
//!
//! `/issues/4078` (outside any live_session): a file input whose `disabled` and `class` follow the view's state; patches must update
//! those attributes and keep the selected file.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/4078`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| r.live_with::<FileInputLive>("/issues/4078", PageOptions::new().layout(layout::live)));
}

/// `/issues/4078`.
#[live_view]
#[derive(Debug)]
pub struct FileInputLive {
    disabled: bool,
    custom_class: &'static str,
}

#[live_view]
impl FileInputLive {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(UploadConfig::new("avatar").accept([".jpg", ".jpeg", ".png", ".txt"]).max_entries(2));
        FileInputLive { disabled: true, custom_class: "initial-class" }
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("toggle-disabled")]
    fn toggle_disabled(&mut self) {
        self.disabled = !self.disabled;
    }

    #[event("toggle-class")]
    fn toggle_class(&mut self) {
        self.custom_class = if self.custom_class == "initial-class" { "updated-class" } else { "initial-class" };
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let avatar = socket.upload("avatar");
        html! {
            <form id="upload-form" phx-change="validate">
                <input {avatar.input()} disabled={self.disabled} class={self.custom_class}>
            </form>
            <button id="toggle-disabled" type="button" phx-click="toggle-disabled">"Toggle Disabled"</button>
            <button id="toggle-class" type="button" phx-click="toggle-class">"Toggle Class"</button>
            for entry in avatar.entries() {
                <article class="upload-entry">
                    <span class="entry-name">{entry.name()}</span>
                </article>
            }
        }
    }
}
