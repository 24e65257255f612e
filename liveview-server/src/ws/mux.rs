//! Channel multiplexing: routes each frame of a socket to its topic.
//!
//! Heartbeats are answered here; each joined LiveView topic has its own task (see
//! [`super::view`]) with a bounded mailbox, so a view processes its messages strictly in order
//! while other views run independently. Everything a client can make a socket hold is bounded:
//! views per socket, queued bytes, mailbox slots.

use super::close::Close;
use super::outbox::{ChannelOut, Outbox, To};
use super::upload::routes::Routes;
use super::view;
use crate::mailbox::{Charge, Mail, Meter, ViewMsg};
use crate::queue;
use crate::state::Shared;
use bytes::Bytes;
use liveview_core::runtime::JoinRequest;
use liveview_core::view::Event;
use liveview_core::wire::{BinaryPush, Frame, Rejection};
use serde_json::Value;
use std::sync::Arc;

/// What the connection does after a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    /// Read the next frame.
    Continue,
    /// Close the socket with this reason.
    Close(Close),
    /// The client does not take what it is sent: drop the socket without a word.
    Drop,
}

impl Flow {
    /// `Continue` when a frame was queued for the client, else `Drop`.
    fn sent(queued: bool) -> Flow {
        if queued { Flow::Continue } else { Flow::Drop }
    }
}

/// A joined topic on this socket.
struct Channel {
    join_ref: Option<String>,
    /// Also stops the view task ([`queue::Sender::stop`]: when a new join replaces it, or the
    /// socket ends).
    mailbox: queue::Sender<Mail>,
}

/// The channels of one socket.
pub(super) struct Mux {
    shared: Arc<Shared>,
    outbox: Outbox,
    /// Whether the upgrade's CSRF token matched: if not, every join is answered `stale`.
    csrf_ok: bool,
    /// By topic. A list: a socket has few (usually one), and a map's table of buckets cost an
    /// idle view more than the scan.
    channels: Vec<(String, Channel)>,
    /// Bytes of client messages queued for this socket's views.
    queued: Meter,
    /// Upload channels (`lvu:*`) and the views they belong to.
    uploads: Routes,
}

impl Drop for Mux {
    /// Views stop at their next await: nobody is left to read what they would send.
    fn drop(&mut self) {
        for (_, ch) in &self.channels {
            ch.mailbox.stop();
        }
    }
}

impl Mux {
    pub(super) fn new(shared: Arc<Shared>, outbox: Outbox, csrf_ok: bool) -> Self {
        Mux { shared, outbox, csrf_ok, channels: Vec::new(), queued: Meter::default(), uploads: Routes::new() }
    }

    /// The server's limits.
    pub(super) fn limits(&self) -> &crate::router::Limits {
        &self.shared.limits
    }

    /// The joined channel of `topic`.
    fn channel(&self, topic: &str) -> Option<&Channel> {
        self.channels.iter().find(|(t, _)| t == topic).map(|(_, c)| c)
    }

    /// Forgets the joined channel of `topic` (its view ends once it has drained its mailbox).
    fn remove_channel(&mut self, topic: &str) -> Option<Channel> {
        let at = self.channels.iter().position(|(t, _)| t == topic)?;
        Some(self.channels.swap_remove(at).1)
    }

    /// Routes one text frame.
    pub(super) fn on_text(&mut self, text: &str) -> Flow {
        let mut frame = match Frame::decode(text) {
            Ok(f) => f,
            Err(e) => {
                let Some(address) = e.address() else {
                    // Nothing to address a reply to: the client would wait for one in vain.
                    tracing::warn!(error = %e, len = text.len(), "malformed frame without a readable ref; closing");
                    return Flow::Close(Close::MalformedFrame);
                };
                tracing::warn!(error = %e, len = text.len(), "malformed frame; error reply");
                return Flow::sent(self.outbox.try_reject(address.into(), Rejection::MalformedFrame));
            }
        };
        let to = To { join_ref: frame.join_ref.as_deref(), msg_ref: frame.msg_ref.as_deref(), topic: &frame.topic };
        match (frame.topic.as_str(), frame.event.as_str()) {
            ("phoenix", "heartbeat") => Flow::sent(self.outbox.try_reply_ok(To { join_ref: None, ..to }, "{}")),
            (_, "phx_join") => self.join(&frame),
            (topic, "phx_leave") => {
                let joined = self.channel(topic).is_some_and(|c| c.join_ref.as_deref() == to.join_ref);
                if joined {
                    // Dropping the mailbox ends the view task once it has drained.
                    self.remove_channel(topic);
                    self.uploads.forget_view(topic);
                }
                self.uploads.leave(topic, to.join_ref);
                let replied = self.outbox.try_reply_ok(to, "{}");
                // As Phoenix, whose channel process then exits: `phx_close` with the join ref as
                // its ref (the client has already let the channel go, and ignores it).
                Flow::sent(
                    replied && (!joined || self.outbox.try_push(To { msg_ref: to.join_ref, ..to }, "phx_close", "{}")),
                )
            }
            (topic, event) => {
                let Some(ch) = self.channel(topic) else {
                    return Flow::sent(self.outbox.try_reject(to, Rejection::UnmatchedTopic));
                };
                if ch.join_ref.as_deref() != to.join_ref {
                    tracing::debug!(topic, "message for an old join of this topic ignored");
                    return Flow::Continue;
                }
                let Some(charge) = self.queued.charge(text.len(), self.shared.limits.queued_bytes) else {
                    tracing::warn!(
                        topic,
                        "too many bytes queued for this socket's views: client sends faster than they handle; closing socket"
                    );
                    return Flow::Close(Close::TooManyMessages);
                };
                let payload = std::mem::take(&mut frame.payload);
                let msg = match to_view_msg(event, frame.msg_ref.clone(), payload, charge) {
                    Ok(m) => m,
                    Err(why) => {
                        tracing::warn!(topic, event, %why, "bad message");
                        return Flow::sent(self.outbox.try_reject(to, why));
                    }
                };
                match ch.mailbox.try_send(Box::new(msg)) {
                    Ok(()) => Flow::Continue,
                    Err(queue::TrySendError::Full(_)) => {
                        tracing::warn!(
                            topic,
                            "view mailbox full: client sends faster than the view can handle; closing socket"
                        );
                        Flow::Close(Close::TooManyMessages)
                    }
                    Err(queue::TrySendError::Closed(_)) => {
                        self.remove_channel(topic);
                        Flow::sent(self.outbox.try_reject(to, Rejection::UnmatchedTopic))
                    }
                }
            }
        }
    }

    /// Routes one binary frame: an upload `chunk` goes to the view of its joined upload
    /// channel; another readable push gets an error reply; anything else closes the socket.
    pub(super) fn on_binary(&self, bytes: &Bytes) -> Flow {
        let Some(push) = BinaryPush::decode(bytes) else {
            tracing::warn!(bytes = bytes.len(), "unreadable binary frame; closing");
            return Flow::Close(Close::UnsupportedData);
        };
        let to = To { join_ref: push.join_ref, msg_ref: Some(push.msg_ref), topic: push.topic };
        let view_topic = if push.event == "chunk" { self.uploads.route(push.topic, push.join_ref) } else { None };
        let Some(ch) = view_topic.and_then(|t| self.channel(&t)) else {
            tracing::warn!(
                bytes = bytes.len(),
                topic = push.topic,
                "binary frame refused: not a chunk of a joined upload channel"
            );
            return Flow::sent(self.outbox.try_reject(to, Rejection::BinaryFrames));
        };
        let Some(charge) = self.queued.charge(bytes.len(), self.shared.limits.queued_bytes) else {
            tracing::warn!(topic = push.topic, "too many bytes queued for this socket's views; closing socket");
            return Flow::Close(Close::TooManyMessages);
        };
        let msg = ViewMsg::UploadChunk {
            topic: push.topic.to_owned(),
            msg_ref: push.msg_ref.to_owned(),
            bytes: bytes.slice(push.payload_at..),
            charge,
        };
        self.deliver(&ch.mailbox, msg, to)
    }

    /// Queues a message for a view: a full mailbox closes the socket, a gone view gets an
    /// error reply.
    fn deliver(&self, mailbox: &queue::Sender<Mail>, msg: ViewMsg, to: To<'_>) -> Flow {
        match mailbox.try_send(Box::new(msg)) {
            Ok(()) => Flow::Continue,
            Err(queue::TrySendError::Full(_)) => {
                tracing::warn!(
                    topic = to.topic,
                    "view mailbox full: client sends faster than the view can handle; closing socket"
                );
                Flow::Close(Close::TooManyMessages)
            }
            Err(queue::TrySendError::Closed(_)) => Flow::sent(self.outbox.try_reject(to, Rejection::UnmatchedTopic)),
        }
    }

    /// Joins upload channel `frame.topic`: its token must verify (see [`Routes::verify`]) and
    /// name a view joined on this socket, whose task answers the join.
    fn join_upload(&mut self, frame: &Frame, to: To<'_>) -> Flow {
        let claims = match self.uploads.verify(self.shared.app.signer(), to.topic, &frame.payload) {
            Ok(c) => c,
            Err(why) => return Flow::sent(self.outbox.try_reject(to, why)),
        };
        let view_topic = format!("lv:{}", claims.view_id);
        let Some(ch) = self.channel(&view_topic) else {
            tracing::warn!(topic = to.topic, "upload join refused: its view is not joined on this socket");
            return Flow::sent(self.outbox.try_reject(to, Rejection::Upload("invalid_token")));
        };
        let mailbox = ch.mailbox.clone();
        // The view holds the route's lease while the channel is joined there: a refused join, a
        // released entry or a message that never arrives drops it, and the route with it.
        let route = self.uploads.insert(to.topic, to.join_ref, view_topic);
        let msg = ViewMsg::UploadJoin {
            topic: to.topic.to_owned(),
            join_ref: to.join_ref.map(str::to_owned),
            msg_ref: to.msg_ref.map(str::to_owned),
            claims,
            route,
        };
        self.deliver(&mailbox, msg, to)
    }

    /// Joins `frame.topic`: replaces an earlier join of the same topic, checks the socket's
    /// limits and CSRF, then starts the view task (which answers the join).
    fn join(&mut self, frame: &Frame) -> Flow {
        let topic = frame.topic.as_str();
        let join_ref = frame.join_ref.clone().or_else(|| frame.msg_ref.clone());
        let to = To { join_ref: join_ref.as_deref(), msg_ref: frame.msg_ref.as_deref(), topic };
        if topic.starts_with("lvu:") {
            return self.join_upload(frame, to);
        }
        if !topic.starts_with("lv:") {
            return Flow::sent(self.outbox.try_reject(to, Rejection::UnmatchedTopic));
        }
        self.uploads.forget_view(topic);
        if let Some(old) = self.remove_channel(topic) {
            // A second join of a joined topic replaces the old instance (Phoenix shuts it down
            // first): it stops now, with whatever it still had queued.
            old.mailbox.stop();
            if !old.mailbox.is_closed() {
                let jr = old.join_ref.as_deref();
                self.outbox.try_push(To { join_ref: jr, msg_ref: jr, topic }, "phx_close", "{}");
            }
        }
        if self.channels.len() >= self.shared.limits.max_views_per_socket {
            tracing::warn!(topic, "join refused: too many views on one socket");
            return Flow::sent(self.outbox.try_reject(to, Rejection::TooManyViews));
        }
        if !self.csrf_ok {
            tracing::info!(topic, "join refused: CSRF token missing or mismatched");
            return Flow::sent(self.outbox.try_reject(to, Rejection::Stale));
        }
        let mut req = match JoinRequest::from_payload(topic, &frame.payload) {
            Ok(r) => r,
            Err(why) => {
                tracing::info!(topic, why, "join refused: bad payload");
                return Flow::sent(self.outbox.try_reject(to, Rejection::Stale));
            }
        };
        req.socket_id = self.uploads.socket_id().to_owned();
        let (tx, rx) = queue::channel(self.shared.limits.view_mailbox);
        let inspect_key = match &self.shared.inspect {
            Some(inspect) => {
                let key = crate::inspect::key(&frame.payload, topic);
                inspect.joined(&key, tx.downgrade());
                key
            }
            None => String::new(),
        };
        // Room for one more, not the four a first push would make.
        self.channels.reserve_exact(1);
        self.channels.push((topic.to_owned(), Channel { join_ref: join_ref.clone(), mailbox: tx.clone() }));
        let out = ChannelOut::new(self.outbox.clone(), topic.to_owned(), join_ref);
        view::spawn(
            out,
            view::Start {
                shared: self.shared.clone(),
                join_msg_ref: frame.msg_ref.clone(),
                req,
                mailbox: rx,
                weak_self: tx.downgrade(),
                inspect_key,
            },
        );
        Flow::Continue
    }
}

/// Decodes the payload of a client message for a joined view (taking its values, not copying).
fn to_view_msg(event: &str, msg_ref: Option<String>, mut payload: Value, charge: Charge) -> Result<ViewMsg, Rejection> {
    let mut take = |k: &str| payload.get_mut(k).map(Value::take);
    match event {
        "event" => {
            let name = match take("event") {
                Some(Value::String(s)) => s,
                _ => return Err(Rejection::BadMessage("event payload needs a string \"event\"")),
            };
            let kind = match take("type") {
                Some(Value::String(s)) => s,
                _ => "click".to_owned(),
            };
            let value = take("value").unwrap_or(Value::Null);
            let meta = take("meta");
            let cid = take("cid").and_then(|c| c.as_u64()).and_then(|c| u32::try_from(c).ok());
            let uploads = take("uploads").filter(|u| u.as_object().is_some_and(|m| !m.is_empty()));
            Ok(ViewMsg::Event { msg_ref, event: Event { name, kind, value, meta, cid }, uploads, charge })
        }
        "allow_upload" => Ok(ViewMsg::AllowUpload { msg_ref, payload, charge }),
        "progress" => Ok(ViewMsg::Progress { msg_ref, payload, charge }),
        "live_patch" => match take("url") {
            Some(Value::String(url)) => Ok(ViewMsg::LivePatch { msg_ref, url, charge }),
            _ => Err(Rejection::BadMessage("live_patch payload needs a string \"url\"")),
        },
        "cids_will_destroy" | "cids_destroyed" => {
            let cids = take("cids")
                .and_then(|c| c.as_array().map(|a| a.iter().filter_map(Value::as_u64).collect()))
                .unwrap_or_default();
            Ok(ViewMsg::Cids { msg_ref, destroyed: event == "cids_destroyed", cids, charge })
        }
        _ => Err(Rejection::BadMessage("unknown event")),
    }
}
