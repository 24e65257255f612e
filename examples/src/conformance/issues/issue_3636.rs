//! Upstream issue #3636: `test/e2e/support/issues/issue_3636.ex` + `tests/issues/3636.spec.js`.
//!
//! A focus wrap (Phoenix's `<.focus_wrap>`: the client's `Phoenix.FocusWrap` hook between two
//! focusable sentinels) between two outside buttons: tabbing into it from outside, past its
//! end, focuses its first element.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3636` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3636Live>("/issues/3636"));
}

const STYLE: &str = ".space-x-8 > :not([hidden]) ~ :not([hidden]) { margin-left: 2rem; }";

/// `/issues/3636`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3636Live;

#[live_view]
impl Issue3636Live {
    fn render(&self) -> Rendered {
        html! {
            <style>{STYLE}</style>
            <div class="container mx-auto p-8">
                <button>"Outside 1"</button>
                <div id="focus-wrap" phx-hook={elsewhere("Phoenix.FocusWrap")} class="space-x-8">
                    <span id="focus-wrap-start" tabindex="0" aria-hidden="true"></span>
                    <button id="first" class="border rounded py-2 px-4">"One"</button>
                    <button id="second" class="border rounded py-2 px-4">"Two"</button>
                    <button id="third" class="border rounded py-2 px-4">"Three"</button>
                    <span id="focus-wrap-end" tabindex="0" aria-hidden="true"></span>
                </div>
                <button>"Outside 2"</button>
            </div>
        }
    }
}
