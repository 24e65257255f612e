//! Upstream issue #3819: `test/e2e/support/issues/issue_3819.ex` + `tests/issues/3819.spec.js`.
//!
//! `/issues/3819`: a form with no inputs; on reconnect the client's form recovery must give up
//! on it early (nothing to recover) instead of holding the rejoin.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3819` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<RecoverLive>("/issues/3819"));
}

/// `/issues/3819`.
#[live_view]
#[derive(Debug, Default)]
pub struct RecoverLive {
    reconnected: bool,
}

#[live_view]
impl RecoverLive {
    #[event("validate")]
    fn validate(&mut self) {}

    #[event("save")]
    fn save(&mut self) {}

    /// Pushed by the test (`liveSocket.js().push(main, "reconnected")`) once the page loaded again.
    #[event("reconnected")]
    fn reconnected(&mut self) {
        self.reconnected = true;
    }

    fn render(&self) -> Rendered {
        html! {
            <form id="recover" phx-change="validate" phx-submit="save">
                <button>"Submit"</button>
            </form>
            if self.reconnected {
                <p id="reconnected">"Reconnected!"</p>
            }
        }
    }
}
