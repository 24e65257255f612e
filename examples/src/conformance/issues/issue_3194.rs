//! Upstream issue #3194: `test/e2e/support/issues/issue_3194.ex` + `tests/issues/3194.spec.js`.
//!
//! An input debounced until blur in a form whose submit navigates to another view: the
//! change the blur flushes after the navigation must not reach the new view.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3194` and `/issues/3194/other` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3194Live>("/issues/3194").live::<OtherLive>("/issues/3194/other"));
}

/// `/issues/3194`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3194Live;

#[live_view]
impl Issue3194Live {
    #[event("submit")]
    fn submit(&mut self, socket: &mut Socket) {
        socket.push_navigate("/issues/3194/other");
    }

    #[event("validate")]
    fn validate(&mut self) {}

    fn render(&self) -> Rendered {
        html! {
            <form phx-change="validate" phx-submit="submit">
                <input id="foo_store_number" name="foo[store_number]" type="text" phx-debounce="blur" />
            </form>
        }
    }
}

/// `/issues/3194/other`.
#[live_view]
#[derive(Debug, Default)]
pub struct OtherLive;

#[live_view]
impl OtherLive {
    fn render(&self) -> Rendered {
        html! { <h2>"Another LiveView"</h2> }
    }
}
