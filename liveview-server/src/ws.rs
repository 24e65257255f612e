//! One websocket: Phoenix channel multiplexing over a single connection.
//!
//! The reader task decodes frames and routes them: heartbeats are answered directly; each
//! joined LiveView topic has its own task (see [`crate::view_task`]) with a bounded mailbox, so
//! a view processes its messages strictly in order while other views run independently. All
//! outgoing frames go through one bounded queue to a writer task; a client too slow to drain it
//! is disconnected instead of growing server memory.

use crate::http::{Body, CSRF_COOKIE, Shared, cookie};
use crate::view_task::{self, Charge, Mail, Meter, ViewMsg};
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use liveview_core::runtime::JoinRequest;
use liveview_core::view::Event;
use liveview_core::wire::{Frame, FrameError, write_push, write_reply, write_reply_with};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::Frame as WsFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data as OpData, OpCode};
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_util::sync::CancellationToken;

/// How long one write to a client may take before the client counts as not reading.
const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A frame for the writer task.
#[derive(Debug)]
pub(crate) enum Out {
    Text(String),
    Close(u16, &'static str),
}

/// The sending half of a socket's outbound queue.
#[derive(Debug, Clone)]
pub(crate) struct Outbox(mpsc::Sender<Out>);

impl Outbox {
    /// Queues a frame; waits while the queue is full (back-pressure on the view).
    ///
    /// The wait is boxed: every view task keeps the state of its largest `await` for its whole
    /// life, and a channel send future is big, while a full queue is rare.
    pub(crate) async fn send(&self, frame: String) -> bool {
        match self.0.try_send(Out::Text(frame)) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Closed(_)) => false,
            Err(mpsc::error::TrySendError::Full(out)) => Box::pin(self.0.send(out)).await.is_ok(),
        }
    }

    pub(crate) async fn reply(
        &self,
        join_ref: Option<&str>,
        msg_ref: Option<&str>,
        topic: &str,
        ok: bool,
        response: &str,
    ) -> bool {
        self.reply_with(join_ref, msg_ref, topic, ok, response.len(), |out| out.push_str(response)).await
    }

    /// A reply whose response object `write` appends straight into the frame; `len` is a size
    /// hint for it.
    pub(crate) async fn reply_with(
        &self,
        join_ref: Option<&str>,
        msg_ref: Option<&str>,
        topic: &str,
        ok: bool,
        len: usize,
        write: impl FnOnce(&mut String),
    ) -> bool {
        let mut out = String::with_capacity(64 + len + topic.len());
        write_reply_with(&mut out, join_ref, msg_ref, topic, ok, write);
        self.send(out).await
    }

    pub(crate) async fn push(
        &self,
        join_ref: Option<&str>,
        msg_ref: Option<&str>,
        topic: &str,
        event: &str,
        payload: &str,
    ) -> bool {
        let mut out = String::with_capacity(64 + payload.len() + topic.len());
        write_push(&mut out, join_ref, msg_ref, topic, event, payload);
        self.send(out).await
    }

    /// Queues without waiting; `false` when the client is not keeping up (or gone).
    fn try_reply(&self, join_ref: Option<&str>, msg_ref: Option<&str>, topic: &str, ok: bool, response: &str) -> bool {
        let mut out = String::new();
        write_reply(&mut out, join_ref, msg_ref, topic, ok, response);
        self.0.try_send(Out::Text(out)).is_ok()
    }
}

fn refuse(status: StatusCode, why: &'static str) -> Response<Body> {
    tracing::info!(status = status.as_u16(), why, "websocket upgrade refused");
    let mut r = Response::new(Full::new(Bytes::from(format!("{why}\n"))));
    *r.status_mut() = status;
    r
}

fn origin_allowed(shared: &Shared, req: &Request<Incoming>) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // Non-browser clients send no Origin; browsers always do on websocket upgrades.
        return true;
    };
    match &shared.allowed_origins {
        Some(list) => list.iter().any(|o| o == origin),
        None => {
            let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
            !host.is_empty() && origin_host == host
        }
    }
}

/// Answers a websocket upgrade request and spawns the connection task.
pub(crate) fn upgrade(shared: Arc<Shared>, mut req: Request<Incoming>) -> Response<Body> {
    let h = req.headers();
    let is_upgrade =
        h.get(header::UPGRADE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let Some(key) = h.get(header::SEC_WEBSOCKET_KEY).map(|k| derive_accept_key(k.as_bytes())) else {
        return refuse(StatusCode::BAD_REQUEST, "expected a websocket upgrade");
    };
    if !is_upgrade {
        return refuse(StatusCode::BAD_REQUEST, "expected a websocket upgrade");
    }
    if !origin_allowed(&shared, &req) {
        return refuse(StatusCode::FORBIDDEN, "cross-origin websocket refused");
    }
    // Decoded with form_urlencoded (lossy on invalid UTF-8, which can then never
    // equal a valid token or version).
    let query: Vec<(String, String)> =
        req.uri().query().map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
    let q = |k: &str| query.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if q("vsn") != Some("2.0.0") {
        return refuse(StatusCode::BAD_REQUEST, "unsupported serializer: vsn must be 2.0.0");
    }
    // CSRF: the token in the URL must equal the cookie set by the dead render. On mismatch the
    // socket still connects, but every join is answered `stale` so the client reloads.
    let csrf_ok = match (q("_csrf_token"), cookie(&req, CSRF_COOKIE)) {
        (Some(a), Some(b)) => constant_time_eq(a.as_bytes(), b.as_bytes()),
        _ => false,
    };
    let wants_phoenix = h
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == "phoenix");
    let on_upgrade = hyper::upgrade::on(&mut req);
    let task_shared = shared.clone();
    shared.tracker.spawn(async move {
        match on_upgrade.await {
            Ok(upgraded) => {
                let config = WebSocketConfig::default()
                    .read_buffer_size(1024)
                    .write_buffer_size(0)
                    .max_message_size(Some(task_shared.limits.max_frame_bytes))
                    .max_frame_size(Some(task_shared.limits.max_frame_bytes));
                let ws = WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config)).await;
                // A task of its own, sized for the connection only (the handshake's state is
                // freed with this one).
                task_shared.tracker.spawn(connection(task_shared.clone(), Box::new(ws), csrf_ok));
            }
            Err(e) => tracing::debug!(error = %e, "websocket upgrade failed"),
        }
    });
    let mut resp = Response::new(Full::new(Bytes::new()));
    *resp.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let rh = resp.headers_mut();
    rh.insert(header::UPGRADE, header::HeaderValue::from_static("websocket"));
    rh.insert(header::CONNECTION, header::HeaderValue::from_static("Upgrade"));
    if let Ok(v) = header::HeaderValue::from_str(&key) {
        rh.insert(header::SEC_WEBSOCKET_ACCEPT, v);
    }
    if wants_phoenix {
        rh.insert(header::SEC_WEBSOCKET_PROTOCOL, header::HeaderValue::from_static("phoenix"));
    }
    resp
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A joined topic on this socket.
struct Channel {
    join_ref: Option<String>,
    mailbox: mpsc::Sender<Mail>,
    /// Stops the view task (when a new join replaces it).
    stop: CancellationToken,
}

/// What one socket keeps besides its channels, to bound what a client can make it hold.
#[derive(Default)]
struct Budget {
    /// Bytes of client messages queued for this socket's views.
    queued: Meter,
    /// Parent of every view's stop token: cancelled when the socket ends.
    closing: CancellationToken,
}

/// `ws` comes boxed: a task's future is as large as its largest state, the first one (which
/// holds the arguments) included, and this task lives as long as the socket.
async fn connection<S>(shared: Arc<Shared>, ws: Box<WebSocketStream<S>>, csrf_ok: bool)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sink, mut stream) = (*ws).split();
    let (tx, mut rx) = mpsc::channel::<Out>(shared.limits.outbound_queue);
    let outbox = Outbox(tx);
    let writer = tokio::spawn(async move {
        // A client that stops reading stalls these writes; past WRITE_TIMEOUT it is dropped,
        // so a slow reader costs at most one bounded queue of frames.
        while let Some(out) = rx.recv().await {
            let mut next = Some(out);
            // Feed everything queued, then flush once.
            while let Some(out) = next.take() {
                match out {
                    Out::Text(t) => {
                        // One deadline for the whole message, however many fragments it takes.
                        let write = async {
                            for m in fragments(t) {
                                sink.feed(m).await?;
                            }
                            Ok::<_, tokio_tungstenite::tungstenite::Error>(())
                        };
                        if !matches!(tokio::time::timeout(WRITE_TIMEOUT, write).await, Ok(Ok(()))) {
                            tracing::info!("client not reading (or gone): dropping the socket");
                            return;
                        }
                    }
                    Out::Close(code, reason) => {
                        let _ = tokio::time::timeout(WRITE_TIMEOUT, sink.send(close(code, reason))).await;
                        return;
                    }
                }
                next = rx.try_recv().ok();
            }
            if !matches!(tokio::time::timeout(WRITE_TIMEOUT, sink.flush()).await, Ok(Ok(()))) {
                tracing::info!("client not reading (or gone): dropping the socket");
                return;
            }
        }
        let _ = tokio::time::timeout(WRITE_TIMEOUT, sink.close()).await;
    });
    let mut channels: HashMap<String, Channel> = HashMap::new();
    let mut budget = Budget::default();
    let idle = shared.limits.idle_timeout;
    loop {
        let next = tokio::select! {
            _ = shared.shutdown.cancelled() => {
                // 1012 "service restart": the client reconnects and rejoins (1000 would reload).
                let _ = outbox.0.try_send(Out::Close(1012, "server restarting"));
                break;
            }
            _ = outbox.0.closed() => {
                // The writer gave up on a client that does not read: stop reading it too.
                break;
            }
            n = tokio::time::timeout(idle, stream.next()) => n,
        };
        let msg = match next {
            Err(_) => {
                tracing::info!("closing a socket silent for {idle:?} (no heartbeats)");
                let _ = outbox.0.try_send(Out::Close(1001, "idle timeout"));
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                tracing::info!(error = %e, "websocket read error; closing");
                let code = match e {
                    tokio_tungstenite::tungstenite::Error::Capacity(_) => 1009,
                    tokio_tungstenite::tungstenite::Error::Utf8(_) => 1007,
                    _ => 1002,
                };
                let _ = outbox.0.try_send(Out::Close(code, "protocol error"));
                break;
            }
            Ok(Some(Ok(m))) => m,
        };
        let keep = match msg {
            Message::Text(t) => on_text(&shared, &outbox, &mut channels, &mut budget, csrf_ok, t.as_str()),
            Message::Binary(b) => on_binary(&outbox, &b),
            Message::Close(_) => break,
            _ => true,
        };
        if !keep {
            break;
        }
    }
    // Views stop at their next await: nobody is left to read what they would send.
    budget.closing.cancel();
    drop(channels);
    drop(outbox);
    let abort = writer.abort_handle();
    if tokio::time::timeout(WRITE_TIMEOUT, writer).await.is_err() {
        abort.abort();
    }
}

/// The largest frame the writer sends: longer messages go out as a text frame followed by
/// continuation frames (RFC 6455 §5.4; the browser hands the page the whole message).
///
/// tungstenite formats each frame into a per-socket buffer that keeps its capacity for the
/// life of the socket, so one large join reply or diff would otherwise pin that much memory
/// on every socket that ever received one.
pub(crate) const FRAGMENT: usize = 4096;

/// `text` as one message, or as fragments of at most [`FRAGMENT`] bytes (split between
/// characters, sharing the text's buffer).
fn fragments(text: String) -> Vec<Message> {
    if text.len() <= FRAGMENT {
        return vec![Message::Text(text.into())];
    }
    let bytes = Bytes::from(text);
    let len = bytes.len();
    let mut out = Vec::with_capacity(len / FRAGMENT + 1);
    let mut start = 0;
    while start < len {
        let mut end = (start + FRAGMENT).min(len);
        // Not inside a UTF-8 sequence (continuation bytes are 0b10xx_xxxx).
        while end < len && bytes[end] & 0xc0 == 0x80 {
            end -= 1;
        }
        let opcode = if start == 0 { OpCode::Data(OpData::Text) } else { OpCode::Data(OpData::Continue) };
        out.push(Message::Frame(WsFrame::message(bytes.slice(start..end), opcode, end == len)));
        start = end;
    }
    out
}

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code: CloseCode::from(code), reason: reason.into() }))
}

/// Routes one text frame. Returns `false` when the socket must be closed.
fn on_text(
    shared: &Arc<Shared>,
    outbox: &Outbox,
    channels: &mut HashMap<String, Channel>,
    budget: &mut Budget,
    csrf_ok: bool,
    text: &str,
) -> bool {
    let frame = match Frame::decode(text) {
        Ok(f) => f,
        Err(e) => {
            if let Some((join_ref, msg_ref, topic)) = FrameError::readable_ref(text) {
                tracing::warn!(error = %e, len = text.len(), "malformed frame; error reply");
                return outbox.try_reply(
                    join_ref.as_deref(),
                    Some(&msg_ref),
                    &topic,
                    false,
                    r#"{"reason":"malformed frame"}"#,
                );
            }
            // Nothing to address a reply to: the client would wait for one in vain.
            tracing::warn!(error = %e, len = text.len(), "malformed frame without a readable ref; closing (1007)");
            let _ = outbox.0.try_send(Out::Close(1007, "malformed frame"));
            return false;
        }
    };
    let jr = frame.join_ref.as_deref();
    let mr = frame.msg_ref.as_deref();
    match (frame.topic.as_str(), frame.event.as_str()) {
        ("phoenix", "heartbeat") => outbox.try_reply(None, mr, "phoenix", true, "{}"),
        (topic, "phx_join") => join(shared, outbox, channels, budget, csrf_ok, frame.clone(), topic),
        (topic, "phx_leave") => {
            if channels.get(topic).is_some_and(|c| c.join_ref.as_deref() == jr) {
                // Dropping the mailbox ends the view task once it has drained.
                channels.remove(topic);
            }
            outbox.try_reply(jr, mr, topic, true, "{}")
        }
        (topic, event) => {
            let Some(ch) = channels.get(topic) else {
                return outbox.try_reply(jr, mr, topic, false, r#"{"reason":"unmatched topic"}"#);
            };
            if ch.join_ref.as_deref() != jr {
                tracing::debug!(topic, "message for an old join of this topic ignored");
                return true;
            }
            let Some(charge) = budget.queued.charge(text.len(), shared.limits.queued_bytes) else {
                tracing::warn!(
                    topic,
                    "too many bytes queued for this socket's views: client sends faster than they handle; closing socket"
                );
                let _ = outbox.0.try_send(Out::Close(1008, "too many messages"));
                return false;
            };
            let msg = match to_view_msg(event, frame.msg_ref.clone(), frame.payload, charge) {
                Ok(m) => m,
                Err(why) => {
                    tracing::warn!(topic, event, why, "bad message");
                    return outbox.try_reply(jr, mr, topic, false, &serde_json::json!({ "reason": why }).to_string());
                }
            };
            match ch.mailbox.try_send(Box::new(msg)) {
                Ok(()) => true,
                Err(mpsc::error::TrySendError::Full(_)) => {
                    tracing::warn!(
                        topic,
                        "view mailbox full: client sends faster than the view can handle; closing socket"
                    );
                    let _ = outbox.0.try_send(Out::Close(1008, "too many messages"));
                    false
                }
                Err(mpsc::error::TrySendError::Closed(_)) => {
                    channels.remove(topic);
                    outbox.try_reply(jr, mr, topic, false, r#"{"reason":"unmatched topic"}"#)
                }
            }
        }
    }
}

/// Routes one binary frame. Uploads (the only binary frames of the protocol) are not
/// supported: a readable push gets an error reply, anything else closes the socket.
fn on_binary(outbox: &Outbox, bytes: &[u8]) -> bool {
    match FrameError::readable_binary_ref(bytes) {
        Some((join_ref, msg_ref, topic)) => {
            tracing::warn!(bytes = bytes.len(), %topic, "binary frame refused (uploads are not supported)");
            outbox.try_reply(
                join_ref.as_deref(),
                Some(&msg_ref),
                &topic,
                false,
                r#"{"reason":"binary frames are not supported"}"#,
            )
        }
        None => {
            tracing::warn!(bytes = bytes.len(), "unreadable binary frame; closing (1003)");
            let _ = outbox.0.try_send(Out::Close(1003, "unsupported data"));
            false
        }
    }
}

fn to_view_msg(event: &str, msg_ref: Option<String>, payload: Value, charge: Charge) -> Result<ViewMsg, &'static str> {
    let mut payload = payload;
    let mut take = |k: &str| payload.get_mut(k).map(Value::take);
    match event {
        "event" => {
            let name = match take("event") {
                Some(Value::String(s)) => s,
                _ => return Err("event payload needs a string \"event\""),
            };
            let kind = match take("type") {
                Some(Value::String(s)) => s,
                _ => "click".to_owned(),
            };
            let value = take("value").unwrap_or(Value::Null);
            let meta = take("meta");
            let cid = take("cid").and_then(|c| c.as_u64()).and_then(|c| u32::try_from(c).ok());
            Ok(ViewMsg::Event { msg_ref, event: Event { name, kind, value, meta, cid }, charge })
        }
        "live_patch" => match take("url") {
            Some(Value::String(url)) => Ok(ViewMsg::LivePatch { msg_ref, url, charge }),
            _ => Err("live_patch payload needs a string \"url\""),
        },
        "cids_will_destroy" | "cids_destroyed" => {
            let cids = take("cids")
                .and_then(|c| c.as_array().map(|a| a.iter().filter_map(Value::as_u64).collect()))
                .unwrap_or_default();
            Ok(ViewMsg::Cids { msg_ref, destroyed: event == "cids_destroyed", cids, charge })
        }
        _ => Err("unknown event"),
    }
}

fn join(
    shared: &Arc<Shared>,
    outbox: &Outbox,
    channels: &mut HashMap<String, Channel>,
    budget: &mut Budget,
    csrf_ok: bool,
    frame: Frame,
    topic: &str,
) -> bool {
    let jr = frame.join_ref.clone().or_else(|| frame.msg_ref.clone());
    let mr = frame.msg_ref.as_deref();
    if !topic.starts_with("lv:") {
        return outbox.try_reply(jr.as_deref(), mr, topic, false, r#"{"reason":"unmatched topic"}"#);
    }
    if let Some(old) = channels.remove(topic) {
        // A second join of a joined topic replaces the old instance (Phoenix shuts it down
        // first): it stops now, with whatever it still had queued.
        old.stop.cancel();
        if !old.mailbox.is_closed() {
            let mut close = String::new();
            write_push(&mut close, old.join_ref.as_deref(), old.join_ref.as_deref(), topic, "phx_close", "{}");
            let _ = outbox.0.try_send(Out::Text(close));
        }
    }
    if channels.len() >= shared.limits.max_views_per_socket {
        tracing::warn!(topic, "join refused: too many views on one socket");
        return outbox.try_reply(jr.as_deref(), mr, topic, false, r#"{"reason":"too many views on this socket"}"#);
    }
    if !csrf_ok {
        tracing::info!(topic, "join refused: CSRF token missing or mismatched");
        return outbox.try_reply(jr.as_deref(), mr, topic, false, r#"{"reason":"stale"}"#);
    }
    let req = match JoinRequest::from_payload(topic, &frame.payload) {
        Ok(r) => r,
        Err(why) => {
            tracing::info!(topic, why, "join refused: bad payload");
            return outbox.try_reply(jr.as_deref(), mr, topic, false, r#"{"reason":"stale"}"#);
        }
    };
    let (tx, rx) = mpsc::channel(shared.limits.view_mailbox);
    let stop = budget.closing.child_token();
    channels.insert(topic.to_owned(), Channel { join_ref: jr.clone(), mailbox: tx.clone(), stop: stop.clone() });
    view_task::spawn(view_task::Start {
        shared: shared.clone(),
        outbox: outbox.clone(),
        topic: topic.to_owned(),
        join_ref: jr,
        join_msg_ref: frame.msg_ref,
        req,
        mailbox: rx,
        weak_self: tx.downgrade(),
        stop,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reassemble(ms: &[Message]) -> (String, Vec<(bool, bool, usize)>) {
        let mut bytes = Vec::new();
        let mut shape = Vec::new();
        for m in ms {
            match m {
                Message::Text(t) => {
                    bytes.extend_from_slice(t.as_bytes());
                    shape.push((true, true, t.len()));
                }
                Message::Frame(f) => {
                    let text = f.header().opcode == OpCode::Data(OpData::Text);
                    bytes.extend_from_slice(f.payload());
                    shape.push((text, f.header().is_final, f.payload().len()));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        (String::from_utf8(bytes).expect("fragments split inside a character"), shape)
    }

    #[test]
    fn short_messages_stay_whole_and_long_ones_split_between_characters() {
        let short = "x".repeat(FRAGMENT);
        assert!(matches!(&fragments(short.clone())[..], [Message::Text(t)] if *t == short));

        // Multi-byte characters straddle every fragment boundary.
        let long: String = "é🌍a".repeat(3 * FRAGMENT / 7 + 5);
        let ms = fragments(long.clone());
        let (back, shape) = reassemble(&ms);
        assert_eq!(back, long);
        assert!(shape.len() >= 2, "{shape:?}");
        assert!(shape.iter().all(|&(_, _, n)| n <= FRAGMENT), "{shape:?}");
        assert!(shape[..shape.len() - 1].iter().all(|&(_, _, n)| n > FRAGMENT - 4), "{shape:?}");
        // One text frame first, continuations after it, FIN only on the last.
        assert!(shape[0].0 && shape[1..].iter().all(|s| !s.0), "{shape:?}");
        assert!(shape[..shape.len() - 1].iter().all(|s| !s.1) && shape[shape.len() - 1].1, "{shape:?}");
    }
}
