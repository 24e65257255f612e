//! The task that owns one joined LiveView: it runs the join, then handles its mailbox in order.
//!
//! A handler that returns an error or panics crashes only this task: the client receives
//! `phx_error`, rejoins, and the view mounts afresh. Other views on the socket are untouched.

use crate::http::Shared;
use crate::ws::Outbox;
use futures_util::FutureExt;
use liveview_core::pubsub::{Deliver, Subscription};
use liveview_core::runtime::{self, JoinRequest, Joined, Update, ViewRuntime};
use liveview_core::socket::{Info, PubSubOp, Scheduled};
use liveview_core::view::Event;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// What a view's mailbox carries. Boxed: a tokio mailbox allocates its slots in blocks of 32
/// up front, so the slot size is paid by every idle view.
pub(crate) type Mail = Box<ViewMsg>;

/// A message for a view task. Client messages carry their [`Charge`].
#[derive(Debug)]
pub(crate) enum ViewMsg {
    Event { msg_ref: Option<String>, event: Event, charge: Charge },
    LivePatch { msg_ref: Option<String>, url: String, charge: Charge },
    Cids { msg_ref: Option<String>, destroyed: bool, cids: Vec<u64>, charge: Charge },
    Info(Info),
}

/// Bytes of client messages queued for one socket's views: received, not yet handled.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meter(Arc<AtomicUsize>);

impl Meter {
    /// Charges `bytes`, or `None` when the total would exceed `limit`.
    pub(crate) fn charge(&self, bytes: usize, limit: usize) -> Option<Charge> {
        let before = self.0.fetch_add(bytes, Ordering::Relaxed);
        if before.saturating_add(bytes) > limit {
            self.0.fetch_sub(bytes, Ordering::Relaxed);
            return None;
        }
        Some(Charge { bytes, meter: self.clone() })
    }
}

/// A message's share of its socket's [`Meter`], given back when the message is dropped
/// (handled, or discarded with its mailbox).
#[derive(Debug)]
pub(crate) struct Charge {
    bytes: usize,
    meter: Meter,
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.meter.0.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

pub(crate) struct Start {
    pub(crate) shared: Arc<Shared>,
    pub(crate) outbox: Outbox,
    pub(crate) topic: String,
    pub(crate) join_ref: Option<String>,
    pub(crate) join_msg_ref: Option<String>,
    pub(crate) req: JoinRequest,
    pub(crate) mailbox: mpsc::Receiver<Mail>,
    pub(crate) weak_self: mpsc::WeakSender<Mail>,
    /// Cancelled when a new join replaces this view or the socket ends: the task stops at its
    /// next await, dropping its mailbox.
    pub(crate) stop: CancellationToken,
}

pub(crate) fn spawn(start: Start) {
    let tracker = start.shared.tracker.clone();
    // Boxed: a task's future is as large as its largest state, the first one included.
    let start = Box::new(start);
    tracker.spawn(async move {
        let outbox = start.outbox.clone();
        let topic = start.topic.clone();
        let join_ref = start.join_ref.clone();
        let stop = start.stop.clone();
        let joined = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = joined.clone();
        let span = tracing::info_span!("view", topic = %topic);
        let run = AssertUnwindSafe(run(start, flag)).catch_unwind();
        let outcome = tokio::select! {
            outcome = tracing::Instrument::instrument(run, span) => outcome,
            _ = stop.cancelled() => return,
        };
        let crashed = match outcome {
            Ok(Ok(())) => false,
            Ok(Err(())) => true,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_owned());
                tracing::error!(%topic, panic = %what, "LiveView panicked; the view crashes and the client rejoins");
                true
            }
        };
        if crashed {
            let jr = join_ref.as_deref();
            let tell = async {
                if joined.load(std::sync::atomic::Ordering::Relaxed) {
                    outbox.push(jr, jr, &topic, "phx_error", r#"{"reason":"channel_crash"}"#).await;
                } else {
                    outbox.reply(jr, jr, &topic, false, r#"{"reason":"join crashed"}"#).await;
                }
            };
            tokio::select! {
                _ = tell => {}
                _ = stop.cancelled() => {}
            }
        }
    });
}

/// `Err(())`: the view crashed (already logged).
///
/// Every task keeps the state of its largest `await` for its whole life, and most views spend
/// that life idle at `mailbox.recv()`. So the join and the handling of each message run as
/// boxed futures: an idle view holds only this loop's few locals, and the memory for a message
/// in progress exists while it is in progress.
async fn run(start: Box<Start>, joined_flag: Arc<std::sync::atomic::AtomicBool>) -> Result<(), ()> {
    let Start { shared, outbox, topic, join_ref, join_msg_ref, req, mut mailbox, weak_self, .. } = *start;
    let jr = join_ref.as_deref();
    let joined = Box::pin(join(&shared, &outbox, &topic, jr, join_msg_ref.as_deref(), req)).await?;
    let Some(mut rt) = joined else { return Ok(()) };
    joined_flag.store(true, std::sync::atomic::Ordering::Relaxed);
    tracing::debug!(view = rt.view_name(), "joined");
    // Dropped with this task, however it ends: subscriptions never outlive their view.
    let mut subscriptions: HashMap<String, Subscription> = HashMap::new();
    schedule(&shared, &weak_self, rt.take_scheduled());
    apply_pubsub(&shared, &weak_self, &mut subscriptions, rt.take_pubsub());
    while let Some(msg) = mailbox.recv().await {
        if !Box::pin(handle(&outbox, &topic, jr, &mut rt, msg)).await? {
            return Ok(());
        }
        schedule(&shared, &weak_self, rt.take_scheduled());
        apply_pubsub(&shared, &weak_self, &mut subscriptions, rt.take_pubsub());
    }
    Ok(())
}

/// Mounts the view and answers the join; `Ok(None)` when the join was refused (answered).
async fn join(
    shared: &Shared,
    outbox: &Outbox,
    topic: &str,
    jr: Option<&str>,
    join_msg_ref: Option<&str>,
    req: JoinRequest,
) -> Result<Option<Box<ViewRuntime>>, ()> {
    match runtime::join(shared.app.clone(), req).await {
        Ok(Joined::Ok(rt, response)) => {
            outbox.reply(jr, join_msg_ref, topic, true, &response).await;
            Ok(Some(rt))
        }
        Ok(Joined::Refused(response)) => {
            outbox.reply(jr, join_msg_ref, topic, false, &response).await;
            Ok(None)
        }
        Ok(_) => Ok(None),
        Err(e) => {
            tracing::error!(error = %e, "mount failed on join");
            Err(())
        }
    }
}

/// Handles one message and sends what it produced. `Ok(false)`: the view stopped;
/// `Err(())`: it crashed (logged).
async fn handle(outbox: &Outbox, topic: &str, jr: Option<&str>, rt: &mut ViewRuntime, msg: Mail) -> Result<bool, ()> {
    let (msg_ref, result) = match *msg {
        ViewMsg::Event { msg_ref, event, charge: _charge } => (msg_ref, rt.event(event).await),
        ViewMsg::LivePatch { msg_ref, url, charge: _charge } => (msg_ref, rt.live_patch(&url).await),
        ViewMsg::Info(info) => (None, rt.info(info).await),
        ViewMsg::Cids { msg_ref, destroyed, cids, charge: _charge } => {
            let response = if destroyed { serde_json::json!({ "cids": cids }).to_string() } else { "{}".to_owned() };
            outbox.reply(jr, msg_ref.as_deref(), topic, true, &response).await;
            return Ok(true);
        }
    };
    let update: Update = match result {
        Ok(u) => u,
        Err(e) => {
            tracing::error!(view = rt.view_name(), error = %e, "callback failed; the view crashes and the client rejoins");
            return Err(());
        }
    };
    for p in &update.before {
        outbox.push(jr, None, topic, p.event, &p.payload).await;
    }
    match &msg_ref {
        Some(r) => {
            outbox.reply_with(jr, Some(r), topic, true, update.reply_len(), |out| update.write_reply_json(out)).await;
        }
        None => {
            if let Some(p) = update.answer_push() {
                outbox.push(jr, None, topic, p.event, &p.payload).await;
            }
        }
    }
    if update.stop {
        outbox.push(jr, jr, topic, "phx_close", "{}").await;
        return Ok(false);
    }
    Ok(true)
}

/// Carries out a view's pubsub requests. Deliveries decode on the broadcaster's side and go
/// through the view's mailbox, like any info.
fn apply_pubsub(
    shared: &Shared,
    weak: &mpsc::WeakSender<Mail>,
    subscriptions: &mut HashMap<String, Subscription>,
    ops: Vec<PubSubOp>,
) {
    for op in ops {
        match op {
            PubSubOp::Subscribe { topic, decoder } => {
                let weak = weak.clone();
                let deliver: Deliver = Arc::new(move |payload: &[u8]| {
                    let Some(tx) = weak.upgrade() else { return };
                    if let Some(info) = decoder(payload)
                        && tx.try_send(Box::new(ViewMsg::Info(info))).is_err()
                    {
                        tracing::warn!("broadcast dropped: a subscriber's mailbox is full");
                    }
                });
                let sub = shared.pubsub.subscribe(&topic, deliver);
                subscriptions.insert(topic, sub);
            }
            PubSubOp::Unsubscribe { topic } => {
                subscriptions.remove(&topic);
            }
            PubSubOp::Broadcast { topic, payload } => shared.pubsub.broadcast(&topic, &payload),
            _ => {}
        }
    }
}

/// Delivers scheduled infos through the view's own mailbox. Timers hold only a weak handle:
/// a view that has gone simply never receives them.
fn schedule(shared: &Shared, weak: &mpsc::WeakSender<Mail>, scheduled: Vec<Scheduled>) {
    for Scheduled { delay, info } in scheduled {
        match delay {
            None => {
                if let Some(tx) = weak.upgrade()
                    && tx.try_send(Box::new(ViewMsg::Info(info))).is_err()
                {
                    tracing::warn!("send_info dropped: the view's mailbox is full");
                }
            }
            Some(d) => {
                let weak = weak.clone();
                let token = shared.shutdown.clone();
                shared.tracker.spawn(async move {
                    tokio::select! {
                        _ = tokio::time::sleep(d) => {}
                        _ = token.cancelled() => return,
                    }
                    if let Some(tx) = weak.upgrade() {
                        let _ = tx.send(Box::new(ViewMsg::Info(info))).await;
                    }
                });
            }
        }
    }
}
