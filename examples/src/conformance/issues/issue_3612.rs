//! Upstream issue #3612: `test/e2e/support/issues/issue_3612.ex` + `tests/issues/3612.spec.js`.
//!
//! Pages A and B both render the sticky child `sticky`, whose links `push_navigate` between
//! them: the sticky view must stay connected across its own navigations.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3612/a` and `/issues/3612/b` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<ALive>("/issues/3612/a").live::<BLive>("/issues/3612/b"));
}

/// `/issues/3612/a`.
#[live_view]
#[derive(Debug, Default)]
pub struct ALive;

#[live_view]
impl ALive {
    fn render(&self) -> Rendered {
        html! {
            {live_render::<StickyLive>("sticky").sticky()}
            <h1>"Page A"</h1>
        }
    }
}

/// `/issues/3612/b`.
#[live_view]
#[derive(Debug, Default)]
pub struct BLive;

#[live_view]
impl BLive {
    fn render(&self) -> Rendered {
        html! {
            {live_render::<StickyLive>("sticky").sticky()}
            <h1>"Page B"</h1>
        }
    }
}

/// The sticky child: its links navigate the page from the server.
#[live_view]
#[derive(Debug, Default)]
pub struct StickyLive;

#[live_view]
impl StickyLive {
    #[event("navigate_to_a")]
    fn navigate_to_a(&mut self, socket: &mut Socket) {
        socket.push_navigate("/issues/3612/a");
    }

    #[event("navigate_to_b")]
    fn navigate_to_b(&mut self, socket: &mut Socket) {
        socket.push_navigate("/issues/3612/b");
    }

    fn render(&self) -> Rendered {
        html! {
            <div>
                <a href="#" phx-click="navigate_to_a">"Go to page A"</a>
                <a href="#" phx-click="navigate_to_b">"Go to page B"</a>
            </div>
        }
    }
}
