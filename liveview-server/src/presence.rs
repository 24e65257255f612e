//! The node's presence tracker: a [`Replica`] behind a lock, fed by the pubsub topic the
//! trackers share, with a task that broadcasts its messages in order and heartbeats.
//!
//! Views reach it through their socket's pubsub requests (`track`, `untrack`,
//! `subscribe_presence`), which their task carries out with a [`ViewPresence`]: what it holds
//! is dropped with the task, so a view that stops leaves at once, however it stops.
//!
//! Diffs are computed and handed to subscribers under the lock, so a subscriber's first diff
//! (everyone present) and every later one form one ordered stream. Handing over is a
//! `try_send` into a view's mailbox; nothing under the lock waits. A diff that does not fit
//! marks the subscription stale: from then on it is offered the whole list (with `reset`)
//! instead, on each change and each heartbeat, until one is delivered.

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

/// Entries (topic and key pairs) one view may track at once: a view that tracks more crashes,
/// since it is most likely tracking keys taken from client input, which would let a client
/// grow presence on every node without bound.
pub(crate) const MAX_TRACKED: usize = 64;

/// Receives each diff of a subscribed topic (it must not block); `false`: it could not be
/// delivered (the view's mailbox is full).
pub(crate) type Sink = Arc<dyn Fn(&RawDiff) -> bool + Send + Sync>;

/// A subscriber of a topic.
struct Sub {
    sink: Sink,
    /// A diff was not delivered: the subscriber's list is wrong until a whole list is.
    stale: bool,
}

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
    subs: HashMap<String, HashMap<u64, Sub>>,
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
        let Inner { replica, subs, .. } = inner;
        for diff in &out.diffs {
            let Some(subs) = subs.get_mut(&diff.topic) else { continue };
            let mut list = None;
            for sub in subs.values_mut() {
                if sub.stale {
                    let list = list.get_or_insert_with(|| replica.list(&diff.topic));
                    sub.stale = !(sub.sink)(list);
                } else if !(sub.sink)(diff) {
                    tracing::warn!(topic = %diff.topic, "presence diff not delivered: a subscriber's mailbox is full; it gets the whole list once there is room");
                    sub.stale = true;
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

    /// Calls `sink` with everyone present on `topic` now (as joins, with `reset`), then with
    /// each change, until the returned guard is dropped. `replaces`, an earlier subscription
    /// to `topic`, ends in the same step: no change falls between the two.
    pub(crate) fn subscribe(
        self: &Arc<Self>,
        topic: &str,
        sink: Sink,
        replaces: Option<PresenceSubscription>,
    ) -> PresenceSubscription {
        self.start();
        let mut inner = self.lock();
        let id = inner.next_sub;
        inner.next_sub += 1;
        let subs = inner.subs.entry(topic.to_owned()).or_default();
        if let Some(old) = &replaces {
            subs.remove(&old.id);
        }
        subs.insert(id, Sub { sink: sink.clone(), stale: true });
        let delivered = sink(&inner.replica.list(topic));
        if let Some(sub) = inner.subs.get_mut(topic).and_then(|s| s.get_mut(&id)) {
            sub.stale = !delivered;
        }
        drop(inner);
        // Its guard finds nothing left to remove.
        drop(replaces);
        PresenceSubscription { tracker: Arc::downgrade(self), topic: topic.to_owned(), id }
    }

    /// Offers the whole list to each stale subscriber; called with the lock held.
    fn retry_stale(inner: &mut Inner) {
        let Inner { replica, subs, .. } = inner;
        for (topic, subs) in subs.iter_mut() {
            let mut list = None;
            for sub in subs.values_mut().filter(|s| s.stale) {
                let list = list.get_or_insert_with(|| replica.list(topic));
                sub.stale = !(sub.sink)(list);
            }
        }
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

    /// The heartbeat: announce this node, expire silent ones, offer the whole list to
    /// subscribers that missed a diff.
    fn tick(&self) {
        let mut inner = self.lock();
        let out = inner.replica.tick(now());
        self.emit(&mut inner, out);
        Self::retry_stale(&mut inner);
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
    /// A `track` was refused: [`MAX_TRACKED`] entries were tracked already.
    overflowed: bool,
}

impl ViewPresence {
    /// Tracks the view on `topic` under `key`, or replaces its meta there. Refused past
    /// [`MAX_TRACKED`] entries (see [`ViewPresence::overflowed`]).
    pub(crate) fn track(&mut self, tracker: &Arc<Tracker>, topic: String, key: String, meta: Value) {
        let full = self.tracked.len() >= MAX_TRACKED;
        match self.tracked.get_mut(&(topic.clone(), key.clone())) {
            Some(t) => t.update(meta),
            None if full => self.overflowed = true,
            None => {
                let t = tracker.track(&topic, &key, meta);
                self.tracked.insert((topic, key), t);
            }
        }
    }

    /// Whether a `track` was refused because [`MAX_TRACKED`] entries were tracked (the view
    /// must end).
    pub(crate) fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// Stops tracking the view on `topic` under `key`.
    pub(crate) fn untrack(&mut self, topic: String, key: String) {
        self.tracked.remove(&(topic, key));
    }

    /// Subscribes the view to `topic`'s diffs (replacing an earlier subscription to it, in
    /// one step: the new one starts with the whole list, with `reset`).
    pub(crate) fn subscribe(&mut self, tracker: &Arc<Tracker>, topic: String, sink: Sink) {
        let old = self.subs.remove(&topic);
        let sub = tracker.subscribe(&topic, sink, old);
        self.subs.insert(topic, sub);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liveview_core::presence::{Presences, decode};
    use liveview_core::pubsub::LocalPubSub;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// A subscriber whose mailbox can be made full: what it received, in order.
    struct View {
        full: Arc<AtomicBool>,
        got: Arc<Mutex<Vec<RawDiff>>>,
    }

    impl View {
        fn new() -> View {
            View { full: Arc::new(AtomicBool::new(false)), got: Arc::default() }
        }

        fn sink(&self) -> Sink {
            let (full, got) = (self.full.clone(), self.got.clone());
            Arc::new(move |d: &RawDiff| {
                if full.load(Ordering::SeqCst) {
                    return false;
                }
                got.lock().expect("not poisoned").push(d.clone());
                true
            })
        }

        /// The keys its `Presences` lists, built from what it received only.
        fn keys(&self) -> Vec<String> {
            let mut p: Presences<Value> = Presences::new();
            for d in self.got.lock().expect("not poisoned").iter() {
                p.apply(decode(d));
            }
            p.keys().map(str::to_owned).collect()
        }
    }

    fn tracker() -> Arc<Tracker> {
        Tracker::new(Arc::new(LocalPubSub::new()), PresenceConfig::default())
    }

    #[test]
    fn a_diff_dropped_on_a_full_mailbox_is_repaired_by_the_whole_list_on_the_next_change() {
        let t = tracker();
        let view = View::new();
        let _sub = t.subscribe("room", view.sink(), None);
        let ann = t.track("room", "ann", Value::Null);
        assert_eq!(view.keys(), ["ann"]);
        view.full.store(true, Ordering::SeqCst);
        drop(ann); // her leave does not fit
        view.full.store(false, Ordering::SeqCst);
        let _bob = t.track("room", "bob", Value::Null);
        assert_eq!(view.keys(), ["bob"], "ann's lost leave does not keep her listed");
        assert!(view.got.lock().expect("not poisoned").last().is_some_and(|d| d.reset));
    }

    #[test]
    fn a_diff_dropped_on_a_full_mailbox_is_repaired_on_the_next_heartbeat() {
        let t = tracker();
        let view = View::new();
        let _sub = t.subscribe("room", view.sink(), None);
        let ann = t.track("room", "ann", Value::Null);
        view.full.store(true, Ordering::SeqCst);
        drop(ann);
        t.tick();
        assert_eq!(view.keys(), ["ann"], "still full: nothing delivered");
        view.full.store(false, Ordering::SeqCst);
        t.tick();
        assert!(view.keys().is_empty());
        t.tick();
        assert_eq!(view.got.lock().expect("not poisoned").len(), 3, "the list is sent once, not every heartbeat");
    }

    #[test]
    fn re_subscribing_replaces_the_list_so_a_leave_in_between_is_not_lost() {
        let t = tracker();
        let view = View::new();
        let mut presence = ViewPresence::default();
        presence.subscribe(&t, "room".into(), view.sink());
        let ann = t.track("room", "ann", Value::Null);
        assert_eq!(view.keys(), ["ann"]);
        // The old subscription is gone when ann leaves (as between two steps before).
        presence.subs.remove("room");
        drop(ann);
        presence.subscribe(&t, "room".into(), view.sink());
        assert!(view.keys().is_empty(), "the new first list replaced the old one");
        assert_eq!(t.lock().subs["room"].len(), 1, "one subscription left");
    }
}
