use liveview::prelude::*;
use std::cell::Cell;

struct Row {
    id: u32,
    hits: Cell<u32>,
}

fn main() {
    let rows: TrackedVec<Row> = TrackedVec::new();
    let _ = html! {
        <ul>
            for row in &rows, key = row.id { <li>{row.hits.get()}</li> }
        </ul>
    };
}
