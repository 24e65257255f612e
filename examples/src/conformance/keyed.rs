//! Upstream group `support/keyed_comprehension_live.ex + tests/keyed-comprehension.spec.js`:
//! `/keyed-comprehension` (live_session `default`).
//!
//! Two copies (an outer `for` keyed by 1 and 2) of a table of random items, written three ways
//! (`?tab=`): `all_keyed` (the header cells, the rows and the row cells are keyed `for`s),
//! `rows_keyed` (only the rows), `no_keyed` (none). Each row shows
//! `Count: <count> Name: <entry.foo.bar> <copy> <count>`; "randomize" draws new items and bumps
//! the count, "change first" replaces the first item, "change other" changes a field no cell
//! shows, the size input draws that many items.
//!
//! The test reads the items in the server's order through the sandbox command `items` (upstream
//! `evalLV(page, "socket.assigns.items")`, README "Eval uses" E3): a list of
//! `{id, entry: {other, foo: {bar}}}`.
//!
//! Left out: upstream's page links daisyUI from a CDN (looks only; the tests run offline) and
//! prints the process heap size every second.

use super::routes::Routes;
use super::sandbox;
use liveview::prelude::*;
use serde_json::{Value, json};

/// Adds `/keyed-comprehension`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<KeyedComprehensionLive>("/keyed-comprehension"));
}

/// Items per draw at first.
const COUNT: usize = 10;

/// One item: what a row shows is `entry.foo.bar`.
#[derive(Debug, Clone)]
pub struct Item {
    id: u64,
    other: String,
    bar: String,
}

impl Item {
    fn to_json(&self) -> Value {
        json!({"id": self.id, "entry": {"other": self.other, "foo": {"bar": self.bar}}})
    }
}

/// `size` distinct ids drawn from `1..=2*size`, in random order.
fn random_items(size: usize) -> Vec<Item> {
    let mut pool: Vec<u64> = (1..=2 * size as u64).collect();
    let mut items = Vec::with_capacity(size);
    for _ in 0..size {
        let id = pool.swap_remove(rand::random_range(0..pool.len()));
        items.push(Item { id, other: "hey".to_owned(), bar: format!("New{}", id + 1) });
    }
    items
}

/// How the tables key their comprehensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Header cells, rows and cells keyed.
    AllKeyed,
    /// Rows keyed.
    RowsKeyed,
    /// Nothing keyed.
    NoKeyed,
}

/// `/keyed-comprehension`.
#[live_view]
#[derive(Debug)]
pub struct KeyedComprehensionLive {
    count: u64,
    items: Vec<Item>,
    size: usize,
    tab: Tab,
    unique: u64,
}

/// The payload of `change_size`.
#[derive(Debug, serde::Deserialize)]
pub struct Size {
    #[serde(default)]
    size: String,
}

impl sandbox::Sandbox for KeyedComprehensionLive {
    fn sandbox(&mut self, name: &str, _arg: Value, _socket: &mut Socket) -> Result<Value, String> {
        match name {
            "items" => Ok(Value::Array(self.items.iter().map(Item::to_json).collect())),
            other => Err(sandbox::unknown(other)),
        }
    }
}

/// The columns of the tables: (id, header).
const COLUMNS: [(&str, &str); 2] = [("1", "Foo"), ("2", "Count")];

#[live_view]
impl KeyedComprehensionLive {
    fn mount() -> Self {
        KeyedComprehensionLive { count: 0, items: random_items(COUNT), size: COUNT, tab: Tab::AllKeyed, unique: 0 }
    }

    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.tab = match params.get("tab") {
            Some("rows_keyed") => Tab::RowsKeyed,
            Some("no_keyed") => Tab::NoKeyed,
            _ => Tab::AllKeyed,
        };
        Ok(())
    }

    #[event("randomize")]
    fn randomize(&mut self) {
        self.items = random_items(self.size);
        self.count += 1;
    }

    #[event("change_size")]
    fn change_size(&mut self, size: Size) -> Result<()> {
        let size = if size.size.is_empty() { 0 } else { size.size.parse().map_err(Error::handler)? };
        self.items = random_items(size);
        self.size = size;
        self.count += 1;
        Ok(())
    }

    #[event("change_0")]
    fn change_first(&mut self) {
        self.unique += 1;
        let first = Item { id: 2000, other: "hey".to_owned(), bar: format!("-{}", self.unique) };
        let rest = self.items.iter().skip(1).take(self.size + 1).cloned();
        self.items = std::iter::once(first).chain(rest).collect();
    }

    #[event("change_other")]
    fn change_other(&mut self) {
        for item in &mut self.items {
            self.unique += 1;
            item.other = format!("hey -{}", self.unique);
        }
    }

    #[event("sandbox:eval")]
    fn sandbox_eval(&mut self, cmd: sandbox::Eval, socket: &mut Socket) -> Reply {
        sandbox::eval(self, cmd, socket)
    }

    #[info]
    fn sandbox_later(&mut self, msg: sandbox::Later, socket: &mut Socket) {
        sandbox::later(self, msg, socket)
    }

    fn render(&self) -> Rendered {
        let tab = |t: Tab, id: &str, label: &str| {
            let class = if self.tab == t { "tab tab-active" } else { "tab " };
            html! { <a role="tab" class={class} {Link::patch(format!("/keyed-comprehension?tab={id}"))}>{label}</a> }
        };
        html! {
            <div class="p-8">
                <div class="border-b border-gray-200 mb-6">
                    <nav role="tablist" class="tabs tabs-border">
                        {tab(Tab::AllKeyed, "all_keyed", "All keyed")}
                        {tab(Tab::RowsKeyed, "rows_keyed", "Rows keyed")}
                        {tab(Tab::NoKeyed, "no_keyed", "No keyed")}
                    </nav>
                </div>
                <button class="btn" phx-click="randomize">"randomize"</button>
                <button class="btn" phx-click="change_0">"change first"</button>
                <button class="btn" phx-click="change_other">"change other"</button>
                <form>
                    <input phx-change="change_size" name="size" value={self.size}>
                </form>
                for copy in 1..=2u32, key = copy {
                    <div>{self.table(copy)}</div>
                }
            </div>
        }
    }
}

impl KeyedComprehensionLive {
    /// One copy of the table, keyed as the tab says.
    fn table(&self, copy: u32) -> Rendered {
        let cell = |column: &str, item: &Item| match column {
            "1" => html! { " "<span>"Count: "{self.count}" Name: "{&item.bar}</span>" "{copy}" " },
            _ => html! { {self.count}" " },
        };
        let cell_class = "py-4 px-3 text-sm whitespace-nowrap text-gray-500";
        let head_class = "py-3.5 px-3 text-left text-sm font-semibold text-gray-900";
        let body = match self.tab {
            Tab::AllKeyed => html! {
                <thead><tr>
                    for (id, name) in COLUMNS, key = id {
                        <th scope="col" class={head_class}>{name}</th>
                    }
                </tr></thead>
                <tbody class="divide-y divide-gray-200">
                    for item in &self.items, key = item.id {
                        <tr>
                            for (id, _) in COLUMNS, key = format!("{}_{id}", item.id) {
                                <td class={cell_class}>{cell(id, item)}</td>
                            }
                        </tr>
                    }
                </tbody>
            },
            Tab::RowsKeyed => html! {
                <thead><tr>
                    for (_, name) in COLUMNS {
                        <th scope="col" class={head_class}>{name}</th>
                    }
                </tr></thead>
                <tbody class="divide-y divide-gray-200">
                    for item in &self.items, key = item.id {
                        <tr>
                            for (id, _) in COLUMNS {
                                <td class={cell_class}>{cell(id, item)}</td>
                            }
                        </tr>
                    }
                </tbody>
            },
            Tab::NoKeyed => html! {
                <thead><tr>
                    for (_, name) in COLUMNS {
                        <th scope="col" class={head_class}>{name}</th>
                    }
                </tr></thead>
                <tbody class="divide-y divide-gray-200">
                    for item in &self.items {
                        <tr>
                            for (id, _) in COLUMNS {
                                <td class={cell_class}>{cell(id, item)}</td>
                            }
                        </tr>
                    }
                </tbody>
            },
        };
        html! {
            <div class="mt-8 flow-root">
                <div class="-mx-4 -my-2 overflow-x-auto">
                    <div class="inline-block min-w-full py-2 align-middle">
                        <table class="min-w-full divide-y divide-gray-300">{body}</table>
                    </div>
                </div>
            </div>
        }
    }
}
