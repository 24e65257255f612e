use liveview::prelude::*;

#[live_component]
#[derive(Default)]
struct Card {
    count: i64,
}

// Props must be `Clone + PartialEq`: a parent render calls `update` only when they changed.
struct CardProps {
    start: i64,
}

#[live_component]
impl Card {
    fn update(&mut self, props: CardProps) {
        self.count = props.start;
    }

    fn render(&self) -> Rendered {
        html! { <div>{self.count}</div> }
    }
}

fn main() {}
