use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event]
    fn inc(&mut self) {
        self.count += 1;
    }

    #[event(dec)]
    fn dec(&mut self) {
        self.count -= 1;
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.count}</p> }
    }
}

fn main() {}
