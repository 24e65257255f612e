//! Upstream issue #2965: `test/e2e/support/issues/issue_2965.ex` + `tests/issues/2965.spec.js`.
//!
//! A hook queues the files picked in its own input and hands them to an auto-upload a few at
//! a time (`this.upload`), the next one each time the server reports a file done
//! (`upload_send_next_file`); every file must finish.
//!
//! Outside any live_session upstream, with a layout of its own whose `LiveSocket` defines
//! `QueuedUploaderHook`; here the hook comes from the page's `pre_script`. Upstream's upload
//! has a custom writer that discards each chunk after a random delay of up to 200 ms; our
//! framework has no custom upload writers, so chunks are stored as usual (the entries are
//! never consumed: their files go when the view ends).

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::upload::UploadError;
use liveview::{PageOptions, Rendered};
use serde_json::json;

/// Adds `/issues/2965`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| {
        r.live_with::<Issue2965Live>("/issues/2965", PageOptions::new().layout(layout::live_with(PRE_SCRIPT, "")))
    });
}

/// Upstream's `QueuedUploaderHook`.
const PRE_SCRIPT: &str = r#"<script>
window.hooks.QueuedUploaderHook = {
  async mounted() {
    const maxConcurrency = this.el.dataset.maxConcurrency || 3;
    let filesRemaining = [];
    this.el.addEventListener("input", async (event) => {
      event.preventDefault();
      if (!(event.target instanceof HTMLInputElement) || !event.target.files) return;
      const rawFiles = Array.from(event.target.files);
      const fileNames = rawFiles.map((f) => f.name);
      this.pushEvent("upload_scrub_list", { file_names: fileNames }, ({ deduped_filenames }) => {
        const files = rawFiles.filter((f) => deduped_filenames.includes(f.name));
        filesRemaining = files;
        this.upload("files", files.slice(0, maxConcurrency));
        filesRemaining.splice(0, maxConcurrency);
      });
    });
    this.handleEvent("upload_send_next_file", () => {
      if (filesRemaining.length > 0) {
        const nextFile = filesRemaining.shift();
        if (nextFile !== undefined) this.upload("files", [nextFile]);
      } else {
        console.log("Done uploading, noop!");
      }
    });
  },
};
</script>
"#;

/// `/issues/2965`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue2965Live;

/// The upload's progress report.
#[derive(Debug, serde::Deserialize)]
pub struct Progress {
    done: bool,
}

/// `upload_scrub_list`'s payload.
#[derive(Debug, serde::Deserialize)]
pub struct ScrubList {
    file_names: Vec<String>,
}

/// `cancel-upload`'s payload.
#[derive(Debug, serde::Deserialize)]
pub struct Cancel {
    #[serde(rename = "ref")]
    entry: String,
}

#[live_view]
impl Issue2965Live {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(
            UploadConfig::new("files")
                .max_entries(1500)
                .chunk_size(5 * 1024 * 1024)
                .max_file_size(10_000_000_000)
                .auto_upload(true)
                .progress_event("progress"),
        );
        Issue2965Live
    }

    /// Upstream's `handle_progress`: each finished file lets the hook send the next one.
    #[event("progress")]
    fn progress(&mut self, progress: Progress, socket: &mut Socket) {
        if progress.done {
            socket.push_event("upload_send_next_file", json!({}));
        }
    }

    /// Upstream dedupes against S3 here; a no-op that keeps the hook's protocol.
    #[event("upload_scrub_list")]
    fn upload_scrub_list(&mut self, list: ScrubList) -> Reply {
        Reply::new(json!({ "deduped_filenames": list.file_names }))
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("cancel-upload")]
    fn cancel_upload(&mut self, cancel: Cancel, socket: &mut Socket) {
        socket.cancel_upload("files", &cancel.entry);
    }

    #[event("save")]
    fn save(&mut self) {}

    fn render(&self, socket: &Socket) -> Rendered {
        let files = socket.upload("files");
        let picker_disabled = files.entries().iter().any(|e| !e.done());
        html! {
            <main>
                <h1>"Uploader reproduction"</h1>
                <form phx-submit="save" phx-change="validate">
                    <section>
                        <input {files.input()} style="display: none;" />
                        <input id="fileinput" type="file" multiple phx-hook={elsewhere("QueuedUploaderHook")} disabled={picker_disabled} />
                        if !files.entries().is_empty() {
                            <h2>"Currently uploading files"</h2>
                        }
                        <div>
                            <table>
                                <thead>
                                    <tr><th>"File Name"</th><th>"Progress"</th><th>"Cancel"</th><th>"Errors"</th></tr>
                                </thead>
                                <tbody>
                                    for entry in files.entries() {
                                        <tr>
                                            <td>{entry.name()}</td>
                                            <td><progress value={entry.progress()} max="100">{entry.progress()}"%"</progress></td>
                                            <td>
                                                <button type="button" phx-click="cancel-upload" phx-value-ref={entry.entry_ref()} aria-label="cancel">
                                                    <span>"×"</span>
                                                </button>
                                            </td>
                                            <td>
                                                for err in entry.errors() {
                                                    <p style="color: red;">{error_to_string(err)}</p>
                                                }
                                            </td>
                                        </tr>
                                    }
                                </tbody>
                            </table>
                        </div>
                        for err in files.errors() {
                            <p style="text-red">{error_to_string(&err)}</p>
                        }
                    </section>
                </form>
            </main>
        }
    }
}

fn error_to_string(err: &UploadError) -> &'static str {
    match err {
        UploadError::TooLarge => "Too large",
        UploadError::NotAccepted => "You have selected an unacceptable file type",
        _ => "unknown error",
    }
}
