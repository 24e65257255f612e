//! The upload channels of one view: joins answered, chunks checked, stored and acked, entries
//! released. Runs in the view's task, so each entry's state and its file change together.

use super::routes::RouteLease;
use super::store::Store;
use crate::mailbox::{Mail, ViewMsg};
use crate::state::Shared;
use crate::ws::outbox::ChannelOut;
use bytes::Bytes;
use liveview_core::runtime::ViewRuntime;
use liveview_core::upload::{UploadClaims, UploadOp};
use liveview_core::wire::Rejection;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

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
        weak: &mpsc::WeakSender<Mail>,
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
        match self.store.create(entry) {
            Ok(path) => {
                rt.upload_attach(entry, path);
                out.reply_ok(msg_ref, "{}").await;
                let activity = Activity::default();
                watchdog(shared, weak.clone(), entry.to_owned(), target.chunk_timeout, activity.clone());
                self.joined.insert(entry.to_owned(), Joined { out, activity, route });
            }
            Err(e) => {
                tracing::error!(topic = out.topic(), error = %e, "upload file could not be created");
                rt.upload_failed(entry, "writer_error");
                out.reject(msg_ref, Rejection::Upload("writer_error")).await;
            }
        }
    }

    /// Checks a chunk against its entry's limits, stores it and acks it. A chunk over a limit,
    /// or one that cannot be written, fails the entry and deletes its data.
    pub(crate) async fn chunk(
        &mut self,
        rt: &mut ViewRuntime,
        base: &ChannelOut,
        topic: String,
        msg_ref: &str,
        bytes: Bytes,
    ) {
        let entry = topic.strip_prefix("lvu:").unwrap_or_default().to_owned();
        let fallback;
        let out = match self.joined.get(&entry) {
            Some(Joined { out, activity, .. }) => {
                let _ = activity.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| (n != FINISHED).then(|| n + 1));
                out
            }
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

    /// Stops the watchdog of `entry`.
    fn finished(&self, entry: &str) {
        if let Some(j) = self.joined.get(entry) {
            j.activity.store(FINISHED, Ordering::Relaxed);
        }
    }

    /// Whether `entry` is still joined, unfinished, with no chunk since its watchdog counted
    /// `seen` (then the view fails it, and the release deletes its data and closes it).
    pub(crate) fn still_idle(&self, entry: &str, seen: u64) -> bool {
        self.joined.get(entry).is_some_and(|j| j.activity.load(Ordering::Relaxed) == seen)
    }

    /// Carries out what the view decided about its entries.
    pub(crate) fn apply(&mut self, ops: Vec<UploadOp>, frames: &mut Vec<String>) {
        for op in ops {
            match op {
                UploadOp::Release { entry_ref } => {
                    self.store.remove(&entry_ref);
                    // Dropping it removes the channel's route: the client sends no `phx_leave`.
                    if let Some(Joined { out, activity, route }) = self.joined.remove(&entry_ref) {
                        activity.store(FINISHED, Ordering::Relaxed);
                        drop(route);
                        frames.push(out.closed_frame());
                    }
                }
                other => tracing::warn!(?other, "unknown upload operation ignored"),
            }
        }
    }
}

/// Wakes every `timeout`; when no chunk came since the last wake, tells the view (once) and
/// ends. Ends as well when the entry finishes, the view is gone or the server shuts down.
fn watchdog(shared: &Shared, weak: mpsc::WeakSender<Mail>, entry_ref: String, timeout: Duration, activity: Activity) {
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
                if let Some(tx) = weak.upgrade() {
                    let _ = tx.try_send(Box::new(ViewMsg::UploadIdle { entry_ref, seen }));
                }
                return;
            }
            seen = now;
        }
    });
}
