//! Upstream issue #3530: `test/e2e/support/issues/issue_3530.ex` + `tests/issues/3530.spec.js`.
//!
//! A stream whose items are nested LiveViews (ids `item-N`), each with an element whose hook
//! `test` logs `<view id> mounted hook!`. Patches reset the stream to other items; a click
//! inserts a new one: exactly the removed children are destroyed and each new child's hook
//! mounts once.
//!
//! Outside any live_session, with a layout of its own upstream (its `LiveSocket` defines the
//! hook `test`); here the hook comes from the page's `pre_script`.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/3530`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| {
        r.live_with::<Issue3530Live>("/issues/3530", PageOptions::new().layout(layout::live_with(PRE_SCRIPT, "")))
    });
}

/// The hook `test` of upstream's layout.
const PRE_SCRIPT: &str = r#"<script>
window.hooks.test = {
  mounted() {
    console.log(this.__view().id, "mounted hook!");
  },
};
</script>
"#;

/// One item.
#[derive(Debug)]
pub struct Item {
    id: u32,
}

/// `/issues/3530`.
#[live_view]
#[derive(Debug)]
pub struct Issue3530Live {
    count: u32,
    items: Stream<Item>,
}

#[live_view]
impl Issue3530Live {
    fn mount() -> Self {
        Issue3530Live { count: 3, items: Stream::new(|i: &Item| format!("item-{}", i.id)) }
    }

    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        let ids: &[u32] = match params.get("q") {
            Some("a") => &[1, 3],
            Some("b") => &[2, 3],
            _ => &[1, 2, 3],
        };
        self.items.reset(ids.iter().map(|&id| Item { id }));
        Ok(())
    }

    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
        self.items.insert(Item { id: self.count });
    }

    fn render(&self) -> Rendered {
        html! {
            <ul id="stream-list" phx-update="stream">
                for (dom_id, item) in &self.items, stream {
                    {live_render::<NestedLive>(dom_id).session("item_id", item.id)}
                }
            </ul>
            <a {Link::patch("/issues/3530?q=a")}>"patch a"</a>
            <a {Link::patch("/issues/3530?q=b")}>"patch b"</a>
            <div phx-click="inc">"+"</div>
        }
    }
}

/// One nested item.
#[live_view]
#[derive(Debug, Default)]
pub struct NestedLive {
    item_id: u32,
}

#[live_view]
impl NestedLive {
    fn mount(session: &Session) -> Self {
        NestedLive { item_id: session.get("item_id").unwrap_or_default() }
    }

    fn render(&self) -> Rendered {
        html! {
            <div id={format_args!("item-outer-{}", self.item_id)}>
                "test hook with nested liveview"
                <div id={format_args!("test-hook-{}", self.item_id)} phx-hook={elsewhere("test")}></div>
            </div>
        }
    }
}
