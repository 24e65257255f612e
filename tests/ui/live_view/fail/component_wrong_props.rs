use liveview::prelude::*;

#[live_component]
#[derive(Default)]
struct Card {
    count: i64,
}

#[derive(Clone, PartialEq)]
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

#[live_view]
#[derive(Default)]
struct Page;

#[live_view]
impl Page {
    fn render(&self) -> Rendered {
        // The props of a Card are a CardProps, not an integer.
        html! { <main>{live_component::<Card>(1, 5)}</main> }
    }
}

fn main() {}
