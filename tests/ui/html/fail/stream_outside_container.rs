use liveview::{Stream, html};

struct Item {
    id: u32,
}

fn main() {
    let items = Stream::new(|i: &Item| format!("items-{}", i.id));
    // The container lacks phx-update="stream".
    let _ = html! {
        <ul id="items">
            for (id, item) in &items, stream { <li id={id}>{item.id}</li> }
        </ul>
    };
    // The container lacks an id.
    let _ = html! {
        <ul phx-update="stream">
            for (id, item) in &items, stream { <li id={id}>{item.id}</li> }
        </ul>
    };
    // A stream is not an iterator: a plain `for` cannot render it.
    let _ = html! {
        <ul id="items" phx-update="stream">
            for item in &items { <li>{item.id}</li> }
        </ul>
    };
}
