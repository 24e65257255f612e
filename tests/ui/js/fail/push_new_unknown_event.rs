use liveview::js::Push;
use liveview::prelude::*;

#[live_view]
#[derive(Default)]
pub struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("add")]
    fn add(&mut self) {
        self.count += 2;
    }

    fn render(&self) -> Rendered {
        html! { <button phx-click={JS::new().push(Push::new("ad").value(serde_json::json!({"by": 2})))}>"+2"</button> }
    }
}

fn main() {}
