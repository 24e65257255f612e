//! Upstream issue #3658: `test/e2e/support/issues/issue_3658.ex` + `tests/issues/3658.spec.js`.
//!
//! A sticky child holds an element with `phx-remove`: navigating the page must not remove it
//! (the sticky view stays on the page).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3658` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3658Live>("/issues/3658"));
}

/// `/issues/3658` (also with `?navigated=true`).
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3658Live;

#[live_view]
impl Issue3658Live {
    fn render(&self) -> Rendered {
        html! {
            <a {Link::navigate("/issues/3658?navigated=true")}>"Link 1"</a>
            {live_render::<StickyLive>("sticky").sticky()}
        }
    }
}

/// The sticky child.
#[live_view]
#[derive(Debug, Default)]
pub struct StickyLive;

#[live_view]
impl StickyLive {
    fn render(&self) -> Rendered {
        html! {
            <div>
                <div id="foo" phx-remove={JS::new().dispatch("my-event")}>"Hi"</div>
            </div>
        }
    }
}
