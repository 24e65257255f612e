//! Upstream issue #3647: `test/e2e/support/issues/issue_3647.ex` + `tests/issues/3647.spec.js`.
//!
//! A button's hook starts an upload with `uploadTo` (into an auto-upload whose input belongs
//! to another form, `form="auto-form"`) and at once changes a text input of the user form:
//! the second form's lock must not stop the upload (the finished file is consumed and
//! listed).
//!
//! Outside any live_session upstream, with a layout of its own (its `LiveSocket` defines the
//! hook `JsUpload`; the content sits in `<main>`); here the hook comes from the page's
//! `pre_script` and the view renders the `<main>`.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/3647`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| {
        r.live_with::<Issue3647Live>("/issues/3647", PageOptions::new().layout(layout::live_with(PRE_SCRIPT, "")))
    });
}

/// Upstream's hook `JsUpload`.
const PRE_SCRIPT: &str = r#"<script>
window.hooks.JsUpload = {
  mounted() {
    this.el.addEventListener("click", () => {
      const fillBefore = "before" in this.el.dataset;
      if (fillBefore) this.fill_input();
      this.js_upload();
      if (!fillBefore) this.fill_input();
    });
  },
  js_upload() {
    const file = new File(["x".repeat(1024 * 1024)], "1mb_of_x.txt", { type: "text/plain" });
    const input = document.querySelector("input[type=file]");
    this.uploadTo(input.form, input.name, [file]);
  },
  fill_input() {
    const input = document.querySelector("input[type=text]");
    input.value = input.value + input.value.length;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  },
};
</script>
<style>* { font-size: 1.1em; }</style>
"#;

/// `/issues/3647`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3647Live {
    name: String,
    uploaded_files: Vec<String>,
}

/// The user form's fields.
#[derive(Debug, serde::Deserialize)]
pub struct UserParams {
    user: User,
}

/// `user[..]`.
#[derive(Debug, serde::Deserialize)]
pub struct User {
    #[serde(default)]
    name: String,
}

/// The upload's progress report.
#[derive(Debug, serde::Deserialize)]
pub struct Progress {
    done: bool,
}

/// `cancel-upload`'s payload.
#[derive(Debug, serde::Deserialize)]
pub struct Cancel {
    #[serde(rename = "ref")]
    entry: String,
}

#[live_view]
impl Issue3647Live {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(
            UploadConfig::new("avatar")
                .accept([".txt", ".md"])
                .max_entries(2)
                .auto_upload(true)
                .progress_event("progress"),
        );
        Issue3647Live::default()
    }

    /// Upstream's `handle_progress`: a finished entry is consumed and listed.
    #[event("progress")]
    fn progress(&mut self, progress: Progress, socket: &mut Socket) {
        if progress.done {
            for id in socket.consume_uploaded_entries("avatar", |e| e.entry_ref().to_owned()) {
                self.uploaded_files.insert(0, id);
            }
        }
    }

    #[event("validate-user")]
    fn validate_user(&mut self, params: UserParams) {
        self.name = params.user.name;
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("cancel-upload")]
    fn cancel_upload(&mut self, cancel: Cancel, socket: &mut Socket) {
        socket.cancel_upload("avatar", &cancel.entry);
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let avatar = socket.upload("avatar");
        html! {
            <main>
                <form phx-change="validate-user" id="user-form">
                    <input id="user_name" name="user[name]" value={&self.name} type="text" />
                    <button id="x" type="button" phx-hook={elsewhere("JsUpload")}>"Upload then Input"</button>
                    <button id="y" type="button" phx-hook={elsewhere("JsUpload")} data-before>"Input then Upload"</button>
                    <input {avatar.input()} form="auto-form" />
                </form>
                <form id="auto-form" phx-change="validate"></form>
                <section class="pending-uploads" phx-drop-target={avatar.config_ref()} style="min-height: 100%;">
                    <h3>"Pending Uploads ("{avatar.entries().len()}")"</h3>
                    for entry in avatar.entries() {
                        <div>
                            <progress value={entry.progress()} max="100">{entry.progress()}"%"</progress>
                            <div>
                                {entry.entry_ref()}<br />
                                <a href="#" phx-click="cancel-upload" phx-value-ref={entry.entry_ref()} class="upload-entry__cancel">"Cancel Upload"</a>
                            </div>
                        </div>
                    }
                </section>
                <ul>
                    for file in &self.uploaded_files {
                        <li><a href={file}>{file}</a></li>
                    }
                </ul>
            </main>
        }
    }
}
