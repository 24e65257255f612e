use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Counter;

#[live_view(debug)]
impl Counter {
    fn render(&self) -> Rendered {
        html! { <p>"counter"</p> }
    }
}

fn main() {}
