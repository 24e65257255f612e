use liveview::prelude::*;

#[live_view(name = "counter")]
#[derive(Default)]
struct Counter;

#[live_view]
impl Counter {
    fn render(&self) -> Rendered {
        html! { <p>"counter"</p> }
    }
}

fn main() {}
