//! Upstream issue #3979: `test/e2e/support/issues/issue_3979.ex` + `tests/issues/3979.spec.js`.
//!
//! `/issues/3979`: ten live components; each bump changes one component's root id (and
//! counter) and, 100 ms later, `send_update`s that component's counter to 10 while the
//! client may still hold it as a destroyed candidate.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use std::time::Duration;

/// Adds `/issues/3979` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<BumpLive>("/issues/3979"));
}

/// What the parent (both fields) or a `send_update` (the counter only) gives a component:
/// like Phoenix's assigns, a field left out keeps its value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CounterProps {
    dom_id: Option<String>,
    counter: i64,
}

/// Upstream's `Component`.
#[live_component]
#[derive(Debug, Default)]
pub struct Component {
    dom_id: String,
    counter: i64,
}

#[live_component]
impl Component {
    fn update(&mut self, props: CounterProps) {
        if let Some(dom_id) = props.dom_id {
            self.dom_id = dom_id;
        }
        self.counter = props.counter;
    }

    fn render(&self) -> Rendered {
        html! { <div id={self.dom_id}>"\n  " {self.counter} "\n"</div> }
    }
}

/// The delayed `send_update` of component `comp-N` (upstream's `{:update, i}`).
#[derive(Debug)]
pub struct Update(usize);

/// `/issues/3979`.
#[live_view]
#[derive(Debug)]
pub struct BumpLive {
    counter: usize,
    components: Vec<(usize, i64)>,
}

impl Default for BumpLive {
    fn default() -> Self {
        BumpLive { counter: 1, components: (1..=10).map(|i| (i, 0)).collect() }
    }
}

#[live_view]
impl BumpLive {
    #[event("bump")]
    fn bump(&mut self, socket: &mut Socket) {
        socket.send_after(Duration::from_millis(100), Update(self.counter));
        if let Some(c) = self.components.get_mut(self.counter - 1) {
            c.1 += 1;
        }
        self.counter += 1;
    }

    #[info]
    fn update(&mut self, Update(i): Update, socket: &mut Socket) {
        socket.send_update::<Component>(format!("comp-{i}"), CounterProps { dom_id: None, counter: 10 });
    }

    fn render(&self) -> Rendered {
        html! {
            for (id, counter) in self.components.iter().copied() {
                {live_component::<Component>(
                    format_args!("comp-{id}"),
                    CounterProps { dom_id: Some(format!("hello-{id}-{counter}")), counter },
                )}
            }
            <button phx-click="bump">"Bump ID (and counter)"</button>
        }
    }
}
