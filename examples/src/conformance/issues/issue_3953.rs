//! Upstream issue #3953: `test/e2e/support/issues/issue_3953.ex` + `tests/issues/3953.spec.js`.
//!
//! `/issues/3953`: a live component beside a button that shows and hides a nested LiveView,
//! which has a live component of its own (cid 1 in the nested view). Hiding the nested view
//! must not make the client report its component as destroyed to the parent.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3953` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<ToggleLive>("/issues/3953"));
}

/// Upstream's `Component`, used by both views.
#[live_component]
#[derive(Debug, Default)]
pub struct Component;

#[live_component]
impl Component {
    fn render(&self) -> Rendered {
        html! { <div>"\n  Component\n"</div> }
    }
}

/// Upstream's `NestedViewLive`.
#[live_view]
#[derive(Debug, Default)]
pub struct NestedViewLive;

#[live_view]
impl NestedViewLive {
    fn render(&self) -> Rendered {
        html! { "Nested Content\n" {live_component::<Component>("comp2", ())} }
    }
}

/// `/issues/3953`.
#[live_view]
#[derive(Debug, Default)]
pub struct ToggleLive {
    show: bool,
}

#[live_view]
impl ToggleLive {
    #[event("toggle")]
    fn toggle(&mut self) {
        self.show = !self.show;
    }

    fn render(&self) -> Rendered {
        html! {
            {live_component::<Component>("comp", ())}
            <button phx-click="toggle">"Show"</button>
            if self.show {
                {live_render::<NestedViewLive>("nested_view")}
            }
        }
    }
}
