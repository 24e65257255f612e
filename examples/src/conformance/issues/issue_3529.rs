//! Upstream issue #3529: `test/e2e/support/issues/issue_3529.ex` + `tests/issues/3529.spec.js`.
//!
//! The heading shows when the view mounted; a navigate link (a remount) and a patch link (no
//! remount) to a fresh `?param=`. Going back and forward must remount exactly where the
//! history entry was a navigation (the client's `replaceRootHistory`).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use std::time::{SystemTime, UNIX_EPOCH};

/// Adds `/issues/3529` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3529Live>("/issues/3529"));
}

/// `/issues/3529`.
#[live_view]
#[derive(Debug)]
pub struct Issue3529Live {
    /// When this instance mounted (nanoseconds since the epoch: unique per mount).
    mounted: u128,
    /// The `param` of both links.
    next: f64,
}

#[live_view]
impl Issue3529Live {
    fn mount() -> Self {
        let mounted = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
        Issue3529Live { mounted, next: 0.0 }
    }

    async fn handle_params(&mut self) -> Result<()> {
        self.next = rand::random::<f64>();
        Ok(())
    }

    fn render(&self) -> Rendered {
        let to = format!("/issues/3529?param={}", self.next);
        html! {
            <h1>"Mounted at "{self.mounted}</h1>
            <a {Link::navigate(to.clone())}>"Navigate"</a>
            <a {Link::patch(to)}>"Patch"</a>
        }
    }
}
