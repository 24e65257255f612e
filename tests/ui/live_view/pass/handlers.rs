//! Every event and info handler shape.

#![deny(warnings)]

use liveview::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Payload {
    id: u32,
}

struct Tick;
struct Named(String);

#[derive(Debug)]
struct MyError;

impl std::fmt::Display for MyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("my error")
    }
}

impl std::error::Error for MyError {}

#[live_view]
#[derive(Default)]
struct Handlers {
    n: u32,
}

#[live_view]
impl Handlers {
    #[event("sync")]
    fn sync(&mut self) {
        self.n += 1;
    }

    #[event("async")]
    async fn asynchronous(&mut self) {
        self.n += 1;
    }

    #[event("socket")]
    fn with_socket(&mut self, socket: &mut Socket) {
        socket.push_patch("/x");
    }

    #[event("shared-socket")]
    fn with_shared_socket(&mut self, socket: &Socket) {
        self.n += socket.connected() as u32;
    }

    #[event("payload")]
    async fn payload(&mut self, payload: Payload) {
        self.n = payload.id;
    }

    #[event("payload-and-socket")]
    async fn payload_and_socket(&mut self, socket: &mut liveview::Socket, payload: Payload) {
        socket.page_title(payload.id.to_string());
    }

    #[event("whole")]
    fn whole(&mut self, event: Event, socket: &mut Socket) {
        socket.page_title(event.name);
    }

    #[event("whole-and-payload")]
    fn whole_and_payload(&mut self, payload: Payload, event: liveview::Event) {
        self.n = payload.id + event.name.len() as u32;
    }

    #[event("reply")]
    fn reply(&mut self) -> Reply {
        Reply::new(self.n)
    }

    #[event("maybe-reply")]
    async fn maybe_reply(&mut self) -> Option<Reply> {
        None
    }

    #[event("result")]
    fn result(&mut self) -> Result<()> {
        Ok(())
    }

    #[event("result-reply")]
    async fn result_reply(&mut self, payload: Payload) -> Result<Reply, MyError> {
        if payload.id == 0 { Err(MyError) } else { Ok(Reply::new(payload.id)) }
    }

    #[event("a")]
    #[event("b")]
    fn stacked(self: &mut Self) {}

    #[info]
    fn tick(&mut self, _tick: Tick) {
        self.n += 1;
    }

    #[info]
    async fn named(&mut self, Named(name): Named, socket: &mut Socket) -> Result<(), MyError> {
        socket.page_title(name);
        Ok(())
    }

    #[info]
    fn number(&mut self, socket: &mut Socket, n: u32) -> Result<()> {
        socket.send_info(Tick);
        self.n = n;
        Ok(())
    }

    /// A helper: not a callback, left alone.
    fn double(&self) -> u32 {
        self.n * 2
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.double()}</p> }
    }
}

fn assert_live_view<V: LiveView>() {}

fn main() {
    assert_live_view::<Handlers>();
}
