use liveview::prelude::*;

#[live_view]
#[derive(Default)]
pub struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }

    fn render(&self) -> Rendered {
        html! { <button phx-click={JS::new().push("increment").show("#done")}>"+"</button> }
    }
}

fn main() {}
