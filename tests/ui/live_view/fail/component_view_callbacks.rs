use liveview::prelude::*;

#[live_component]
#[derive(Default)]
struct Card;

struct Tick;

#[live_component]
impl Card {
    fn handle_params(&mut self) {}

    #[info]
    fn tick(&mut self, _tick: Tick) {}

    fn update(&self) {}

    fn render(&self) -> Rendered {
        html! { <div></div> }
    }
}

fn main() {}
