//! `/list`: 100 rows from one `for`; bumping one row sends only that row.

use liveview::prelude::*;
use serde::Deserialize;

/// One row.
#[derive(Debug)]
struct Row {
    id: usize,
    count: u64,
}

/// A list of counters.
#[live_view]
#[derive(Debug)]
pub struct List {
    rows: Vec<Row>,
    next: usize,
}

impl Default for List {
    fn default() -> Self {
        List { rows: (0..100).map(|id| Row { id, count: 0 }).collect(), next: 0 }
    }
}

/// `phx-value-id` of a row's button.
#[derive(Debug, Deserialize)]
pub struct Bump {
    id: Option<usize>,
}

#[live_view]
impl List {
    /// Without an id, bumps rows round-robin from row 0.
    #[event("bump")]
    fn bump(&mut self, bump: Bump) {
        let n = self.rows.len();
        let id = match bump.id {
            Some(id) => id,
            None => {
                let id = self.next;
                self.next = (self.next + 1) % n.max(1);
                id
            }
        };
        if let Some(row) = self.rows.get_mut(id) {
            row.count += 1;
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"List"</h1>
                <button id="bump" phx-click="bump">"Bump next"</button>
                <ul id="rows">
                    for row in &self.rows, key = row.id {
                        <li id={format_args!("row-{}", row.id)}>"Row " {row.id} ": " <span class="count">{row.count}</span> " "
                            <button phx-click="bump" phx-value-id={row.id}>"+"</button></li>
                    }
                </ul>
            </main>
        }
    }
}
