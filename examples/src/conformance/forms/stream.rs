//! `/form/stream` (upstream `FormStreamLive`): a form whose `validate` and `save` each insert
//! one item into a stream inside the form, beside a hook that pings the server on mount
//! (`FormHook`) and items whose hook does too (`FormStreamHook`; both append "pong" to their
//! element on the reply). A counter ticks every 100 ms once connected. Items render as upstream's
//! `*{inspect(item)}`: `*%{id: N}`.
//!
//! The handlers of `validate` and `save` can be held (see [`super::gate`]; sandbox command
//! `hold`); `ping` never is.

use super::gate::Gate;
use crate::conformance::sandbox;
use liveview::prelude::*;
use serde_json::{Value, json};
use std::time::Duration;

/// One stream item.
#[derive(Debug)]
pub struct Item {
    id: u64,
}

/// The 100 ms tick.
#[derive(Debug)]
pub struct Tick;

/// `/form/stream`.
#[live_view]
#[derive(Debug)]
pub struct FormStreamLive {
    count: u64,
    stream_count: u64,
    items: Stream<Item>,
    gate: Gate,
}

impl sandbox::Sandbox for FormStreamLive {
    fn sandbox(&mut self, name: &str, _arg: Value, _socket: &mut Socket) -> Result<Value, String> {
        match name {
            "hold" => Ok(self.gate.hold()),
            other => Err(sandbox::unknown(other)),
        }
    }
}

#[live_view]
impl FormStreamLive {
    fn mount(socket: &mut Socket) -> Self {
        if socket.connected() {
            socket.send_after(Duration::from_millis(100), Tick);
        }
        let items = (1..=3).map(|id| Item { id });
        FormStreamLive {
            count: 0,
            stream_count: 3,
            items: Stream::with_items(|item: &Item| format!("items-{}", item.id), items),
            gate: Gate::default(),
        }
    }

    #[info]
    fn tick(&mut self, _: Tick, socket: &mut Socket) {
        self.count += 1;
        socket.send_after(Duration::from_millis(100), Tick);
    }

    #[event("ping")]
    fn ping(&mut self) -> Reply {
        Reply::new(json!({}))
    }

    #[event("validate")]
    async fn validate(&mut self) {
        self.gate.wait("validate").await;
        self.add_item();
    }

    #[event("save")]
    async fn save(&mut self) {
        self.gate.wait("save").await;
        self.add_item();
    }

    #[event("sandbox:eval")]
    fn sandbox_eval(&mut self, cmd: sandbox::Eval, socket: &mut Socket) -> Reply {
        sandbox::eval(self, cmd, socket)
    }

    #[info]
    fn sandbox_later(&mut self, msg: sandbox::Later, socket: &mut Socket) {
        sandbox::later(self, msg, socket)
    }

    fn render(&self) -> Rendered {
        html! {
            {self.count}
            <form id="test-form" phx-change="validate" phx-submit="save">
                <input name="myname" value={self.count}>
                <input id="other" name="other" value={self.count}>
                <div id="form-stream-hook" phx-hook="FormHook" phx-update="ignore"></div>
                <ul id="form-stream" phx-update="stream">
                    for (dom_id, item) in &self.items, stream {
                        <li id={dom_id} phx-hook="FormStreamHook">"*%{id: "{item.id}"}"</li>
                    }
                </ul>
                <button id="submit" phx-disable-with="Saving...">"Submit"</button>
            </form>
        }
    }
}

impl FormStreamLive {
    /// Upstream's `inc` plus one more stream item.
    fn add_item(&mut self) {
        self.count += 1;
        self.stream_count += 1;
        self.items.insert(Item { id: self.stream_count });
    }
}
