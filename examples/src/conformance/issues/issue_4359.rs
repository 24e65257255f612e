//! Upstream issue #4359: `test/e2e/support/issues/issue_4359.ex` + `tests/issues/4359.spec.js`.
//!
//! `/issues/4359`: a view with a nested child view; its connected mount sends itself a
//! message whose handler keeps the view busy for 2 s (the child's join is meanwhile in flight)
//! and then live-navigates to `/issues/4359?done=1`, where the child must mount and connect.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use std::time::Duration;

/// Adds `/issues/4359` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<ParentLive>("/issues/4359"));
}

/// Upstream's `ChildLive`.
#[live_view]
#[derive(Debug, Default)]
pub struct ChildLive;

#[live_view]
impl ChildLive {
    fn render(&self) -> Rendered {
        html! { "child" }
    }
}

/// The message the parent sends itself on its connected mount.
#[derive(Debug)]
pub struct Go;

/// `/issues/4359`.
#[live_view]
#[derive(Debug, Default)]
pub struct ParentLive;

#[live_view]
impl ParentLive {
    fn mount(params: &Params, socket: &mut Socket) -> Self {
        if socket.connected() && params.get("done") != Some("1") {
            socket.send_info(Go);
        }
        ParentLive
    }

    /// Busy for 2 s (upstream's `Process.sleep`: the view handles nothing else meanwhile),
    /// then navigates.
    #[info]
    async fn go(&mut self, _msg: Go, socket: &mut Socket) {
        tokio::time::sleep(Duration::from_secs(2)).await;
        socket.push_navigate("/issues/4359?done=1");
    }

    fn render(&self) -> Rendered {
        html! { {live_render::<ChildLive>("child")} }
    }
}
