//! `/chat`: one room; a message sent from `#chat-form` appears for everyone in `#messages`.
//!
//! Messages travel by pubsub only (no store): a view shows what was said since it joined, the
//! last [`KEEP`] messages. The sender's own message comes back through pubsub like everyone
//! else's, so every viewer shows the same messages in the same order per sender.

use liveview::prelude::*;
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
    /// Who: a short name derived from the sender's view id.
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
}

#[live_view]
impl Chat {
    fn mount(socket: &mut Socket) -> Self {
        socket.subscribe::<Said>(TOPIC);
        let id = socket.view_id();
        let tail: String = id.chars().skip(id.chars().count().saturating_sub(4)).collect();
        let me = format!("guest-{tail}");
        Chat { me, draft: String::new(), messages: VecDeque::new() }
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
