//! What the runtime returns after each input: frames for the client and effects for the
//! transport.

use crate::socket::{PubSubOp, Scheduled};
use crate::task::AsyncOp;
use crate::upload::UploadOp;

/// A push sent before the reply (or, for infos, instead of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Push {
    /// Event name: `live_patch`, `diff`, `live_redirect`, `redirect`.
    pub event: &'static str,
    /// Encoded JSON payload.
    pub payload: String,
}

/// What the client must be told after an input, and what the transport must do for the view.
#[derive(Debug)]
pub struct Update {
    /// Pushes that precede the answer (`live_patch` before the diff, as Phoenix does).
    pub before: Vec<Push>,
    /// The answer.
    pub answer: Answer,
    /// The view has stopped (navigation away): close the channel after sending.
    pub stop: bool,
    /// Timers, pubsub requests and async tasks the callback made: the transport carries them
    /// out after sending (broadcasts too when the view stopped).
    pub effects: Effects,
}

/// Requests a callback made through its socket that only the transport can carry out.
///
/// They travel in what the runtime returns ([`Update::effects`], [`Joined::Ok`](super::Joined::Ok)),
/// never through the [`Socket`](crate::socket::Socket) handed to user code, so a handler
/// cannot take (and so silently drop) its own `send_after` or `broadcast`.
#[derive(Debug, Default)]
pub struct Effects {
    /// Infos for the view itself (`send_info`, `send_after`).
    pub scheduled: Vec<Scheduled>,
    /// Subscriptions and broadcasts, in the order they were asked for.
    pub pubsub: Vec<PubSubOp>,
    /// Upload entries whose data and channel go (consumed, cancelled, failed).
    pub uploads: Vec<UploadOp>,
    /// Async tasks to start or cancel (`start_async`, `cancel_async`), in order.
    pub tasks: Vec<AsyncOp>,
}

impl Effects {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.scheduled.is_empty() && self.pubsub.is_empty() && self.uploads.is_empty() && self.tasks.is_empty()
    }
}

/// The main answer of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Nothing changed.
    Empty,
    /// A diff object.
    Diff(String),
    /// `live_redirect` payload `{"to","kind","flash"?}`.
    LiveRedirect(String),
    /// `redirect` payload `{"to","flash"?}`.
    Redirect(String),
    /// The patched URL belongs to another view: the client navigates live.
    LinkRedirect,
    /// A whole response object (an upload preflight's, its diff inside).
    Response(String),
}

impl Update {
    pub(super) fn new() -> Self {
        Update { before: Vec::new(), answer: Answer::Empty, stop: false, effects: Effects::default() }
    }

    /// The reply's `response` object for a message with a ref.
    pub fn reply_json(&self) -> String {
        self.answer.reply_json()
    }

    /// The answer as a push, for updates without a ref (infos).
    pub fn answer_push(&self) -> Option<Push> {
        self.answer.as_push()
    }
}

impl Answer {
    /// The reply's `response` object for a message with a ref.
    pub fn reply_json(&self) -> String {
        let mut out = String::new();
        self.write_reply_json(&mut out);
        out
    }

    /// About how long [`Answer::write_reply_json`]'s output is (a capacity hint).
    pub fn reply_len(&self) -> usize {
        match self {
            Answer::Diff(d) | Answer::LiveRedirect(d) | Answer::Redirect(d) => d.len() + 20,
            Answer::Empty | Answer::LinkRedirect => 24,
            Answer::Response(r) => r.len(),
        }
    }

    /// Appends the reply's `response` object to `out` (straight into the outgoing frame).
    pub fn write_reply_json(&self, out: &mut String) {
        let (key, value) = match self {
            Answer::Empty => return out.push_str("{}"),
            Answer::LinkRedirect => return out.push_str("{\"link_redirect\":true}"),
            Answer::Response(r) => return out.push_str(r),
            Answer::Diff(d) => ("{\"diff\":", d),
            Answer::LiveRedirect(p) => ("{\"live_redirect\":", p),
            Answer::Redirect(p) => ("{\"redirect\":", p),
        };
        out.reserve(key.len() + value.len() + 1);
        out.push_str(key);
        out.push_str(value);
        out.push('}');
    }

    /// The answer as a push, for updates without a ref (infos).
    pub fn as_push(&self) -> Option<Push> {
        match self {
            Answer::Empty | Answer::LinkRedirect | Answer::Response(_) => None,
            Answer::Diff(d) => Some(Push { event: "diff", payload: d.clone() }),
            Answer::LiveRedirect(p) => Some(Push { event: "live_redirect", payload: p.clone() }),
            Answer::Redirect(p) => Some(Push { event: "redirect", payload: p.clone() }),
        }
    }
}
