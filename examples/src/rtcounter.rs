//! `/rtcounter`: one counter shared by every viewer on every node, through pubsub.
//!
//! Pubsub carries messages, not state, and there is no shared store. So each broadcast carries
//! the new **absolute** value, and every view keeps the largest value it has seen:
//!
//! - a click takes the next number from this node's [`LATEST`] (the largest count this node
//!   has seen; clicks on one node never collide), shows it at once and broadcasts it;
//! - every view (the clicker included, through pubsub) moves to `max(its count, received)`,
//!   so duplicates and reordering are harmless and all viewers converge on the same number;
//! - a view that mounts starts from [`LATEST`], this node's view of the count (0 on a node that
//!   has seen no click yet: it catches up at the next click anywhere).
//!
//! The price of needing no store: two clicks on *different* nodes within one Redis round trip
//! may both produce the same number and count once; and a node that missed broadcasts during
//! a Redis outage shows an older number until the next click.

use liveview::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI64, Ordering};

/// The pubsub topic.
pub const TOPIC: &str = "rtcounter";

/// The largest count this process has seen (shown by newly mounted views).
pub static LATEST: AtomicI64 = AtomicI64::new(0);

/// The broadcast message: the counter's new value.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Count(pub i64);

/// A counter shared by every viewer.
#[live_view]
#[derive(Debug)]
pub struct RtCounter {
    count: i64,
}

#[live_view]
impl RtCounter {
    fn mount(socket: &mut Socket) -> Self {
        socket.subscribe::<Count>(TOPIC);
        RtCounter { count: LATEST.load(Ordering::Acquire) }
    }

    #[event("inc")]
    fn inc(&mut self, socket: &mut Socket) {
        LATEST.fetch_max(self.count, Ordering::AcqRel);
        self.count = LATEST.fetch_add(1, Ordering::AcqRel) + 1;
        socket.broadcast(TOPIC, &Count(self.count));
    }

    #[info]
    fn on_count(&mut self, msg: Count) {
        let Count(n) = msg;
        LATEST.fetch_max(n, Ordering::AcqRel);
        self.count = self.count.max(n);
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Shared counter"</h1>
                <p>"Every viewer, on every node, sees and moves the same count."</p>
                <span id="count">{self.count}</span>
                <button id="inc" phx-click="inc">"+"</button>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
