//! Upstream issue #3814: `test/e2e/support/issues/issue_3814.ex` + `tests/issues/3814.spec.js`.
//!
//! `/issues/3814`: a form whose `phx-submit` sets `phx-trigger-action`, so the client then
//! submits it to `POST /submit` (which echoes the params); the submit button's name and value
//! must be part of that post.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3814` (live_session `default`); `POST /submit` is the app's.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<TriggerLive>("/issues/3814"));
}

/// `/issues/3814`.
#[live_view]
#[derive(Debug, Default)]
pub struct TriggerLive {
    trigger_submit: bool,
}

#[live_view]
impl TriggerLive {
    #[event("submit")]
    fn submit(&mut self) {
        self.trigger_submit = true;
    }

    fn render(&self) -> Rendered {
        html! {
            <form phx-submit="submit" phx-trigger-action={self.trigger_submit} action="/submit" method="post">
                <input type="hidden" name="greeting" value="hello">
                <button type="submit" name="i-am-the-submitter" value="submitter-value">"Submit"</button>
            </form>
        }
    }
}
