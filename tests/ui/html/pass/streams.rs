use liveview::{Stream, html};

struct Item {
    id: u32,
    text: String,
}

struct Row {
    id: u32,
    comments: Stream<Item>,
}

fn main() {
    let items = Stream::new(|i: &Item| format!("items-{}", i.id));
    let rows: Vec<Row> = Vec::new();
    let mode = "stream";
    let _ = html! {
        <ul id="items" phx-update="stream">
            for (id, item) in &items, stream { <li id={id}>{&item.text}</li> }
        </ul>
        // Inside a keyed loop: one stream per row.
        for row in &rows, key = row.id {
            <ol id={format_args!("comments-{}", row.id)} phx-update="stream">
                for (id, c) in &row.comments, stream { <li id={id}>{&c.text}</li> }
            </ol>
        }
        // A dynamic phx-update is checked when rendering, in debug builds.
        <ul id="other" phx-update={mode}>
            for (id, item) in &items, stream { <li id={id}>{item.id}</li> }
        </ul>
    };
}
