//! Upstream issue #3199: `test/e2e/support/issues/issue_3199.ex` + `tests/issues/3199.spec.js`.
//!
//! A stream whose items have a `phx-remove` transition, and a navigate link away. The route
//! gives the LiveView container a `phx-remove` transition of its own (`view-removing`); the
//! client runs the items' transitions on deletion, and on navigation either the items'
//! (`cascadePhxRemoveOnNavigation`, the default) or the container's only.

use crate::conformance::routes::Routes;
use liveview::js::Animation;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/3199` (with its container's `phx-remove`) and `/issues/3199/away` to
/// live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<Issue3199Live>(
            "/issues/3199",
            PageOptions::new().container_attr("phx-remove", remove_view().to_json()),
        )
        .live::<AwayLive>("/issues/3199/away")
    });
}

/// The container's `phx-remove` (upstream `remove_view/0`).
fn remove_view() -> JS {
    JS::new().transition(Animation::new("view-removing").time(100))
}

/// One item.
#[derive(Debug)]
pub struct Item {
    id: u32,
    name: String,
}

/// `/issues/3199`.
#[live_view]
#[derive(Debug)]
pub struct Issue3199Live {
    items: Stream<Item>,
}

impl Default for Issue3199Live {
    fn default() -> Self {
        let items = (1..=2).map(|id| Item { id, name: format!("Item {id}") });
        Issue3199Live { items: Stream::with_items(|i: &Item| format!("items-{}", i.id), items) }
    }
}

/// `delete`'s payload.
#[derive(Debug, serde::Deserialize)]
pub struct Delete {
    id: String,
}

#[live_view]
impl Issue3199Live {
    #[event("delete")]
    fn delete(&mut self, delete: Delete) {
        self.items.delete_id(delete.id);
    }

    fn render(&self) -> Rendered {
        html! {
            <h1>"Items"</h1>
            <a {Link::navigate("/issues/3199/away")}>"Navigate away"</a>
            <ul id="items" phx-update="stream">
                for (dom_id, item) in &self.items, stream {
                    <li id={dom_id} phx-remove={JS::new().transition(Animation::new("item-removing").time(1_000))}>
                        {&item.name}
                        <button phx-click="delete" phx-value-id={dom_id}>"Delete"</button>
                    </li>
                }
            </ul>
        }
    }
}

/// `/issues/3199/away`.
#[live_view]
#[derive(Debug, Default)]
pub struct AwayLive;

#[live_view]
impl AwayLive {
    fn render(&self) -> Rendered {
        html! { <h1>"Away"</h1> }
    }
}
