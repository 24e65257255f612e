use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    fn render(&self) -> String {
        self.count.to_string()
    }
}

fn main() {}
