//! Upstream issue #4094: `test/e2e/support/issues/issue_4094.ex` + `tests/issues/4094.spec.js`.
//!
//! `/issues/4094`: a patch link to `?foo=bar`, whose `handle_params` redirects to
//! `/navigation/a`; the client must follow without throwing.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/4094` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<RedirectingLive>("/issues/4094"));
}

/// `/issues/4094`.
#[live_view]
#[derive(Debug, Default)]
pub struct RedirectingLive;

#[live_view]
impl RedirectingLive {
    async fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> Result<()> {
        if params.get("foo") == Some("bar") {
            socket.redirect("/navigation/a");
        }
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! { <a {Link::patch("/issues/4094?foo=bar")}>"Patch"</a> }
    }
}
