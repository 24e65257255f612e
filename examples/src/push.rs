//! `/push`: the socket push API — push_event, push_patch, push_redirect, flash, title, crash.

use liveview::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

static MOUNTS: AtomicU64 = AtomicU64::new(0);

/// Exercises every push.
#[live_view]
#[derive(Debug)]
pub struct Push {
    pushes: u64,
    titles: u64,
    mount_id: u64,
    params: String,
}

#[live_view]
impl Push {
    async fn mount(socket: &mut Socket) -> Result<Self> {
        let mount_id = if socket.connected() { MOUNTS.fetch_add(1, Ordering::Relaxed) + 1 } else { 0 };
        Ok(Push { pushes: 0, titles: 0, mount_id, params: String::new() })
    }

    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.params = params.query().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        Ok(())
    }

    #[event("push-event")]
    fn push_event(&mut self, socket: &mut Socket) {
        self.pushes += 1;
        socket.push_event("my-event", serde_json::json!({"foo": "bar", "n": self.pushes}));
    }

    #[event("patch")]
    fn patch(&mut self, socket: &mut Socket) {
        socket.push_patch(Location::new("/push").param("bar", "baz"));
    }

    #[event("patch-replace")]
    fn patch_replace(&mut self, socket: &mut Socket) {
        socket.push_patch(Location::new("/push").param("bar", "qux").replace());
    }

    #[event("redirect")]
    fn redirect(&mut self, socket: &mut Socket) {
        socket.push_redirect(Location::new("/counter").param("from", "push"));
    }

    #[event("remount")]
    fn remount(&mut self, socket: &mut Socket) {
        socket.push_redirect(Location::new("/push").param("remount", "1"));
    }

    #[event("flash-redirect")]
    fn flash_redirect(&mut self, socket: &mut Socket) {
        socket.put_flash("info", "Hello from /push");
        socket.push_redirect("/counter");
    }

    #[event("title")]
    fn title(&mut self, socket: &mut Socket) {
        self.titles += 1;
        socket.page_title(format!("Pushed {}", self.titles));
    }

    #[event("crash")]
    fn crash(&mut self) {
        panic!("crash requested by the #crash button");
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Push API"</h1>
                <p>"mount " <span id="mount-id">{self.mount_id}</span></p>
                <p>"params: " <span id="params">{&self.params}</span></p>
                <p>
                    <button id="push-event" phx-click="push-event">"push_event"</button>
                    <button id="patch" phx-click="patch">"push_patch"</button>
                    <button id="patch-replace" phx-click="patch-replace">"push_patch (replace)"</button>
                    <button id="redirect" phx-click="redirect">"push_redirect /counter"</button>
                    <button id="remount" phx-click="remount">"push_redirect /push"</button>
                    <button id="flash-redirect" phx-click="flash-redirect">"flash + push_redirect"</button>
                    <button id="title" phx-click="title">"page_title"</button>
                    <button id="crash" phx-click="crash">"crash"</button>
                </p>
                <p>"window listener: " <span id="window-log" phx-update="ignore"></span></p>
                <p>"hook: " <span id="hook-log" phx-hook="Listener" phx-update="ignore"></span></p>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
