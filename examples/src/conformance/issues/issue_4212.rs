//! Upstream issue #4212: `test/e2e/support/issues/issue_4212.ex` + `tests/issues/4212.spec.js`.
//!
//! `/issues/4212`: a stream of custom elements that log their connected / disconnected /
//! moved callbacks (the element is defined by upstream's `render_in_root` script); an insert
//! at index 1 must move the new element with `moveBefore`, not detach it.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{At, PageOptions, Rendered};

/// Adds `/issues/4212` (live_session `default`, with the custom element's script in the body).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<MoveBeforeLive>("/issues/4212", PageOptions::new().layout(layout::live_with("", IN_ROOT)))
    });
}

/// Upstream's `render_in_root`: defines `lv-custom-el`, which logs its callbacks.
const IN_ROOT: &str = r#"<script>
window.__lvCustomElLog = [];
class LvCustomEl extends HTMLElement {
  connectedCallback() {
    window.__lvCustomElLog.push({ type: "connected", id: this.id });
  }
  disconnectedCallback() {
    window.__lvCustomElLog.push({ type: "disconnected", id: this.id });
  }
  connectedMoveCallback() {
    window.__lvCustomElLog.push({ type: "moved", id: this.id });
  }
}
customElements.define("lv-custom-el", LvCustomEl);
</script>
"#;

/// One item of the stream.
#[derive(Debug)]
pub struct Item {
    id: String,
    name: String,
}

/// `/issues/4212`.
#[live_view]
#[derive(Debug)]
pub struct MoveBeforeLive {
    items: Stream<Item>,
    counter: u64,
}

impl Default for MoveBeforeLive {
    fn default() -> Self {
        let items = ["a", "b", "c"].map(|id| Item { id: id.to_owned(), name: id.to_uppercase() });
        MoveBeforeLive { items: Stream::with_items(|i: &Item| format!("items-{}", i.id), items), counter: 0 }
    }
}

#[live_view]
impl MoveBeforeLive {
    #[event("insert_at_1")]
    fn insert_at_1(&mut self) {
        self.counter += 1;
        let n = self.counter;
        self.items.insert(Item { id: format!("new{n}"), name: format!("New {n}") }).at(At::Index(1));
    }

    fn render(&self) -> Rendered {
        html! {
            <button id="insert-at-1" phx-click="insert_at_1">"Insert at 1"</button>
            <ul id="items" phx-update="stream">
                for (dom_id, item) in &self.items, stream {
                    <li id={dom_id}><lv-custom-el id={format_args!("el-{}", item.id)}>{item.name}</lv-custom-el></li>
                }
            </ul>
        }
    }
}
