use liveview::prelude::*;

struct Tick;

#[live_view]
#[derive(Default)]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("inc")]
    fn inc(&self) {}

    #[event("inc")]
    fn increment(&mut self, socket: &mut Socket, again: &mut Socket) {
        let _ = (socket, again);
    }

    #[info]
    fn tick(&mut self, tick: Tick, other: Tick) {
        let _ = (tick, other);
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.count}</p> }
    }
}

fn main() {
    let _router = LiveRouter::new().live::<Counter>("/counter");
}
