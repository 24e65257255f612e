//! Upstream issue #4121: `test/e2e/support/issues/issue_4121.ex` + `tests/issues/4121.spec.js`.
//!
//! `/issues/4121`: a stream teleported to `body` by a portal (`<.portal>`'s markup written
//! out), reset from a button: the teleported copy must be reset too.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use std::sync::atomic::{AtomicI64, Ordering};

/// Adds `/issues/4121` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<TeleportedStreamLive>("/issues/4121"));
}

/// One item of the stream.
#[derive(Debug)]
pub struct Item {
    id: i64,
    name: String,
}

impl Item {
    fn new(id: i64) -> Self {
        Item { id, name: format!("Item {id}") }
    }
}

/// A fresh id for each reset (upstream's `System.unique_integer`, which is often negative).
static NEXT: AtomicI64 = AtomicI64::new(-576_460_752_303_423_000);

/// `/issues/4121`.
#[live_view]
#[derive(Debug)]
pub struct TeleportedStreamLive {
    items: Stream<Item>,
}

impl Default for TeleportedStreamLive {
    fn default() -> Self {
        TeleportedStreamLive {
            items: Stream::with_items(|i: &Item| format!("items-{}", i.id), [Item::new(1), Item::new(2)]),
        }
    }
}

#[live_view]
impl TeleportedStreamLive {
    #[event("reset-stream")]
    fn reset_stream(&mut self) {
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        self.items.reset([Item::new(id)]);
    }

    fn render(&self) -> Rendered {
        html! {
            <button phx-click="reset-stream">"Reset teleported stream"</button>
            <template id="teleported-stream" data-phx-portal="body">
                <div id="_lv_portal_wrap_teleported-stream">
                    <ul id="stream-in-lv" phx-update="stream">
                        for (dom_id, item) in &self.items, stream {
                            <li id={dom_id}>"\n  " {item.name} "\n"</li>
                        }
                    </ul>
                </div>
            </template>
        }
    }
}
