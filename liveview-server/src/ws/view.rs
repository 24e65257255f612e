//! The task that owns one joined LiveView: it runs the join, then handles its mailbox in order.
//!
//! A handler that returns an error or panics crashes only this task: the client receives
//! `phx_error`, rejoins, and the view mounts afresh. Other views on the socket are untouched.

mod tasks;

use super::outbox::ChannelOut;
use super::upload::channels::Channels;
use crate::mailbox::{Mail, ViewMsg};
use crate::presence::{Sink, ViewPresence};
use crate::queue;
use crate::state::Shared;
use futures_util::FutureExt;
use liveview_core::presence::RawDiff;
use liveview_core::pubsub::{Deliver, Subscription};
use liveview_core::runtime::{self, Effects, JoinRequest, Joined, Update, ViewRuntime};
use liveview_core::socket::{PubSubOp, Scheduled};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tasks::Tasks;

/// What a view task starts from.
pub(super) struct Start {
    pub(super) shared: Arc<Shared>,
    /// The ref of the `phx_join` message, which the join reply answers.
    pub(super) join_msg_ref: Option<String>,
    pub(super) req: JoinRequest,
    pub(super) mailbox: queue::Receiver<Mail>,
    /// For timers and subscriptions: they must not keep the view alive. Also what the task
    /// watches for a stop: when a new join replaces this view or the socket ends, the mux calls
    /// [`queue::Sender::stop`], and the task stops at its next await, dropping its mailbox.
    pub(super) weak_self: queue::WeakSender<Mail>,
    /// What the test harness knows the view by (empty without a harness).
    pub(super) inspect_key: String,
}

/// Spawns the view task of the channel `out` writes to; it answers the join itself.
pub(super) fn spawn(out: ChannelOut, start: Start) {
    let tracker = start.shared.tracker.clone();
    // Boxed: a task's future is as large as its largest state, the first one included.
    let start = Box::new(start);
    tracker.spawn(async move {
        let stop = start.weak_self.clone();
        // (One word while no harness watches: this future is the view's for its life.)
        let inspect = start.shared.inspect.clone().map(|i| Box::new((i, start.inspect_key.clone())));
        let joined = AtomicBool::new(false);
        // A debug span: at the info level a span per view cost about 2.5 KiB of every idle
        // view's memory (the subscriber's registry keeps each live span and its formatted
        // fields; measured at 5,000 idle /counter views: 12.2 vs 9.7 KiB per view). The logs
        // a view writes at info and above name its topic themselves.
        let span = tracing::debug_span!("view", topic = %out.topic());
        let run = AssertUnwindSafe(run(start, &out, &joined)).catch_unwind();
        let outcome = tokio::select! {
            outcome = tracing::Instrument::instrument(run, span) => outcome,
            _ = stop.stopped() => return,
        };
        let crash = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(Crash(why))) => Some(why),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_owned());
                tracing::error!(topic = %out.topic(), panic = %what, "LiveView panicked; the view crashes and the client rejoins");
                Some(format!("panic: {what}"))
            }
        };
        if let Some(why) = crash {
            if let Some((inspect, key)) = inspect.as_deref() {
                inspect.crashed(key, why);
            }
            let tell = async {
                if joined.load(Ordering::Relaxed) {
                    out.crashed().await
                } else {
                    out.join_crashed().await
                }
            };
            tokio::select! {
                _ = tell => {}
                _ = stop.stopped() => {}
            }
        }
    });
}

/// A view crashed (already logged): why, for the test harness.
struct Crash(String);

/// `Err`: the view crashed.
///
/// Every task keeps the state of its largest `await` for its whole life, and most views spend
/// that life idle at `mailbox.recv()`. So the join and each message's handling ([`Live::step`])
/// run as boxed futures: an idle view holds only its [`Live`] state, its mailbox and this
/// loop's few locals, and the memory for a message in progress (its effects, frames and
/// sends) exists while it is in progress. The join consumes `start` (its box is freed with the
/// join, not kept for the view's life).
async fn run(start: Box<Start>, out: &ChannelOut, joined_flag: &AtomicBool) -> Result<(), Crash> {
    let Some((mut live, mut mailbox)) = Box::pin(join_live(start, out)).await? else { return Ok(()) };
    joined_flag.store(true, Ordering::Relaxed);
    while let Some(msg) = mailbox.recv().await {
        if Box::pin(live.step(out, msg, &mailbox)).await? {
            return Ok(());
        }
    }
    Ok(())
}

/// Joins, and sets up what the view keeps between messages; `None` when the join was refused.
async fn join_live(start: Box<Start>, out: &ChannelOut) -> Result<Option<(Live, queue::Receiver<Mail>)>, Crash> {
    let Start { shared, join_msg_ref, req, mailbox, weak_self, inspect_key, .. } = *start;
    let Some((rt, effects)) = join(&shared, out, join_msg_ref.as_deref(), req).await? else { return Ok(None) };
    tracing::debug!(view = rt.view_name(), "joined");
    let tasks = Tasks::new(shared.inspect.clone(), &inspect_key);
    let mut live =
        Live { rt, shared, weak: weak_self, subscriptions: HashMap::new(), presence: None, uploads: None, tasks };
    live.carry_out(effects)?;
    Ok(Some((live, mailbox)))
}

/// What a joined view's task keeps between messages. Dropped with the task, however it ends:
/// its subscriptions and presence entries go, its async tasks are cancelled and its upload
/// files removed.
struct Live {
    rt: Box<ViewRuntime>,
    shared: Arc<Shared>,
    /// For timers and subscriptions: they must not keep the view alive.
    weak: queue::WeakSender<Mail>,
    subscriptions: HashMap<String, Subscription>,
    /// Created by the first presence `track` or subscription (most views have none).
    presence: Option<Box<ViewPresence>>,
    /// Created by the first upload channel.
    uploads: Option<Box<Channels>>,
    tasks: Tasks,
}

impl Live {
    /// Handles `msg` (and the infos its update sent the view, see [`take_immediate`]) and sends
    /// what they produced; `Ok(true)`: the view stopped. `Err`: it crashed (logged).
    async fn step(&mut self, out: &ChannelOut, msg: Mail, mailbox: &queue::Receiver<Mail>) -> Result<bool, Crash> {
        let Some(Done { stop, mut effects, mut frames }) = self.handle(out, msg).await? else { return Ok(false) };
        // The frames go before the effects are carried out, unless infos are handled at once:
        // then theirs join them, to leave in one write (see `take_immediate`).
        let now = if stop || !mailbox.is_empty() { Vec::new() } else { take_immediate(&mut effects) };
        let flush = now.is_empty();
        if self.settle(out, effects, stop, &mut frames, flush).await? {
            return Ok(true);
        }
        for info in now {
            let msg = Box::new(ViewMsg::Info(info));
            // A crash (an error or a panic) here crashes the view as anywhere else, but only
            // once the frames of the updates before it are on their way.
            let result = {
                let mut handling = std::pin::pin!(AssertUnwindSafe(self.handle(out, msg)).catch_unwind());
                // A handler that waits (an `async` info doing I/O, the "show loading, then work
                // in an info" idiom) must not hold back the reply: polled once, and if it is not
                // done, the frames so far leave before it is awaited.
                let first = std::future::poll_fn(|cx| std::task::Poll::Ready(handling.as_mut().poll(cx))).await;
                match first {
                    std::task::Poll::Ready(result) => result,
                    std::task::Poll::Pending => {
                        out.send_frames(std::mem::take(&mut frames)).await;
                        handling.await
                    }
                }
            };
            let handled = match result {
                Ok(Ok(handled)) => handled,
                Ok(Err(crash)) => {
                    out.send_frames(frames).await;
                    return Err(crash);
                }
                Err(panic) => {
                    out.send_frames(frames).await;
                    std::panic::resume_unwind(panic)
                }
            };
            let Some(Done { stop, effects, frames: more }) = handled else { continue };
            frames.extend(more);
            // A broadcast goes out after the frames before it, as for any other mail.
            let flush = stop || !effects.pubsub.is_empty();
            if self.settle(out, effects, stop, &mut frames, flush).await? {
                return Ok(true);
            }
        }
        out.send_frames(frames).await;
        Ok(false)
    }

    /// After an update: sends the frames in hand if `flush`, then carries out `effects`;
    /// `Ok(true)` if the view stopped. A crash (too many tasks or presence entries) still lets
    /// the frames in hand out first.
    async fn settle(
        &mut self,
        out: &ChannelOut,
        mut effects: Effects,
        stop: bool,
        frames: &mut Vec<String>,
        flush: bool,
    ) -> Result<bool, Crash> {
        if stop {
            // The view ends now: a task it started on the way out would only be cancelled
            // (after running up to its first await).
            effects.tasks.clear();
        }
        if flush {
            out.send_frames(std::mem::take(frames)).await;
        }
        if let Err(crash) = self.carry_out(effects) {
            out.send_frames(std::mem::take(frames)).await;
            return Err(crash);
        }
        Ok(stop)
    }

    async fn handle(&mut self, out: &ChannelOut, msg: Mail) -> Result<Option<Done>, Crash> {
        handle(out, &mut self.rt, &self.shared, &self.weak, &mut self.uploads, &mut self.tasks, msg).await
    }

    /// Carries out `effects`; `Err` if the view now has more tasks or presence entries than it
    /// may (it crashes).
    fn carry_out(&mut self, effects: Effects) -> Result<(), Crash> {
        carry_out(&self.shared, &self.weak, &mut self.subscriptions, &mut self.presence, &mut self.tasks, effects);
        overflow(self.rt.view_name(), &self.tasks, self.presence.as_deref())
    }
}

/// The most infos a mail's update may have handled at once (the rest go through the mailbox).
const IMMEDIATE: usize = 16;

/// The infos an update sent its own view without delay (`send_info`, e.g. a component telling
/// its parent), taken out of `effects` to be handled right after it instead of through the
/// mailbox, when no pubsub request came with them: their pushes then leave in the same write as
/// the update's reply (one `send` instead of two for a `/components` click).
///
/// The caller checks that the mailbox is empty: then nothing the view received is older than
/// these infos, and handling them now is the order the mailbox would give. (Pubsub requests may
/// deliver to the view itself before the infos are sent; such updates keep the mailbox route.)
/// Infos the handled ones send go through the mailbox as usual: the order stays first-in,
/// first-out, and a view sending itself an info from every info cannot loop here.
fn take_immediate(effects: &mut Effects) -> Vec<liveview_core::socket::Info> {
    if !effects.pubsub.is_empty() || !effects.scheduled.iter().any(|s| s.delay.is_none()) {
        return Vec::new();
    }
    let mut now = Vec::new();
    let mut rest = Vec::with_capacity(effects.scheduled.len());
    for s in effects.scheduled.drain(..) {
        if s.delay.is_none() && now.len() < IMMEDIATE {
            now.push(s.info);
        } else {
            rest.push(s);
        }
    }
    effects.scheduled = rest;
    now
}

/// Mounts the view and answers the join; `Ok(None)` when the join was refused (answered).
async fn join(
    shared: &Shared,
    out: &ChannelOut,
    join_msg_ref: Option<&str>,
    req: JoinRequest,
) -> Result<Option<(Box<ViewRuntime>, Effects)>, Crash> {
    match runtime::join(shared.app.clone(), req).await {
        Ok(Joined::Ok { view, reply, effects }) => {
            out.reply_ok(join_msg_ref, &reply).await;
            Ok(Some((view, effects)))
        }
        Ok(Joined::Refused(response)) => {
            out.reply_error(join_msg_ref, &response).await;
            Ok(None)
        }
        Err(e) => {
            tracing::error!(topic = %out.topic(), error = %e, "mount failed on join");
            Err(Crash(e.to_string()))
        }
    }
}

/// Handles one message; returns the frames of its update, left to send, and what else is left
/// to do (frames of uploads and `cids_*` replies go out at once)
/// (`None` for messages the runtime does not see). `Err`: the view crashed (logged).
async fn handle(
    out: &ChannelOut,
    rt: &mut ViewRuntime,
    shared: &Shared,
    weak: &queue::WeakSender<Mail>,
    uploads: &mut Option<Box<Channels>>,
    tasks: &mut Tasks,
    msg: Mail,
) -> Result<Option<Done>, Crash> {
    let (msg_ref, result) = match *msg {
        ViewMsg::Event { msg_ref, event, uploads, charge: _charge } => {
            if let Some(u) = &uploads {
                rt.register_uploads(u);
            }
            (msg_ref, rt.event(event).await)
        }
        ViewMsg::AllowUpload { msg_ref, payload, charge: _charge } => (msg_ref, rt.allow_upload(&payload).await),
        ViewMsg::Progress { msg_ref, payload, charge: _charge } => (msg_ref, rt.upload_progress(&payload).await),
        ViewMsg::UploadJoin { topic, join_ref, msg_ref, claims, route } => {
            let channels = uploads.get_or_insert_with(|| Box::new(Channels::new(shared.upload_dir.clone())));
            channels.join(rt, shared, weak, out, topic, join_ref, msg_ref.as_deref(), &claims, route).await;
            return Ok(None);
        }
        ViewMsg::UploadIdle { entry_ref, seen } => {
            if !uploads.as_ref().is_some_and(|u| u.still_idle(&entry_ref, seen)) {
                return Ok(None);
            }
            match rt.upload_timed_out(&entry_ref).await {
                Ok(None) => return Ok(None),
                Ok(Some(update)) => (None, Ok(update)),
                Err(e) => (None, Err(e)),
            }
        }
        ViewMsg::UploadChunk { topic, msg_ref, bytes, charge } => {
            let channels = uploads.get_or_insert_with(|| Box::new(Channels::new(shared.upload_dir.clone())));
            channels.chunk(rt, out, topic, &msg_ref, bytes, charge).await;
            return Ok(None);
        }
        ViewMsg::UploadWritten { entry_ref, msg_ref, outcome } => {
            let Some(channels) = uploads.as_mut() else { return Ok(None) };
            match outcome {
                Ok(meta) => {
                    channels.written(rt, &entry_ref, &msg_ref, meta).await;
                    return Ok(None);
                }
                // The error reply goes first: the client leaves the channel on it, before the
                // release below closes it (a `phx_close` first would drop the reply unread).
                Err(reason) => match channels.writer_failed(&entry_ref, &msg_ref).await {
                    false => return Ok(None),
                    true => match rt.upload_writer_failed(&entry_ref, &reason).await {
                        Ok(None) => return Ok(None),
                        Ok(Some(update)) => (None, Ok(update)),
                        Err(e) => (None, Err(e)),
                    },
                },
            }
        }
        ViewMsg::LivePatch { msg_ref, url, charge: _charge } => (msg_ref, rt.live_patch(&url).await),
        ViewMsg::Info(info) => (None, rt.info(info).await),
        ViewMsg::Async { name, generation, info } => match info {
            Some(info) if tasks.finished(&name, generation) => (None, rt.info(info).await),
            Some(_) => return Ok(None),
            None => {
                tasks.finished(&name, generation);
                return Ok(None);
            }
        },
        ViewMsg::Cids { msg_ref, destroyed, cids, charge: _charge } => {
            let response = rt.cids(destroyed, &cids);
            out.reply_ok(msg_ref.as_deref(), &response).await;
            return Ok(None);
        }
    };
    let update: Update = match result {
        Ok(u) => u,
        Err(e) => {
            tracing::error!(topic = %out.topic(), view = rt.view_name(), error = %e, "callback failed; the view crashes and the client rejoins");
            return Err(Crash(e.to_string()));
        }
    };
    // Taken apart first: the effects may hold infos that are `Send` but not `Sync`, so no
    // reference to them may live across the awaits below.
    let Update { before, answer, stop, mut effects } = update;
    // Released uploads go first (as Phoenix closes upload channels before the reply): once the
    // client has the reply, their files are gone. Their `phx_close`s travel with this update's
    // frames, so they never overtake the frames of an update before it still held back.
    let released = std::mem::take(&mut effects.uploads);
    let mut frames = Vec::with_capacity(before.len() + 2);
    if let Some(u) = uploads.as_mut() {
        u.apply(released, &mut frames);
    }
    for p in &before {
        frames.push(out.push_frame(p.event, &p.payload));
    }
    match &msg_ref {
        Some(r) => frames.push(out.reply_frame(Some(r), answer.reply_len(), |buf| answer.write_reply_json(buf))),
        None => {
            if let Some(p) = answer.as_push() {
                frames.push(out.push_frame(p.event, &p.payload));
            }
        }
    }
    if stop {
        frames.push(out.closed_frame());
    }
    Ok(Some(Done { stop, effects, frames }))
}

/// What is left of an update once it is sent.
struct Done {
    /// The view stopped.
    stop: bool,
    effects: Effects,
    /// What it answered: its pushes, its reply or diff, `phx_close` if it stopped.
    frames: Vec<String>,
}

/// `Err` (logged) if the view asked for more async tasks or presence entries than it may
/// have: it crashes.
fn overflow(view: &str, tasks: &Tasks, presence: Option<&ViewPresence>) -> Result<(), Crash> {
    let why = if tasks.overflowed() {
        format!(
            "more than {} async tasks at once (does a handler name its tasks after client input?)",
            tasks::MAX_RUNNING
        )
    } else if presence.is_some_and(ViewPresence::overflowed) {
        format!(
            "more than {} presence entries tracked at once (does a handler track keys taken from client input?)",
            crate::presence::MAX_TRACKED
        )
    } else {
        return Ok(());
    };
    tracing::error!(view, "{why}; the view crashes");
    Err(Crash(why))
}

/// Carries out what a callback asked of the transport: pubsub first (a broadcast made just
/// before navigating away still goes out), then timers, then async tasks.
fn carry_out(
    shared: &Shared,
    weak: &queue::WeakSender<Mail>,
    subscriptions: &mut HashMap<String, Subscription>,
    presence: &mut Option<Box<ViewPresence>>,
    tasks: &mut Tasks,
    effects: Effects,
) {
    apply_pubsub(shared, weak, subscriptions, presence, effects.pubsub);
    schedule(shared, weak, effects.scheduled);
    tasks.apply(&shared.tracker, weak, effects.tasks);
}

/// Carries out a view's pubsub requests. Deliveries decode on the broadcaster's side and go
/// through the view's mailbox, like any info.
fn apply_pubsub(
    shared: &Shared,
    weak: &queue::WeakSender<Mail>,
    subscriptions: &mut HashMap<String, Subscription>,
    presence: &mut Option<Box<ViewPresence>>,
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
            PubSubOp::Track { topic, key, meta } => {
                presence.get_or_insert_default().track(&shared.presence, topic, key, meta)
            }
            PubSubOp::Untrack { topic, key } => {
                if let Some(p) = presence {
                    p.untrack(topic, key)
                }
            }
            PubSubOp::SubscribePresence { topic, decoder } => {
                let weak = weak.clone();
                // A diff that does not fit is reported: the tracker sends the whole list later.
                let sink: Sink = Arc::new(move |diff: &RawDiff| {
                    let Some(tx) = weak.upgrade() else { return true };
                    decoder(diff).is_none_or(|info| tx.try_send(Box::new(ViewMsg::Info(info))).is_ok())
                });
                presence.get_or_insert_default().subscribe(&shared.presence, topic, sink);
            }
        }
    }
}

/// Delivers scheduled infos through the view's own mailbox. Timers hold only a weak handle:
/// a view that has gone simply never receives them.
fn schedule(shared: &Shared, weak: &queue::WeakSender<Mail>, scheduled: Vec<Scheduled>) {
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
