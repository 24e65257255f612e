//! The node's presence tracker: a [`Replica`] behind a lock, fed by the pubsub topic the
//! trackers share, with a task that broadcasts its messages in order and heartbeats.
//!
//! Views reach it through their socket's pubsub requests (`track`, `untrack`,
//! `subscribe_presence`), which their task carries out with a [`ViewPresence`]: what it holds
//! is dropped with the task, so a view that stops leaves at once, however it stops.
//!
//! Diffs are computed and handed to subscribers under the lock, so a subscriber's first diff
//! (everyone present) and every later one form one ordered stream. Handing over is a
//! `try_send` into a view's mailbox; nothing under the lock waits.

use liveview_core::presence::wire::{Msg, TOPIC};
use liveview_core::presence::{Output, PresenceConfig, RawDiff, Replica};
use liveview_core::pubsub::{PubSub, Subscription};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::Duration;
use tokio::sync::mpsc;

/// Messages queued for the pubsub at most; past that one is dropped and the next heartbeat
/// carries the whole state instead.
const OUTBOX: usize = 4096;

/// Receives each diff of a subscribed topic (it must not block).
pub(crate) type Sink = Arc<dyn Fn(&RawDiff) + Send + Sync>;

/// One node's tracker. Its task starts with the first `track` or subscription.
pub(crate) struct Tracker {
    node: String,
    heartbeat: Duration,
    pubsub: Arc<dyn PubSub>,
    inner: Mutex<Inner>,
    /// The queue of the task that broadcasts, once started.
    outbox: OnceLock<Option<mpsc::Sender<Vec<u8>>>>,
}

struct Inner {
    replica: Replica,
    /// Subscribers by topic, by subscription number.
    subs: HashMap<String, HashMap<u64, Sink>>,
    next_sub: u64,
}

impl std::fmt::Debug for Tracker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tracker").field("node", &self.node).finish_non_exhaustive()
    }
}

/// A node name no other node has: 9 random bytes, base64url.
fn node_name() -> String {
    use base64::Engine;
    let mut b = [0u8; 9];
    rand::fill(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}

impl Tracker {
    /// A tracker sharing presence through `pubsub`.
    pub(crate) fn new(pubsub: Arc<dyn PubSub>, config: PresenceConfig) -> Arc<Tracker> {
        let node = node_name();
        let heartbeat = config.effective_heartbeat();
        let replica = Replica::new(node.clone(), config);
        Arc::new(Tracker {
            node,
            heartbeat,
            pubsub,
            inner: Mutex::new(Inner { replica, subs: HashMap::new(), next_sub: 1 }),
            outbox: OnceLock::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every change to `Inner` is completed before anything that could panic runs.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Subscribes to the trackers' topic, starts the task and says hello, once. Outside a
    /// tokio runtime presence stays local to this node (logged).
    fn start(self: &Arc<Self>) {
        self.outbox.get_or_init(|| {
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                tracing::warn!("presence used outside a tokio runtime; it is not shared with other nodes");
                return None;
            };
            let (tx, rx) = mpsc::channel(OUTBOX);
            let weak = Arc::downgrade(self);
            let deliver = weak.clone();
            let sub = self.pubsub.subscribe(
                TOPIC,
                Arc::new(move |payload: &[u8]| {
                    if let Some(t) = deliver.upgrade() {
                        t.receive(payload);
                    }
                }),
            );
            runtime.spawn(run(weak, self.pubsub.clone(), rx, sub, self.heartbeat));
            let hello = self.lock().replica.hello();
            if let Ok(bytes) = serde_json::to_vec(&hello) {
                let _ = tx.try_send(bytes);
            }
            tracing::debug!(node = %self.node, "presence tracker started");
            Some(tx)
        });
    }

    /// Hands diffs to subscribers and queues messages, in order; called with the lock held.
    fn emit(&self, inner: &mut Inner, out: Output) {
        for diff in &out.diffs {
            if let Some(subs) = inner.subs.get(&diff.topic) {
                for sink in subs.values() {
                    sink(diff);
                }
            }
        }
        let Some(Some(tx)) = self.outbox.get() else { return };
        for msg in out.send {
            let sent = serde_json::to_vec(&msg).map_err(drop).and_then(|b| tx.try_send(b).map_err(drop));
            if sent.is_err() {
                tracing::warn!(node = %self.node, "presence message dropped (queue full); the next heartbeat resends the state");
                inner.replica.message_lost();
            }
        }
    }

    /// Tracks an entry until the returned guard is dropped.
    pub(crate) fn track(self: &Arc<Self>, topic: &str, key: &str, meta: Value) -> Tracked {
        self.start();
        let mut inner = self.lock();
        let (n, out) = inner.replica.track(topic, key, meta);
        self.emit(&mut inner, out);
        Tracked { tracker: Arc::downgrade(self), n }
    }

    /// Calls `sink` with everyone present on `topic` now (as joins), then with each change,
    /// until the returned guard is dropped.
    pub(crate) fn subscribe(self: &Arc<Self>, topic: &str, sink: Sink) -> PresenceSubscription {
        self.start();
        let mut inner = self.lock();
        let id = inner.next_sub;
        inner.next_sub += 1;
        sink(&inner.replica.list(topic));
        inner.subs.entry(topic.to_owned()).or_default().insert(id, sink);
        PresenceSubscription { tracker: Arc::downgrade(self), topic: topic.to_owned(), id }
    }

    /// A message from the trackers' topic (this node's own come back through Redis and are
    /// ignored).
    fn receive(&self, payload: &[u8]) {
        let msg: Msg = match serde_json::from_slice(payload) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "presence message does not decode; dropped");
                return;
            }
        };
        if msg.node() == self.node {
            return;
        }
        let mut inner = self.lock();
        let out = inner.replica.receive(msg, now());
        self.emit(&mut inner, out);
    }

    /// The heartbeat: announce this node, expire silent ones.
    fn tick(&self) {
        let mut inner = self.lock();
        let out = inner.replica.tick(now());
        self.emit(&mut inner, out);
    }
}

/// Broadcasts queued messages in order and runs the heartbeat, until the tracker is dropped.
async fn run(
    tracker: Weak<Tracker>,
    pubsub: Arc<dyn PubSub>,
    mut outbox: mpsc::Receiver<Vec<u8>>,
    _sub: Subscription,
    heartbeat: Duration,
) {
    let mut ticks = tokio::time::interval(heartbeat);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await; // the first tick is immediate: the hello says enough
    loop {
        tokio::select! {
            msg = outbox.recv() => match msg {
                Some(bytes) => pubsub.broadcast(TOPIC, &bytes),
                None => return,
            },
            _ = ticks.tick() => match tracker.upgrade() {
                Some(t) => t.tick(),
                None => return,
            },
        }
    }
}

/// An entry of this node; dropping it removes the entry (a leave on every node).
pub(crate) struct Tracked {
    tracker: Weak<Tracker>,
    n: u64,
}

impl Tracked {
    /// Replaces the entry's meta, in one change.
    fn update(&mut self, meta: Value) {
        let Some(t) = self.tracker.upgrade() else { return };
        let mut inner = t.lock();
        if let Some((n, out)) = inner.replica.update(self.n, meta) {
            self.n = n;
            t.emit(&mut inner, out);
        }
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        if let Some(t) = self.tracker.upgrade() {
            let mut inner = t.lock();
            let out = inner.replica.untrack(self.n);
            t.emit(&mut inner, out);
        }
    }
}

/// A presence subscription; dropping it ends the diffs.
pub(crate) struct PresenceSubscription {
    tracker: Weak<Tracker>,
    topic: String,
    id: u64,
}

impl Drop for PresenceSubscription {
    fn drop(&mut self) {
        if let Some(t) = self.tracker.upgrade() {
            let mut inner = t.lock();
            if let Some(subs) = inner.subs.get_mut(&self.topic) {
                subs.remove(&self.id);
                if subs.is_empty() {
                    inner.subs.remove(&self.topic);
                }
            }
        }
    }
}

/// What one view tracks and the presence diffs it receives; dropped with its task.
#[derive(Default)]
pub(crate) struct ViewPresence {
    tracked: HashMap<(String, String), Tracked>,
    subs: HashMap<String, PresenceSubscription>,
}

impl ViewPresence {
    /// Tracks the view on `topic` under `key`, or replaces its meta there.
    pub(crate) fn track(&mut self, tracker: &Arc<Tracker>, topic: String, key: String, meta: Value) {
        match self.tracked.get_mut(&(topic.clone(), key.clone())) {
            Some(t) => t.update(meta),
            None => {
                let t = tracker.track(&topic, &key, meta);
                self.tracked.insert((topic, key), t);
            }
        }
    }

    /// Stops tracking the view on `topic` under `key`.
    pub(crate) fn untrack(&mut self, topic: String, key: String) {
        self.tracked.remove(&(topic, key));
    }

    /// Subscribes the view to `topic`'s diffs (replacing an earlier subscription to it).
    pub(crate) fn subscribe(&mut self, tracker: &Arc<Tracker>, topic: String, sink: Sink) {
        // The old subscription goes first: the new one starts with the whole list.
        self.subs.remove(&topic);
        let sub = tracker.subscribe(&topic, sink);
        self.subs.insert(topic, sub);
    }
}
