//! [`Shared`]: the state that the `RedisPubSub` handle, the subscriptions it hands out and the
//! publisher and subscriber tasks have in common.

use crate::health::Health;
use liveview_core::pubsub::LocalPubSub;
use std::collections::HashSet;
use std::sync::Mutex;
use tokio::sync::Notify;

/// State shared between the handle, the subscriptions it hands out and the background tasks.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub(crate) local: LocalPubSub,
    pub(crate) health: Health,
    /// Topics whose local subscriber count went from 0 to 1 or from 1 to 0 since the subscriber
    /// task last looked; it compares each with what it has subscribed in Redis.
    dirty: Mutex<HashSet<String>>,
    pub(crate) wake: Notify,
    /// The subscriber connection is back after an outage: the publisher, if down, retries now
    /// rather than at its next backoff deadline.
    pub(crate) back: Notify,
}

impl Shared {
    /// Notes that `topic` gained its first or lost its last local subscriber, and wakes the
    /// subscriber task.
    pub(crate) fn mark_dirty(&self, topic: &str) {
        let mut dirty = match self.dirty.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        dirty.insert(topic.to_owned());
        drop(dirty);
        self.wake.notify_one();
    }

    /// The topics marked since the last call.
    pub(crate) fn take_dirty(&self) -> HashSet<String> {
        let mut dirty = match self.dirty.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        std::mem::take(&mut *dirty)
    }
}
