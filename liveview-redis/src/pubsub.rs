//! `RedisPubSub`: local delivery through a [`LocalPubSub`], distribution through Redis.

use crate::config::Config;
use crate::error::Error;
use crate::shared::Shared;
use crate::{publisher, subscriber};
use liveview_core::pubsub::{Deliver, PubSub, Subscription};
use std::sync::Arc;
use tokio::sync::mpsc;

/// A [`PubSub`] that shares broadcasts between server nodes through Redis.
///
/// Create one per node with [`RedisPubSub::connect`] and give it to
/// `LiveRouter::pubsub`. See the [crate guide](crate) for the connection model and what
/// happens during a Redis outage.
pub struct RedisPubSub {
    shared: Arc<Shared>,
    prefix: Arc<str>,
    outbox: mpsc::Sender<(String, Vec<u8>)>,
    subscriber: tokio::task::AbortHandle,
}

impl std::fmt::Debug for RedisPubSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisPubSub")
            .field("prefix", &self.prefix)
            .field("connected", &self.is_connected())
            .finish_non_exhaustive()
    }
}

impl RedisPubSub {
    /// Connects to Redis at `url` (`redis://HOST:PORT`, `redis://:PASSWORD@HOST:PORT/DB`) with
    /// the default [`Config`], and starts the background tasks on the current tokio runtime.
    ///
    /// Fails if the URL is invalid or Redis cannot be reached now; later outages are handled
    /// by reconnecting (see the [crate guide](crate)).
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: nothing is left running until the returned future completes.
    pub async fn connect(url: &str) -> Result<Arc<Self>, Error> {
        Self::connect_with(url, Config::default()).await
    }

    /// [`RedisPubSub::connect`] with explicit settings.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe, like [`RedisPubSub::connect`].
    pub async fn connect_with(url: &str, config: Config) -> Result<Arc<Self>, Error> {
        let client = redis::Client::open(url).map_err(Error::InvalidUrl)?;
        let conn = publisher::connect(&client, config.connect_timeout).await?;
        let sub = subscriber::connect(&client, config.connect_timeout).await?;
        let shared = Arc::new(Shared::default());
        let prefix: Arc<str> = config.channel_prefix.clone().into();
        let (outbox, queue) = mpsc::channel(config.publish_queue.max(1));
        tokio::spawn(publisher::run(client.clone(), shared.clone(), queue, conn, config.clone()));
        let subscriber =
            tokio::spawn(subscriber::run(client, shared.clone(), prefix.clone(), sub, config)).abort_handle();
        Ok(Arc::new(RedisPubSub { shared, prefix, outbox, subscriber }))
    }

    /// Whether both connections to Redis are up, as far as this node has noticed (a broken
    /// connection is noticed when it closes, or at the latest by a periodic ping).
    pub fn is_connected(&self) -> bool {
        self.shared.health.is_up()
    }

    /// Broadcasts made on this node that were dropped since it connected: during Redis outages,
    /// or because the publish queue was full (for metrics and tests).
    pub fn dropped_broadcasts(&self) -> u64 {
        self.shared.health.dropped_total()
    }

    /// The Redis channel carrying `topic`.
    fn channel(&self, topic: &str) -> String {
        let mut c = String::with_capacity(self.prefix.len() + topic.len());
        c.push_str(&self.prefix);
        c.push_str(topic);
        c
    }
}

impl Drop for RedisPubSub {
    fn drop(&mut self) {
        // The publisher ends by itself once its queue is closed and drained.
        self.subscriber.abort();
    }
}

impl PubSub for RedisPubSub {
    fn subscribe(&self, topic: &str, deliver: Deliver) -> Subscription {
        let shared = Arc::downgrade(&self.shared);
        let (sub, first) = self.shared.local.subscribe_tracked(topic, deliver, move |topic| {
            if let Some(shared) = shared.upgrade() {
                shared.mark_dirty(topic);
            }
        });
        if first {
            self.shared.mark_dirty(topic);
        }
        sub
    }

    /// Queues a `PUBLISH` and returns at once. Dropped, with a warning, when Redis is
    /// unreachable or the queue is full.
    fn broadcast(&self, topic: &str, payload: &[u8]) {
        match self.outbox.try_send((self.channel(topic), payload.to_vec())) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => {
                // Logged for the first and every 1024th, not for each.
                let n = self.shared.health.dropped_queue_full();
                if n == 1 || n.is_multiple_of(1024) {
                    tracing::warn!(%topic, dropped_so_far = n, "Redis publish queue full; broadcast dropped");
                }
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {
                tracing::warn!(%topic, "Redis publisher stopped; broadcast dropped");
            }
        }
    }

    fn local_subscribers(&self, topic: &str) -> usize {
        self.shared.local.local_subscribers(topic)
    }
}
