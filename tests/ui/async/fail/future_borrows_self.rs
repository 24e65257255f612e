use liveview::prelude::*;

struct Loaded(Result<u32, AsyncError<String>>);

#[live_view]
#[derive(Default)]
struct Page {
    id: u32,
    answer: AsyncResult<u32>,
}

#[live_view]
impl Page {
    #[event("load")]
    fn load(&mut self, socket: &mut Socket) {
        // The task outlives the handler: it may not borrow the view.
        socket.start_async("load", async { Ok::<u32, String>(self.id) }, Loaded);
    }

    #[info]
    fn loaded(&mut self, msg: Loaded) {
        self.answer = msg.0.into();
    }

    fn render(&self) -> Rendered {
        html! { <button phx-click="load">{self.id}</button> }
    }
}

fn main() {}
