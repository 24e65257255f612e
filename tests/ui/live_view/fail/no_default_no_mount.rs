use liveview::prelude::*;

#[live_view]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    fn render(&self) -> Rendered {
        html! { <p>{self.count}</p> }
    }
}

fn main() {}
