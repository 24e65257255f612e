//! Upstream issue #3919: `test/e2e/support/issues/issue_3919.ex` + `tests/issues/3919.spec.js`.
//!
//! `/issues/3919`: a function component whose `special` attribute defaults to false gets its
//! attributes from a map that has `special: true` or nothing at all; toggling back must
//! drop the red background (the default counts as a change).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3919` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<SpecialLive>("/issues/3919"));
}

/// The action shown: its text and, when red, the `special` attribute.
#[derive(Debug)]
struct Action {
    text: &'static str,
    special: Option<bool>,
}

/// `/issues/3919`.
#[live_view]
#[derive(Debug)]
pub struct SpecialLive {
    action: Action,
}

impl Default for SpecialLive {
    fn default() -> Self {
        SpecialLive { action: Action { text: "No red", special: None } }
    }
}

/// Upstream's `my_component`: `special` defaults to false.
fn my_component(special: Option<bool>, inner: Rendered) -> Rendered {
    // HEEx renders `style` (and `class`) even when its value is nil: `style=""`.
    let style = if special.unwrap_or(false) { "background-color: red;" } else { "" };
    html! {
        <div style={style}>
            {inner}
        </div>
    }
}

#[live_view]
impl SpecialLive {
    #[event("toggle_special")]
    fn toggle_special(&mut self) {
        self.action = if self.action.special.is_some() {
            Action { text: "No red", special: None }
        } else {
            Action { text: "Red", special: Some(true) }
        };
    }

    fn render(&self) -> Rendered {
        let text = self.action.text;
        html! {
            {my_component(self.action.special, html! { {text} })}
            <button phx-click="toggle_special">"toggle"</button>
        }
    }
}
