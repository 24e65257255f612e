use liveview::prelude::*;
use std::rc::Rc;

struct Loaded(Result<u32, AsyncError<String>>);

async fn fetch() {}

#[live_view]
#[derive(Default)]
struct Page {
    answer: AsyncResult<u32>,
}

#[live_view]
impl Page {
    #[event("load")]
    fn load(&mut self, socket: &mut Socket) {
        socket.start_async(
            "load",
            async {
                let shared = Rc::new(1);
                fetch().await;
                Ok::<u32, String>(*shared)
            },
            Loaded,
        );
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
