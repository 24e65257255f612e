use liveview::prelude::*;

struct Loaded(Result<u32, AsyncError<String>>);

#[live_view]
#[derive(Default)]
struct Page {
    answer: AsyncResult<u32>,
}

#[live_view]
impl Page {
    #[event("load")]
    fn load(&mut self, socket: &mut Socket) {
        socket.start_async("load", async { 42u32 }, Loaded);
    }

    #[info]
    fn loaded(&mut self, msg: Loaded) {
        self.answer = msg.0.into();
    }

    fn render(&self) -> Rendered {
        html! { <button phx-click="load">"load"</button> }
    }
}

fn main() {}
