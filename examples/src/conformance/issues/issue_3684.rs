//! Upstream issue #3684: `test/e2e/support/issues/issue_3684.ex` + `tests/issues/3684.spec.js`.
//!
//! `/issues/3684`: a live component renders a form (its change and submit go to the view)
//! with two radios, each inside a `div` whose `phx-click` (targeted at the component) selects
//! it; the `checked` attribute of the clicked radio must reach the DOM although the form is
//! locked by its own change event at the same time (nested clones).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3684` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<BadgeLive>("/issues/3684"));
}

/// The radio choices.
const TYPES: [&str; 2] = ["huey", "dewey"];

/// Upstream's `BadgeForm`.
#[live_component]
#[derive(Debug)]
pub struct BadgeForm {
    kind: String,
}

impl Default for BadgeForm {
    fn default() -> Self {
        BadgeForm { kind: "huey".to_owned() }
    }
}

/// `phx-value-type` of a radio's `div`.
#[derive(Debug, serde::Deserialize)]
pub struct ChangeType {
    #[serde(rename = "type")]
    kind: String,
}

#[live_component]
impl BadgeForm {
    #[event("change-type")]
    fn change_type(&mut self, payload: ChangeType) {
        if TYPES.contains(&payload.kind.as_str()) {
            self.kind = payload.kind;
        }
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let myself = socket.myself();
        html! {
            <div>
                <form id="foo" class="max-w-lg p-8 flex flex-col gap-4" phx-change={elsewhere("change")} phx-submit={elsewhere("submit")}>
                    <fieldset>
                        <legend>"Radio example:"</legend>
                        for kind in TYPES {
                            <div phx-click="change-type" phx-value-type={kind} phx-target={myself}>
                                <input type="radio" id={kind} name="type" value={kind} checked={self.kind == kind}>
                                <label for={kind}>{kind}</label>
                            </div>
                        }
                    </fieldset>
                </form>
            </div>
        }
    }
}

/// `/issues/3684`.
#[live_view]
#[derive(Debug, Default)]
pub struct BadgeLive;

#[live_view]
impl BadgeLive {
    #[event("change")]
    fn change(&mut self) {}

    #[event("submit")]
    fn submit(&mut self) {}

    fn render(&self) -> Rendered {
        html! { {live_component::<BadgeForm>("badge_form", ())} }
    }
}
