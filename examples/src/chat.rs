//! `/chat`: one room; a message sent from `#chat-form` appears for everyone in `#messages`.
//!
//! Messages travel by pubsub only (no store): a view shows what was said since it joined, the
//! last [`KEEP`] messages. The sender's own message comes back through pubsub like everyone
//! else's, so every viewer shows the same messages in the same order per sender.
//!
//! `#online` lists who is connected, on every node: each view tracks its name on [`TOPIC`]
//! (Phoenix.Presence) and keeps the list from the presence diffs it receives. A closed tab
//! leaves at once; the users of a node that dies leave when its presence TTL expires.

use liveview::prelude::*;
use liveview::presence::{PresenceDiff, Presences};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The pubsub topic.
pub const TOPIC: &str = "chat:lobby";

/// Messages kept on screen.
pub const KEEP: usize = 50;

/// Longest message accepted, in characters (longer ones are cut).
const MAX_CHARS: usize = 500;

/// A chat line, as broadcast.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Said {
    /// Who: the sender's random guest name.
    pub from: String,
    /// What.
    pub text: String,
}

/// The posted form.
#[derive(Debug, Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    message: String,
}

/// A chat room.
#[live_view]
#[derive(Debug)]
pub struct Chat {
    me: String,
    draft: String,
    messages: VecDeque<Said>,
    /// Who is here (names; no metadata).
    online: Presences<()>,
}

#[live_view]
impl Chat {
    fn mount(socket: &mut Socket) -> Self {
        socket.subscribe::<Said>(TOPIC);
        // A name of its own: the view id is unique within a page only, and two visitors
        // sharing a name would share one presence entry.
        let me = format!("guest-{:06x}", rand::random::<u32>() & 0xff_ffff);
        // Both only act once connected: the dead render lists nobody.
        socket.track(TOPIC, &me, &());
        socket.subscribe_presence::<()>(TOPIC);
        Chat { me, draft: String::new(), messages: VecDeque::new(), online: Presences::new() }
    }

    /// First everyone here, then each join and leave.
    #[info]
    fn presence(&mut self, diff: PresenceDiff<()>) {
        self.online.apply(diff);
    }

    #[event("draft")]
    fn draft(&mut self, form: MessageForm) {
        self.draft = form.message;
    }

    #[event("send")]
    fn send(&mut self, form: MessageForm, socket: &mut Socket) {
        let text: String = form.message.trim().chars().take(MAX_CHARS).collect();
        // Clearing the draft changes the input's value, so the browser empties it.
        self.draft.clear();
        if !text.is_empty() {
            socket.broadcast(TOPIC, &Said { from: self.me.clone(), text });
        }
    }

    #[info]
    fn said(&mut self, said: Said) {
        self.messages.push_back(said);
        while self.messages.len() > KEEP {
            self.messages.pop_front();
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Chat"</h1>
                <p>"You are " <b id="me">{&self.me}</b></p>
                <h2>"Online"</h2>
                <ul id="online">
                    for name in self.online.keys() {
                        <li>{name}</li>
                    }
                </ul>
                <ul id="messages">
                    for said in &self.messages {
                        <li><b>{&said.from}</b> ": " {&said.text}</li>
                    }
                </ul>
                <form id="chat-form" phx-change="draft" phx-submit="send">
                    <input id="chat-message" type="text" name="message" value={&self.draft} autocomplete="off" placeholder="Say something" />
                    <button type="submit">"Send"</button>
                </form>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
