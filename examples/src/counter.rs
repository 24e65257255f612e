//! `/counter`: the smallest LiveView. Also shows flash messages carried by `push_redirect`.

use crate::layout;
use liveview::prelude::*;

/// A counter.
#[live_view]
#[derive(Debug, Default)]
pub struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }

    #[event("dec")]
    fn dec(&mut self) {
        self.count -= 1;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <main>
                <h1>"Counter"</h1>
                {layout::flash(socket)}
                <button id="dec" phx-click="dec">"-"</button>
                <span id="count">{self.count}</span>
                <button id="inc" phx-click="inc">"+"</button>
                // `/secret` is in another live_session: following this is a full page load.
                <p><a id="to-secret" {Link::navigate("/secret")}>"Secret"</a></p>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
