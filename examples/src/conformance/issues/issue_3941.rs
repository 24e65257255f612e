//! Upstream issue #3941: `test/e2e/support/issues/issue_3941.ex` + `tests/issues/3941.spec.js`.
//!
//! `/issues/3941` (outside any live_session, upstream with a layout of its own whose only hook
//! is `PagePositionNotifier`): checkboxes choose which items are shown; each item is a live
//! component with a hook that pushes an event on mount, holding a header component that loads
//! asynchronously ("I AM LOADING" → "I AM LOADED!"). The component-only patch that ends the
//! load arrives while the view's container is locked by the hook's event and must survive.
//!
//! Components' async tasks report to the view here: its `#[info]` handlers forward each
//! result to its component with `send_update`. Our page keeps the shared layout (with
//! `window.liveSocket`, which our `syncLV` reads); the hook comes from a page script.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/3941`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| {
        r.live_with::<MultiSelectLive>("/issues/3941", PageOptions::new().layout(layout::live_with(HOOK, "")))
    });
}

/// Upstream's layout's hook.
const HOOK: &str = r#"<script>
window.hooks.PagePositionNotifier = {
  mounted() {
    this.pushEvent("page_position_update", {});
  },
};
</script>
"#;

/// The items.
const ALL_ITEMS: [&str; 2] = ["Item_1", "Item_2"];

/// What a header gets: its item from the parent's render, or the end of its load.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderProps {
    /// Rendered by its item: (re)start the load.
    Item(String),
    /// Its load finished.
    Loaded,
}

/// The end of a header's load.
#[derive(Debug)]
pub struct HeaderLoaded(String);

/// The end of an item's own (unrendered) async assign.
#[derive(Debug)]
pub struct ItemLoaded;

/// Upstream's `ItemHeader`.
#[live_component]
#[derive(Debug, Default)]
pub struct ItemHeader {
    item: String,
    loaded: bool,
}

#[live_component]
impl ItemHeader {
    fn update(&mut self, props: HeaderProps, socket: &mut Socket) {
        match props {
            HeaderProps::Item(item) => {
                // assign_async(.., reset: true): loading again, until the task reports
                self.loaded = false;
                let name = format!("header-{item}");
                let done = item.clone();
                socket.start_async(name, async { Ok::<_, String>(()) }, move |_| HeaderLoaded(done));
                self.item = item;
            }
            HeaderProps::Loaded => self.loaded = true,
        }
    }

    fn render(&self) -> Rendered {
        let item = self.item.as_str();
        html! {
            <div id={format_args!("header-{item}")}>
                if self.loaded {
                    <div id={item} class="border border-y-0 bg-green-500 text-white">{item} " - I AM LOADED!"</div>
                } else {
                    <div id={item} class="border border-y-0 bg-red-500 text-white">{item} " - I AM LOADING"</div>
                }
                if self.loaded {
                    "%Phoenix.LiveView.AsyncResult{ok?: true, loading: nil, failed: nil, result: :assign}"
                } else {
                    "%Phoenix.LiveView.AsyncResult{ok?: false, loading: [:async_assign], failed: nil, result: nil}"
                }
            </div>
        }
    }
}

/// Upstream's `Item`.
#[live_component]
#[derive(Debug, Default)]
pub struct Item {
    item: String,
}

#[live_component]
impl Item {
    fn update(&mut self, item: String, socket: &mut Socket) {
        // upstream also assigns `any_assign` asynchronously for a component it never renders
        socket.start_async(format!("any-{item}"), async { Ok::<_, String>(()) }, |_| ItemLoaded);
        self.item = item;
    }

    fn render(&self) -> Rendered {
        let item = self.item.as_str();
        html! {
            <div id={format_args!("item-{item}")} phx-hook="PagePositionNotifier">
                {live_component::<ItemHeader>(format_args!("item-header-{item}"), HeaderProps::Item(item.to_owned()))}
            </div>
        }
    }
}

/// A checkbox click: the item and, when now checked, the checkbox's value.
#[derive(Debug, serde::Deserialize)]
pub struct Toggle {
    clicked: String,
    value: Option<String>,
}

/// `/issues/3941`.
#[live_view]
#[derive(Debug)]
pub struct MultiSelectLive {
    selected_items: Vec<String>,
}

impl Default for MultiSelectLive {
    fn default() -> Self {
        MultiSelectLive { selected_items: ALL_ITEMS.map(str::to_owned).to_vec() }
    }
}

/// Upstream's `multi_select` function component.
fn multi_select(items: &[&str], selected: &[String]) -> Rendered {
    html! {
        for item in items.iter().copied() {
            <div>
                <label for={format_args!("item-select-{item}")}>
                    <input type="checkbox" phx-click="toggle_item" phx-value-clicked={item} id={format_args!("select-{item}")} name="select" value={item} checked={selected.iter().any(|s| s == item)}>
                    {item}
                </label>
            </div>
        }
    }
}

#[live_view]
impl MultiSelectLive {
    #[event("toggle_item")]
    fn toggle_item(&mut self, toggle: Toggle) {
        match toggle.value {
            None => self.selected_items.retain(|s| *s != toggle.clicked),
            Some(value) => self.selected_items.push(value),
        }
        self.selected_items.sort();
    }

    #[event("page_position_update")]
    fn page_position_update(&mut self) {}

    #[info]
    fn header_loaded(&mut self, HeaderLoaded(item): HeaderLoaded, socket: &mut Socket) {
        socket.send_update::<ItemHeader>(format!("item-header-{item}"), HeaderProps::Loaded);
    }

    #[info]
    fn item_loaded(&mut self, _msg: ItemLoaded) {}

    fn render(&self) -> Rendered {
        html! {
            {multi_select(&ALL_ITEMS, &self.selected_items)}
            for item in &self.selected_items {
                <div>{live_component::<Item>(format_args!("item-{item}"), item.clone())}</div>
            }
        }
    }
}
