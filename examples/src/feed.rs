//! `/feed`: a stream (`phx-update="stream"`). The items live in the browser; the view keeps
//! only the next id and what "edit first" needs (the top item's id).

use liveview::prelude::*;
use serde::Deserialize;

/// One feed item. The view builds it, the stream renders it once, and it is gone.
#[derive(Debug)]
pub struct Item {
    id: u64,
    text: String,
}

impl Item {
    fn new(id: u64) -> Self {
        Item { id, text: format!("item {id}") }
    }
}

/// The DOM id of an item: `items-N`.
fn dom_id(item: &Item) -> String {
    format!("items-{}", item.id)
}

/// The most items prepending keeps on the page.
const KEEP: usize = 50;

/// A feed of items streamed to the page.
#[live_view]
#[derive(Debug)]
pub struct Feed {
    items: Stream<Item>,
    /// The id the next new item gets.
    next: u64,
    /// The item at the top of the list, while the view knows it.
    top: Option<u64>,
}

impl Default for Feed {
    fn default() -> Self {
        Feed { items: Stream::with_items(dom_id, (1..=20).map(Item::new)), next: 21, top: Some(1) }
    }
}

/// `phx-value-id` of an item's delete button.
#[derive(Debug, Deserialize)]
pub struct Delete {
    id: u64,
}

#[live_view]
impl Feed {
    /// A new item on top; the oldest fall off the bottom past 50.
    #[event("prepend")]
    fn prepend(&mut self) {
        let item = self.new_item();
        self.top = Some(item.id);
        self.items.prepend(item).keep_first(KEEP);
    }

    /// A new item at the bottom.
    #[event("append")]
    fn append(&mut self) {
        let item = self.new_item();
        if self.top.is_none() {
            self.top = Some(item.id);
        }
        self.items.insert(item);
    }

    /// Rewrites the top item's text where it is (update-only: never adds it back).
    #[event("edit-first")]
    fn edit_first(&mut self) {
        match self.top {
            Some(id) => self.items.update(Item { id, text: format!("edited {id}") }),
            None => tracing::info!("edit-first: the view does not know the top item (it was deleted)"),
        }
    }

    /// Five fresh items instead of all shown.
    #[event("reset")]
    fn reset(&mut self) {
        let first = self.next;
        self.next += 5;
        self.top = Some(first);
        self.items.reset((first..first + 5).map(Item::new));
    }

    /// Removes one item (an id that is not shown changes nothing).
    #[event("delete")]
    fn delete(&mut self, delete: Delete) {
        if self.top == Some(delete.id) {
            self.top = None;
        }
        self.items.delete_id(format!("items-{}", delete.id));
    }

    fn new_item(&mut self) -> Item {
        let item = Item::new(self.next);
        self.next += 1;
        item
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Feed"</h1>
                <button id="prepend" phx-click="prepend">"Prepend"</button>
                " "
                <button id="append" phx-click="append">"Append"</button>
                " "
                <button id="edit-first" phx-click="edit-first">"Edit first"</button>
                " "
                <button id="reset" phx-click="reset">"Reset"</button>
                <ul id="items" phx-update="stream">
                    for (dom_id, item) in &self.items, stream {
                        <li id={dom_id}><span class="text">{&item.text}</span>" "
                            <button id={format_args!("{dom_id}-delete")} phx-click="delete" phx-value-id={item.id}>"×"</button></li>
                    }
                </ul>
            </main>
        }
    }
}
