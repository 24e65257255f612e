//! The upload channels of one view: joins answered, chunks checked, stored and acked, entries
//! released. Runs in the view's task, so each entry's state and its file change together.

use super::routes::RouteLease;
use super::store::Store;
use crate::mailbox::{Charge, Mail, ViewMsg};
use crate::queue;
use crate::state::Shared;
use crate::ws::outbox::ChannelOut;
use bytes::Bytes;
use liveview_core::runtime::ViewRuntime;
use liveview_core::upload::{OpenWriter, UploadClaims, UploadOp, WriterClose};
use liveview_core::wire::Rejection;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::{CancellationToken, DropGuard};

/// A watchdog's count of an entry's chunks; `FINISHED` stops it.
type Activity = Arc<AtomicU64>;
const FINISHED: u64 = u64::MAX;

/// One view's upload channels and their files.
#[derive(Debug)]
pub(crate) struct Channels {
    store: Store,
    /// Joined upload channels by entry ref.
    joined: HashMap<String, Joined>,
}

/// A joined upload channel.
#[derive(Debug)]
struct Joined {
    out: ChannelOut,
    /// Its watchdog's chunk count.
    activity: Activity,
    /// Its route on the socket, removed when this goes (with the channel).
    route: RouteLease,
    /// The entry's writer task, when its upload has a writer (no file then). Dropping this
    /// ends the task, which closes an unfinished writer as cancelled.
    writer: Option<mpsc::Sender<WriterChunk>>,
    /// Cancels the writer task when this goes (even mid-write).
    _writer_guard: Option<DropGuard>,
    /// A chunk is with the writer, not yet acked.
    writing: bool,
}

/// A chunk handed to an entry's writer task; its ack waits for the write.
#[derive(Debug)]
struct WriterChunk {
    bytes: Bytes,
    msg_ref: String,
    /// The entry's last chunk: the writer closes after it.
    last: bool,
    /// The chunk's share of the socket's queued bytes, held until it is written.
    _charge: Charge,
}

impl Channels {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Channels { store: Store::new(dir), joined: HashMap::new() }
    }

    /// Answers the join of upload channel `topic` (whose token the mux verified), and starts
    /// the watchdog that fails the entry when no chunk comes within its chunk timeout. A refused
    /// join drops `route`, and so the channel's route on the socket.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn join(
        &mut self,
        rt: &mut ViewRuntime,
        shared: &Shared,
        weak: &queue::WeakSender<Mail>,
        base: &ChannelOut,
        topic: String,
        join_ref: Option<String>,
        msg_ref: Option<&str>,
        claims: &UploadClaims,
        route: RouteLease,
    ) {
        let out = base.sibling(topic, join_ref);
        let entry = claims.entry_ref.as_str();
        let target = match rt.upload_join(claims) {
            Ok(t) => t,
            Err(why) => {
                tracing::warn!(topic = out.topic(), reason = why, "upload channel join refused");
                out.reject(msg_ref, Rejection::Upload(why)).await;
                return;
            }
        };
        // Where the bytes go: the upload's writer (in a task of its own), or a file.
        let (writer, guard) = match rt.upload_open_writer(entry) {
            Some(w) => {
                let (tx, guard) = spawn_writer(shared, weak.clone(), entry.to_owned(), w, target.chunk_timeout);
                (Some(tx), Some(guard))
            }
            None => match self.store.create(entry) {
                Ok(path) => {
                    rt.upload_attach(entry, path);
                    (None, None)
                }
                Err(e) => {
                    tracing::error!(topic = out.topic(), error = %e, "upload file could not be created");
                    rt.upload_failed(entry, "writer_error");
                    out.reject(msg_ref, Rejection::Upload("writer_error")).await;
                    return;
                }
            },
        };
        out.reply_ok(msg_ref, "{}").await;
        let activity = Activity::default();
        watchdog(shared, weak.clone(), entry.to_owned(), target.chunk_timeout, activity.clone());
        let joined = Joined { out, activity, route, writer, _writer_guard: guard, writing: false };
        self.joined.insert(entry.to_owned(), joined);
    }

    /// Checks a chunk against its entry's limits, stores it and acks it (an entry with a
    /// writer: hands it to its writer task, and the ack waits for the write). A chunk over a
    /// limit, or one that cannot be written, fails the entry and deletes its data.
    pub(crate) async fn chunk(
        &mut self,
        rt: &mut ViewRuntime,
        base: &ChannelOut,
        topic: String,
        msg_ref: &str,
        bytes: Bytes,
        charge: Charge,
    ) {
        let entry = topic.strip_prefix("lvu:").unwrap_or_default().to_owned();
        if let Some(j) = self.joined.get(&entry) {
            let _ = j.activity.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| (n != FINISHED).then(|| n + 1));
        }
        if let Some(Joined { out, writer: writer @ Some(_), writing, .. }) = self.joined.get_mut(&entry) {
            // The client sends the next chunk only after this one's ack: one at a time.
            let sent = match *writing {
                true => Err(("chunk_before_ack", None)),
                false => match rt.upload_chunk(&entry, bytes.len()) {
                    Ok(last) => writer
                        .as_ref()
                        .map(|w| w.try_send(WriterChunk { bytes, msg_ref: msg_ref.to_owned(), last, _charge: charge }))
                        .and_then(Result::ok)
                        .ok_or(("writer_gone", None)),
                    Err(r) => Err((r.reason, Some(r.limit))),
                },
            };
            let Err((reason, limit)) = sent else {
                *writing = true;
                return;
            };
            tracing::warn!(topic = out.topic(), reason, "upload chunk refused; the entry fails");
            rt.upload_failed(&entry, reason);
            let reply = match limit {
                Some(limit) => format!("{{\"reason\":\"{reason}\",\"limit\":{limit}}}"),
                None => format!("{{\"reason\":\"{reason}\"}}"),
            };
            out.reply_error(Some(msg_ref), &reply).await;
            // The writer task closes the writer (cancelled) once its sender is gone.
            *writer = None;
            self.finished(&entry);
            return;
        }
        let fallback;
        let out = match self.joined.get(&entry) {
            Some(Joined { out, .. }) => out,
            None => {
                fallback = base.sibling(topic, None);
                &fallback
            }
        };
        let refused = match rt.upload_chunk(&entry, bytes.len()) {
            Ok(complete) => match self.store.write(&entry, &bytes) {
                Ok(()) => {
                    if complete {
                        self.store.finish(&entry);
                        self.finished(&entry);
                        tracing::debug!(topic = out.topic(), "upload complete");
                    }
                    out.reply_ok(Some(msg_ref), "{}").await;
                    return;
                }
                Err(e) => {
                    tracing::error!(topic = out.topic(), error = %e, "upload chunk could not be written");
                    rt.upload_failed(&entry, "write_failed");
                    "{\"reason\":\"write_failed\"}".to_owned()
                }
            },
            Err(r) => {
                tracing::warn!(
                    topic = out.topic(),
                    reason = r.reason,
                    limit = r.limit,
                    chunk = bytes.len(),
                    "upload chunk refused; the entry fails and its data is deleted"
                );
                format!("{{\"reason\":\"{}\",\"limit\":{}}}", r.reason, r.limit)
            }
        };
        self.store.remove(&entry);
        out.reply_error(Some(msg_ref), &refused).await;
        self.finished(&entry);
    }

    /// The writer of `entry` wrote the chunk of `msg_ref` (`Some(meta)`: the last one, and it
    /// closed): the entry is done then; the chunk is acked. Nothing when the entry was
    /// released meanwhile (cancelled: its channel is closed).
    pub(crate) async fn written(&mut self, rt: &mut ViewRuntime, entry: &str, msg_ref: &str, meta: Option<Value>) {
        let Some(joined) = self.joined.get_mut(entry) else { return };
        joined.writing = false;
        if let Some(meta) = meta {
            rt.upload_written(entry, meta);
            joined.activity.store(FINISHED, Ordering::Relaxed);
            tracing::debug!(topic = joined.out.topic(), "upload complete (writer closed)");
        }
        joined.out.reply_ok(Some(msg_ref), "{}").await;
    }

    /// The writer of `entry` failed on the chunk of `msg_ref`: replies `writer_error` (the
    /// client then waits for the entry to be cancelled, as the view shows the writer's reason).
    /// `false` when the entry was released meanwhile.
    pub(crate) async fn writer_failed(&mut self, entry: &str, msg_ref: &str) -> bool {
        let Some(joined) = self.joined.get_mut(entry) else { return false };
        joined.writing = false;
        joined.activity.store(FINISHED, Ordering::Relaxed);
        joined.out.reply_error(Some(msg_ref), "{\"reason\":\"writer_error\"}").await;
        true
    }

    /// Stops the watchdog of `entry`.
    fn finished(&self, entry: &str) {
        if let Some(j) = self.joined.get(entry) {
            j.activity.store(FINISHED, Ordering::Relaxed);
        }
    }

    /// Whether `entry` is still joined, unfinished, with no chunk since its watchdog counted
    /// `seen` (then the view fails it, and the release deletes its data and closes it).
    pub(crate) fn still_idle(&self, entry: &str, seen: u64) -> bool {
        // A chunk with the writer is the writer's time, bounded by its own timeout.
        self.joined.get(entry).is_some_and(|j| !j.writing && j.activity.load(Ordering::Relaxed) == seen)
    }

    /// Carries out what the view decided about its entries.
    pub(crate) fn apply(&mut self, ops: Vec<UploadOp>, frames: &mut Vec<String>) {
        for op in ops {
            match op {
                UploadOp::Release { entry_ref } => {
                    self.store.remove(&entry_ref);
                    // Dropping it removes the channel's route: the client sends no `phx_leave`.
                    if let Some(Joined { out, activity, route, writer, .. }) = self.joined.remove(&entry_ref) {
                        activity.store(FINISHED, Ordering::Relaxed);
                        drop(route);
                        drop(writer);
                        frames.push(out.closed_frame());
                    }
                }
                other => tracing::warn!(?other, "unknown upload operation ignored"),
            }
        }
    }
}

/// Starts the task that feeds `entry_ref`'s chunks to its writer, one at a time, and reports
/// each write to the view (whose answer acks the chunk). The task ends after the last chunk,
/// after a failure, or when the entry's channel goes (released, or its view ended: the guard
/// returned here is dropped with it), when the view is gone, or at shutdown; an unfinished
/// writer is then closed as cancelled, even in the middle of a write. A write (with the close
/// after the last chunk) that takes longer than `timeout` (the chunk timeout, which is also how
/// long the client waits for the ack) fails the entry with `write_timeout`. A writer that panics
/// fails its entry and is dropped unclosed.
fn spawn_writer(
    shared: &Shared,
    weak: queue::WeakSender<Mail>,
    entry_ref: String,
    mut writer: OpenWriter,
    timeout: Duration,
) -> (mpsc::Sender<WriterChunk>, DropGuard) {
    let (tx, mut rx) = mpsc::channel::<WriterChunk>(1);
    let gone = CancellationToken::new();
    let guard = gone.clone().drop_guard();
    let shutdown = shared.shutdown.clone();
    shared.tracker.spawn(async move {
        let mut report = PanicReport { weak, entry_ref, msg_ref: None };
        loop {
            let next = tokio::select! {
                next = rx.recv() => next,
                _ = gone.cancelled() => None,
                _ = shutdown.cancelled() => None,
            };
            let Some(WriterChunk { bytes, msg_ref, last, _charge }) = next else {
                return close_cancelled(&mut writer, &report.entry_ref, timeout).await;
            };
            report.msg_ref = Some(msg_ref);
            let work = async {
                match writer.write_chunk(&bytes).await {
                    Ok(()) if !last => Ok(None),
                    Ok(()) => writer.close(WriterClose::Done).await.map(|()| Some(writer.meta())),
                    Err(why) => Err(why),
                }
            };
            let done = tokio::select! {
                done = tokio::time::timeout(timeout, work) => Some(done),
                _ = gone.cancelled() => None,
                _ = shutdown.cancelled() => None,
            };
            drop(_charge);
            let outcome = match done {
                None => {
                    report.msg_ref = None;
                    return close_cancelled(&mut writer, &report.entry_ref, timeout).await;
                }
                Some(Ok(Ok(meta))) => Ok(meta),
                Some(Ok(Err(why))) => Err(why),
                Some(Err(_)) => Err("write_timeout".to_owned()),
            };
            if let Err(why) = &outcome {
                let closed = tokio::time::timeout(timeout, writer.close(WriterClose::Failed(why.clone()))).await;
                if !matches!(closed, Ok(Ok(()))) {
                    tracing::warn!(entry = report.entry_ref, "an upload writer failed to close after a failure");
                }
            }
            let end = last || outcome.is_err();
            let msg_ref = report.msg_ref.take().unwrap_or_default();
            let msg = ViewMsg::UploadWritten { entry_ref: report.entry_ref.clone(), msg_ref, outcome };
            // Waits for room: the client waits for this chunk's ack anyway.
            let sent = match report.weak.upgrade() {
                Some(view) => view.send(Box::new(msg)).await.is_ok(),
                None => false,
            };
            if end {
                return;
            }
            if !sent {
                return close_cancelled(&mut writer, &report.entry_ref, timeout).await;
            }
        }
    });
    (tx, guard)
}

/// Closes an unfinished writer as cancelled (waiting at most `timeout` for it).
async fn close_cancelled(writer: &mut OpenWriter, entry: &str, timeout: Duration) {
    let closed = tokio::time::timeout(timeout, writer.close(WriterClose::Cancelled)).await;
    if !matches!(closed, Ok(Ok(()))) {
        tracing::warn!(entry, "an upload writer failed to close after a cancel");
    }
}

/// Reports a writer's panic to its view as a failed write of the chunk in hand.
struct PanicReport {
    weak: queue::WeakSender<Mail>,
    entry_ref: String,
    /// The chunk being written.
    msg_ref: Option<String>,
}

impl Drop for PanicReport {
    fn drop(&mut self) {
        if let Some(msg_ref) = self.msg_ref.take()
            && let Some(view) = self.weak.upgrade()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            tracing::error!(entry = self.entry_ref, "an upload writer panicked; the entry fails");
            let outcome = Err("writer_panicked".to_owned());
            let msg = ViewMsg::UploadWritten { entry_ref: std::mem::take(&mut self.entry_ref), msg_ref, outcome };
            // Not `try_send`: a full mailbox would lose the report, and the entry would wait
            // for an ack forever.
            runtime.spawn(async move {
                let _ = view.send(Box::new(msg)).await;
            });
        }
    }
}

/// Wakes every `timeout`; when no chunk came since the last wake, tells the view. Ends when the
/// entry finishes (or fails), the view is gone or the server shuts down.
fn watchdog(shared: &Shared, weak: queue::WeakSender<Mail>, entry_ref: String, timeout: Duration, activity: Activity) {
    let shutdown = shared.shutdown.clone();
    shared.tracker.spawn(async move {
        let mut seen = activity.load(Ordering::Relaxed);
        loop {
            tokio::select! {
                _ = tokio::time::sleep(timeout) => {}
                _ = shutdown.cancelled() => return,
            }
            let now = activity.load(Ordering::Relaxed);
            if now == FINISHED {
                return;
            }
            if now == seen {
                // Told again each period until the view fails the entry (which finishes this
                // watch): it ignores the report while a chunk is with the entry's writer.
                match weak.upgrade() {
                    Some(tx) => {
                        let _ = tx.try_send(Box::new(ViewMsg::UploadIdle { entry_ref: entry_ref.clone(), seen }));
                    }
                    None => return,
                }
            }
            seen = now;
        }
    });
}
