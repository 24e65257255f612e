//! Upstream issue #4290: `test/e2e/support/issues/issue_4290.ex` + `tests/issues/4290.spec.js`.
//!
//! `/issues/4290/a` live-navigates to `/issues/4290/b`; A's `phx-remove` transition (1.5 s)
//! keeps A's DOM on screen well after B joined. A change in A's form during that window must
//! not be pushed to B, which counts the events it gets. (Upstream's B counts every event with
//! a catch-all `handle_event`; ours counts `validate`, the one A's form would send it.)

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::js::Animation;
use liveview::prelude::*;

/// Adds `/issues/4290/a` and `/issues/4290/b` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<ALive>("/issues/4290/a").live::<BLive>("/issues/4290/b"));
}

/// `/issues/4290/a`.
#[live_view]
#[derive(Debug, Default)]
pub struct ALive;

#[live_view]
impl ALive {
    #[event("navigate")]
    fn navigate(&mut self, socket: &mut Socket) {
        socket.push_navigate("/issues/4290/b");
    }

    #[event("validate")]
    fn validate(&mut self) {}

    fn render(&self) -> Rendered {
        html! {
            <h1>"A"</h1>
            // the phx-remove transition delays the swap of the main element until well after
            // the new LiveView joined, keeping the old DOM visible and interactive
            <div id="slow-remove" phx-remove={JS::new().transition(Animation::new("fade-out").time(1500))}>
                "\n  removed with transition\n"
            </div>
            <form id="form" phx-change="validate">
                <input type="text" name="name">
            </form>
            <button phx-click="navigate">"Navigate"</button>
        }
    }
}

/// `/issues/4290/b`.
#[live_view]
#[derive(Debug, Default)]
pub struct BLive {
    events: Vec<String>,
}

#[live_view]
impl BLive {
    #[event("validate")]
    #[event("navigate")]
    fn any(&mut self, event: Event) {
        self.events.push(event.name);
    }

    fn render(&self) -> Rendered {
        html! {
            <h1>"B"</h1>
            <span id="event-count">{self.events.len()}</span>
            for (idx, event) in self.events.iter().enumerate() {
                <div id={format_args!("event-{idx}")}>{event}</div>
            }
        }
    }
}
