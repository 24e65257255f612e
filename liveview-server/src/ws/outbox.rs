//! The socket's outbound queue, and the per-channel handle a view task writes through.
//!
//! Every outgoing frame of a socket goes through one bounded queue to its connection task (see
//! [`super::connection`]). Messages are encoded here, by the sender, so the connection only
//! frames and writes them.

use crate::queue;
use liveview_core::wire::{Address, Rejection, write_push, write_reply_with};

/// A message for the connection to write, boxed in the queue: the queue's slots grow to the
/// most items it held at once and stay, so an 8-byte slot keeps a socket's queue small (a
/// message costs one more small allocation, next to encoding it).
pub(crate) type Queued = Box<Out>;

/// A message for the connection to write.
#[derive(Debug)]
pub(crate) enum Out {
    Text(String),
    /// Frames that leave in one write (an update's reply and the pushes of the infos it sent
    /// its own view, see `super::view`).
    Batch(Vec<String>),
}

/// Where a frame goes: the head `[join_ref, ref, topic` of a server frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct To<'a> {
    pub(crate) join_ref: Option<&'a str>,
    pub(crate) msg_ref: Option<&'a str>,
    pub(crate) topic: &'a str,
}

impl<'a> From<&'a Address> for To<'a> {
    fn from(a: &'a Address) -> Self {
        To { join_ref: a.join_ref.as_deref(), msg_ref: Some(&a.msg_ref), topic: &a.topic }
    }
}

/// A reply's `phx_reply` status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok,
    Error,
}

fn reply_frame(to: To<'_>, status: Status, len: usize, response: impl FnOnce(&mut String)) -> String {
    let mut out = String::with_capacity(64 + len + to.topic.len());
    write_reply_with(&mut out, to.join_ref, to.msg_ref, to.topic, status == Status::Ok, response);
    out
}

fn push_frame(to: To<'_>, event: &str, payload: &str) -> String {
    let mut out = String::with_capacity(64 + payload.len() + to.topic.len());
    write_push(&mut out, to.join_ref, to.msg_ref, to.topic, event, payload);
    out
}

/// The sending half of a socket's outbound queue.
#[derive(Debug, Clone)]
pub(crate) struct Outbox(queue::Sender<Queued>);

impl Outbox {
    /// A queue of `capacity` messages and its receiving end (for the connection).
    pub(crate) fn new(capacity: usize) -> (Outbox, queue::Receiver<Queued>) {
        let (tx, rx) = queue::channel(capacity);
        (Outbox(tx), rx)
    }

    /// Queues a frame; waits while the queue is full (back-pressure on the view).
    async fn send(&self, frame: String) -> bool {
        self.queue(Out::Text(frame)).await
    }

    /// Queues `frames` as one item, so that they leave in one write; waits while
    /// the queue is full, as [`Outbox::send`].
    async fn send_batch(&self, mut frames: Vec<String>) -> bool {
        match frames.len() {
            0 => true,
            1 => self.queue(Out::Text(frames.pop().unwrap_or_default())).await,
            _ => self.queue(Out::Batch(frames)).await,
        }
    }

    /// Queues `out`; `false` when the connection is gone.
    ///
    /// The wait is boxed: every view task keeps the state of its largest `await` for its whole
    /// life, and a channel send future is big, while a full queue is rare.
    async fn queue(&self, out: Out) -> bool {
        match self.0.try_send(Box::new(out)) {
            Ok(()) => true,
            Err(queue::TrySendError::Closed(_)) => false,
            Err(queue::TrySendError::Full(out)) => Box::pin(self.0.send(out)).await.is_ok(),
        }
    }

    /// Queues without waiting; `false` when the client is not keeping up (or gone).
    fn try_send(&self, frame: String) -> bool {
        self.0.try_send(Box::new(Out::Text(frame))).is_ok()
    }

    /// An ok reply with `response` (an encoded JSON object), without waiting.
    pub(crate) fn try_reply_ok(&self, to: To<'_>, response: &str) -> bool {
        self.try_send(reply_frame(to, Status::Ok, response.len(), |out| out.push_str(response)))
    }

    /// An error reply `{"reason":…}`, without waiting.
    pub(crate) fn try_reject(&self, to: To<'_>, why: Rejection) -> bool {
        self.try_send(reply_frame(to, Status::Error, 32, |out| why.write_json(out)))
    }

    /// A push, without waiting.
    pub(crate) fn try_push(&self, to: To<'_>, event: &str, payload: &str) -> bool {
        self.try_send(push_frame(to, event, payload))
    }
}

/// One joined channel's way out: its topic and join ref, so a view task names neither.
#[derive(Debug)]
pub(crate) struct ChannelOut {
    outbox: Outbox,
    topic: String,
    join_ref: Option<String>,
}

impl ChannelOut {
    pub(crate) fn new(outbox: Outbox, topic: String, join_ref: Option<String>) -> Self {
        ChannelOut { outbox, topic, join_ref }
    }

    pub(crate) fn topic(&self) -> &str {
        &self.topic
    }

    /// The way out of another channel of the same socket (a view's upload channels).
    pub(crate) fn sibling(&self, topic: String, join_ref: Option<String>) -> ChannelOut {
        ChannelOut::new(self.outbox.clone(), topic, join_ref)
    }

    fn to<'a>(&'a self, msg_ref: Option<&'a str>) -> To<'a> {
        To { join_ref: self.join_ref.as_deref(), msg_ref, topic: &self.topic }
    }

    /// An ok reply to `msg_ref` with `response` (an encoded JSON object).
    pub(crate) async fn reply_ok(&self, msg_ref: Option<&str>, response: &str) -> bool {
        self.reply_with(msg_ref, response.len(), |out| out.push_str(response)).await
    }

    /// An ok reply whose response object `write` appends straight into the frame; `len` is a
    /// size hint for it.
    pub(crate) async fn reply_with(&self, msg_ref: Option<&str>, len: usize, write: impl FnOnce(&mut String)) -> bool {
        self.outbox.send(reply_frame(self.to(msg_ref), Status::Ok, len, write)).await
    }

    /// An error reply to `msg_ref` with `response` (an encoded JSON object).
    pub(crate) async fn reply_error(&self, msg_ref: Option<&str>, response: &str) -> bool {
        self.outbox
            .send(reply_frame(self.to(msg_ref), Status::Error, response.len(), |out| out.push_str(response)))
            .await
    }

    /// An error reply `{"reason":…}` to `msg_ref`.
    pub(crate) async fn reject(&self, msg_ref: Option<&str>, why: Rejection) -> bool {
        self.outbox.send(reply_frame(self.to(msg_ref), Status::Error, 32, |out| why.write_json(out))).await
    }

    /// The frame of an ok reply to `msg_ref`, as [`ChannelOut::reply_with`] sends it.
    pub(crate) fn reply_frame(&self, msg_ref: Option<&str>, len: usize, write: impl FnOnce(&mut String)) -> String {
        reply_frame(self.to(msg_ref), Status::Ok, len, write)
    }

    /// The frame of a push of `event`, as [`ChannelOut::push`] sends it.
    pub(crate) fn push_frame(&self, event: &str, payload: &str) -> String {
        push_frame(self.to(None), event, payload)
    }

    /// The `phx_close` frame [`ChannelOut::closed`] sends.
    pub(crate) fn closed_frame(&self) -> String {
        push_frame(self.to(self.join_ref.as_deref()), "phx_close", "{}")
    }

    /// Queues `frames` (built by the methods above) so that they leave in one write.
    pub(crate) async fn send_frames(&self, frames: Vec<String>) -> bool {
        self.outbox.send_batch(frames).await
    }

    /// A channel control push (`phx_close`, `phx_error`), whose ref is the join ref.
    async fn control(&self, event: &str, payload: &str) -> bool {
        let jr = self.join_ref.as_deref();
        self.outbox.send(push_frame(self.to(jr), event, payload)).await
    }

    /// Answers the join (whose ref is the join ref) with an error: the mount crashed.
    pub(crate) async fn join_crashed(&self) -> bool {
        let jr = self.join_ref.as_deref();
        self.reject(jr, Rejection::JoinCrashed).await
    }

    /// Tells the client this channel's view crashed: it rejoins.
    pub(crate) async fn crashed(&self) -> bool {
        self.control("phx_error", &Rejection::ChannelCrash.to_json()).await
    }
}
