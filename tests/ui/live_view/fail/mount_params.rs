use liveview::prelude::*;

#[live_view]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    fn mount(params: &mut Params, start: i64) -> Self {
        Counter { count: start + params.path().len() as i64 }
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.count}</p> }
    }
}

fn main() {}
