//! Every way to start, restart and cancel a task, and to receive its result.
use liveview::prelude::*;
use std::convert::Infallible;

#[derive(Debug)]
struct Loaded(Result<u32, AsyncError<String>>);

#[derive(Debug)]
struct Saved(Result<(), AsyncError<std::io::Error>>);

#[derive(Debug)]
struct Counted(Result<usize, AsyncError<Infallible>>);

async fn fetch(id: u32) -> Result<u32, String> {
    Ok(id * 2)
}

#[live_view]
#[derive(Default)]
struct Page {
    id: u32,
    answer: AsyncResult<u32>,
    saved: Option<String>,
    count: usize,
}

#[live_view]
impl Page {
    async fn mount(socket: &mut Socket) -> Result<Self> {
        socket.start_async("load", fetch(1), Loaded);
        Ok(Page::default())
    }

    #[event("load")]
    fn load(&mut self, socket: &mut Socket) {
        self.answer = AsyncResult::Loading;
        // Copy what the task needs out of the view.
        let id = self.id;
        socket.start_async("load", async move { fetch(id).await }, Loaded);
    }

    #[event("save")]
    async fn save(&mut self, socket: &mut Socket) -> Result<()> {
        let name = format!("save-{}", self.id);
        socket.start_async(name, async { std::fs::metadata(".").map(drop) }, Saved);
        socket.start_async("count", async { Ok(3) }, |r| Counted(r));
        socket.cancel_async("count");
        Ok(())
    }

    #[info]
    fn loaded(&mut self, msg: Loaded) {
        self.answer = msg.0.into();
    }

    #[info]
    fn saved(&mut self, Saved(result): Saved, socket: &mut Socket) {
        match result {
            Ok(()) => socket.put_flash("info", "saved"),
            Err(AsyncError::Failed(e)) => self.saved = Some(e.to_string()),
            Err(AsyncError::Panicked(why)) => self.saved = Some(why),
        }
    }

    #[info]
    fn counted(&mut self, msg: Counted) {
        if let Counted(Ok(n)) = msg {
            self.count = n;
        }
    }

    fn render(&self) -> Rendered {
        html! {
            match &self.answer {
                AsyncResult::Loading => <p>"loading"</p>,
                AsyncResult::Ok(n) => <p>"ready: " {n}</p>,
                AsyncResult::Failed(why) => <p>"failed: " {why}</p>,
            }
            if self.answer.is_loading() {
                <span>"…"</span>
            }
            <button phx-click="load">"load"</button>
            <button phx-click="save">"save"</button>
        }
    }
}

fn main() {}
