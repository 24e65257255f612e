//! Publish/subscribe between views, on one node or (with a backend such as Redis) many.
//!
//! Messages cross the wire as JSON, so a broadcast reaches views on other nodes unchanged; a
//! subscribing view decodes them into the type it subscribed with and receives them in its
//! `#[info]` handler for that type. Dropping a [`Subscription`] unsubscribes: a view's
//! subscriptions end with the view, however it ends.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// Receives the payload of each broadcast on a subscribed topic.
pub type Deliver = Arc<dyn Fn(&[u8]) + Send + Sync>;

/// A live subscription; unsubscribes when dropped.
pub struct Subscription {
    cancel: Option<Box<dyn FnOnce() + Send + Sync>>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Subscription")
    }
}

impl Subscription {
    /// A subscription that runs `cancel` when dropped.
    pub fn new(cancel: impl FnOnce() + Send + Sync + 'static) -> Self {
        Subscription { cancel: Some(Box::new(cancel)) }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(c) = self.cancel.take() {
            c()
        }
    }
}

/// A pubsub backend.
pub trait PubSub: Send + Sync + 'static {
    /// Calls `deliver` with every payload broadcast on `topic` from now on, until the returned
    /// subscription is dropped. `deliver` must not block (it runs on the broadcaster's task).
    fn subscribe(&self, topic: &str, deliver: Deliver) -> Subscription;

    /// Sends `payload` to every subscriber of `topic` (on every node, for distributed
    /// backends). Per publisher, payloads arrive in the order they were broadcast.
    fn broadcast(&self, topic: &str, payload: &[u8]);

    /// Subscribers of `topic` on this node (for tests and metrics).
    fn local_subscribers(&self, topic: &str) -> usize;
}

const SHARDS: usize = 16;

type Topic = HashMap<u64, Deliver>;

/// In-process pubsub: topics sharded over 16 locks; a broadcast holds one shard's read lock.
pub struct LocalPubSub {
    shards: Arc<[RwLock<HashMap<String, Topic>>; SHARDS]>,
    next_id: AtomicU64,
}

impl std::fmt::Debug for LocalPubSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalPubSub")
    }
}

impl Default for LocalPubSub {
    fn default() -> Self {
        LocalPubSub {
            shards: Arc::new(std::array::from_fn(|_| RwLock::new(HashMap::new()))),
            next_id: AtomicU64::new(1),
        }
    }
}

fn shard_of(topic: &str) -> usize {
    (crate::rendered::key_hash(topic) as usize) % SHARDS
}

impl LocalPubSub {
    /// An empty pubsub.
    pub fn new() -> Self {
        Self::default()
    }

    /// Delivers `payload` to this node's subscribers of `topic` only (distributed backends call
    /// this for payloads arriving from the network).
    pub fn deliver_local(&self, topic: &str, payload: &[u8]) {
        let shard = match self.shards[shard_of(topic)].read() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(subs) = shard.get(topic) {
            for d in subs.values() {
                d(payload);
            }
        }
    }

    /// Topics with at least one subscriber on this node.
    pub fn topics(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in self.shards.iter() {
            let g = match s.read() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            out.extend(g.keys().cloned());
        }
        out
    }

    /// Subscribes; `on_empty` runs when the topic loses its last local subscriber, and the
    /// returned bool says whether this was the topic's first local subscriber.
    pub fn subscribe_tracked(
        &self,
        topic: &str,
        deliver: Deliver,
        on_empty: impl FnOnce(&str) + Send + Sync + 'static,
    ) -> (Subscription, bool) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let idx = shard_of(topic);
        let first = {
            let mut g = match self.shards[idx].write() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            let subs = g.entry(topic.to_owned()).or_default();
            subs.insert(id, deliver);
            subs.len() == 1
        };
        let shards = self.shards.clone();
        let topic = topic.to_owned();
        let sub = Subscription::new(move || {
            let mut g = match shards[idx].write() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            let now_empty = match g.get_mut(&topic) {
                Some(subs) => {
                    subs.remove(&id);
                    subs.is_empty()
                }
                None => false,
            };
            if now_empty {
                g.remove(&topic);
                drop(g);
                on_empty(&topic);
            }
        });
        (sub, first)
    }
}

impl PubSub for LocalPubSub {
    fn subscribe(&self, topic: &str, deliver: Deliver) -> Subscription {
        self.subscribe_tracked(topic, deliver, |_| {}).0
    }

    fn broadcast(&self, topic: &str, payload: &[u8]) {
        self.deliver_local(topic, payload)
    }

    fn local_subscribers(&self, topic: &str) -> usize {
        let g = match self.shards[shard_of(topic)].read() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        g.get(topic).map_or(0, HashMap::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn ten_thousand_subscribers_receive_one_broadcast_and_drop_unsubscribes() {
        let ps = LocalPubSub::new();
        let hits = Arc::new(AtomicU64::new(0));
        let subs: Vec<Subscription> = (0..10_000)
            .map(|_| {
                let hits = hits.clone();
                ps.subscribe(
                    "room",
                    Arc::new(move |_| {
                        hits.fetch_add(1, Ordering::Relaxed);
                    }),
                )
            })
            .collect();
        assert_eq!(ps.local_subscribers("room"), 10_000);
        ps.broadcast("room", b"1");
        assert_eq!(hits.load(Ordering::Relaxed), 10_000);
        ps.broadcast("other", b"1");
        assert_eq!(hits.load(Ordering::Relaxed), 10_000);
        drop(subs);
        assert_eq!(ps.local_subscribers("room"), 0);
        assert!(ps.topics().is_empty(), "empty topics are removed");
    }

    #[test]
    fn order_per_publisher_is_kept() {
        let ps = LocalPubSub::new();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s2 = seen.clone();
        let _sub = ps.subscribe("t", Arc::new(move |p| s2.lock().unwrap().push(p.to_vec())));
        for i in 0..100u8 {
            ps.broadcast("t", &[i]);
        }
        let got: Vec<u8> = seen.lock().unwrap().iter().map(|v| v[0]).collect();
        assert_eq!(got, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn tracked_subscriptions_report_first_and_last() {
        let ps = LocalPubSub::new();
        let emptied = Arc::new(Mutex::new(Vec::new()));
        let e = emptied.clone();
        let (a, first_a) = ps.subscribe_tracked("t", Arc::new(|_| {}), move |t| e.lock().unwrap().push(t.to_owned()));
        let e = emptied.clone();
        let (b, first_b) =
            ps.subscribe_tracked("t", Arc::new(|_| {}), move |t| e.lock().unwrap().push(format!("b:{t}")));
        assert!(first_a && !first_b);
        drop(a);
        assert!(emptied.lock().unwrap().is_empty(), "the topic still has a subscriber");
        drop(b);
        assert_eq!(*emptied.lock().unwrap(), vec!["b:t".to_owned()]);
        assert_eq!(ps.local_subscribers("t"), 0);
    }
}
