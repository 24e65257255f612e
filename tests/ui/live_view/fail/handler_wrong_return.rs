use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("inc")]
    fn inc(&mut self) -> i64 {
        self.count += 1;
        self.count
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.count}</p> }
    }
}

fn main() {}
