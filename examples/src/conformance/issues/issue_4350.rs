//! Upstream issue #4350: `test/e2e/support/issues/issue_4350.ex` + `tests/issues/4350.spec.js`.
//!
//! `/issues/4350`: a live component (`Branch`, which shows a tick) nests another (`Leaf`, a
//! counter). Hiding both and showing them again before the client's `cids_destroyed` reaches
//! the server must revive the whole subtree: the leaf keeps its cid and stays wired to the
//! server. (The test holds `cids_destroyed` in flight itself.)

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/4350` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<ReviveLive>("/issues/4350"));
}

/// Upstream's `Leaf`.
#[live_component]
#[derive(Debug, Default)]
pub struct Leaf {
    count: u64,
}

#[live_component]
impl Leaf {
    #[event("bump")]
    fn bump(&mut self) {
        self.count += 1;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <div id="leaf">
                "count: " <span id="leaf-count">{self.count}</span>
                <button id="bump" phx-click="bump" phx-target={socket.myself()}>"bump"</button>
            </div>
        }
    }
}

/// Upstream's `Branch`: its tick changes, the leaf it renders does not.
#[live_component]
#[derive(Debug, Default)]
pub struct Branch {
    tick: u64,
}

#[live_component]
impl Branch {
    fn update(&mut self, tick: u64) {
        self.tick = tick;
    }

    fn render(&self) -> Rendered {
        html! {
            <div id="branch">
                "tick: " {self.tick}
                {live_component::<Leaf>("leaf", ())}
            </div>
        }
    }
}

/// `/issues/4350`.
#[live_view]
#[derive(Debug)]
pub struct ReviveLive {
    show: bool,
    tick: u64,
}

impl Default for ReviveLive {
    fn default() -> Self {
        ReviveLive { show: true, tick: 0 }
    }
}

#[live_view]
impl ReviveLive {
    #[event("tick")]
    fn tick(&mut self) {
        self.tick += 1;
    }

    #[event("hide")]
    fn hide(&mut self) {
        self.show = false;
    }

    #[event("show")]
    fn show(&mut self) {
        self.show = true;
    }

    fn render(&self) -> Rendered {
        html! {
            <button id="tick" phx-click="tick">"tick"</button>
            <button id="hide" phx-click="hide">"hide"</button>
            <button id="show" phx-click="show">"show"</button>
            if self.show {
                <div id="wrapper">{live_component::<Branch>("branch", self.tick)}</div>
            }
        }
    }
}
