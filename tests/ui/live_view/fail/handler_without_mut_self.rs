use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("show")]
    fn show(&self) {
        println!("{}", self.count);
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.count}</p> }
    }
}

fn main() {}
