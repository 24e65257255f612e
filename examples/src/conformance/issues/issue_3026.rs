//! Upstream issue #3026: `test/e2e/support/issues/issue_3026.ex` + `tests/issues/3026.spec.js`.
//!
//! A status select; the status `loaded` shows a live component (a form), every other status
//! a plain block instead. Submitting the form switches to `loading` and, after a blocking
//! 200 ms load, back to `loaded`: the component is removed and re-added while the client is
//! still destroying it, and must render again.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use std::time::Duration;

/// Adds `/issues/3026` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3026Live>("/issues/3026"));
}

const STATUSES: [&str; 4] = ["connecting", "loading", "connected", "loaded"];

/// `/issues/3026`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3026Live {
    status: String,
    name: String,
    email: String,
}

/// Load the data (upstream's `send(self(), :load)`).
#[derive(Debug)]
pub struct Load;

/// `change_status`'s payload.
#[derive(Debug, serde::Deserialize)]
pub struct StatusParams {
    status: String,
}

/// The component form's fields.
#[derive(Debug, serde::Deserialize)]
pub struct FormParams {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

#[live_view]
impl Issue3026Live {
    fn mount(socket: &mut Socket) -> Self {
        let status = if socket.connected() {
            socket.send_info(Load);
            "loading"
        } else {
            "connecting"
        };
        Issue3026Live { status: status.to_owned(), ..Default::default() }
    }

    /// Blocks the view for 200 ms, as upstream's `Process.sleep(200)`.
    #[info]
    async fn load(&mut self, _: Load) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.status = "loaded".to_owned();
        self.name = "John".to_owned();
        self.email = String::new();
    }

    #[event("change_status")]
    fn change_status(&mut self, params: StatusParams) {
        if STATUSES.contains(&params.status.as_str()) {
            self.status = params.status;
        }
    }

    #[event("validate")]
    fn validate(&mut self, params: FormParams) {
        self.name = params.name;
        self.email = params.email;
    }

    #[event("submit")]
    fn submit(&mut self, socket: &mut Socket) {
        socket.send_info(Load);
        self.status = "loading".to_owned();
    }

    fn render(&self) -> Rendered {
        html! {
            <form phx-change="change_status">
                <select name="status" type="select">
                    for s in STATUSES {
                        <option value={s} selected={s == self.status}>{capitalize(s)}</option>
                    }
                </select>
            </form>
            if self.status == "loaded" {
                {live_component::<FormComponent>("my-form", FormProps { name: self.name.clone(), email: self.email.clone() })}
            } else {
                <div class="p-8 bg-gray-200 mb-4">{&self.status}</div>
            }
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// [`FormComponent`]'s props.
#[derive(Debug, Clone, PartialEq)]
pub struct FormProps {
    name: String,
    email: String,
}

/// The form; its events go to the view (no `phx-target`).
#[live_component]
#[derive(Debug, Default)]
pub struct FormComponent {
    name: String,
    email: String,
}

#[live_component]
impl FormComponent {
    fn update(&mut self, props: FormProps) {
        self.name = props.name;
        self.email = props.email;
    }

    fn render(&self) -> Rendered {
        html! {
            <div>
                "Example form"
                <form phx-change={elsewhere("validate")} phx-submit={elsewhere("submit")}>
                    <input label="Name" name="name" type="text" value={&self.name} />
                    <input label="Email" name="email" type="text" value={&self.email} />
                    <button type="submit">"Submit"</button>
                </form>
            </div>
        }
    }
}
