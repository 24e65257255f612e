use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Clock {
    ticks: u64,
}

#[live_view]
impl Clock {
    #[info]
    fn tick(&mut self, socket: &mut Socket) {
        self.ticks += 1;
        socket.page_title(self.ticks.to_string());
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.ticks}</p> }
    }
}

fn main() {}
