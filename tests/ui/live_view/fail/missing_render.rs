use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }
}

fn main() {
    let _router = LiveRouter::new().live::<Counter>("/counter");
}
