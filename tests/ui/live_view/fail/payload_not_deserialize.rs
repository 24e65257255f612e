use liveview::prelude::*;

struct Bump {
    by: i64,
}

#[live_view]
#[derive(Default)]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("bump")]
    fn bump(&mut self, bump: Bump) {
        self.count += bump.by;
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.count}</p> }
    }
}

fn main() {}
