//! The subscriber task: owns the node's one subscribing connection, keeps its Redis
//! subscriptions equal to the set of topics with local subscribers, and delivers what arrives.

use crate::config::Config;
use crate::error::Error;
use crate::health::{Backoff, Link};
use crate::shared::Shared;
use futures_util::StreamExt;
use liveview_core::pubsub::PubSub as _;
use redis::aio::{PubSub, PubSubSink};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// A quiet connection is pinged this often, so a silently dead one (no FIN ever arrives) is
/// noticed and replaced.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long a ping may take before the connection is considered dead.
const PING_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) async fn connect(client: &redis::Client, timeout: Duration) -> Result<PubSub, Error> {
    let addr = client.get_connection_info().addr().to_string();
    match tokio::time::timeout(timeout, client.get_async_pubsub()).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(source)) => Err(Error::Connect { addr, source }),
        Err(_) => Err(Error::Timeout { addr }),
    }
}

pub(crate) async fn run(client: redis::Client, shared: Arc<Shared>, prefix: Arc<str>, first: PubSub, config: Config) {
    let mut backoff = Backoff::new(config.max_reconnect_delay);
    let mut conn = Some(first);
    loop {
        let attempt = match conn.take() {
            Some(c) => Ok(c),
            None => connect(&client, config.connect_timeout).await,
        };
        match attempt {
            Ok(c) => {
                let lost = serve(c, &shared, &prefix, &mut backoff).await;
                shared.health.lost(Link::Subscriber, &lost);
            }
            Err(e) => shared.health.lost(Link::Subscriber, &e),
        }
        tokio::time::sleep(backoff.next_delay()).await;
    }
}

/// Why a connection was given up.
#[derive(Debug)]
enum Lost {
    Closed,
    Redis(redis::RedisError),
    PingTimeout,
}

impl std::fmt::Display for Lost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lost::Closed => f.write_str("connection closed"),
            Lost::Redis(e) => write!(f, "{e}"),
            Lost::PingTimeout => f.write_str("no answer to ping"),
        }
    }
}

/// Runs one connection until it breaks.
async fn serve(conn: PubSub, shared: &Shared, prefix: &str, backoff: &mut Backoff) -> Lost {
    let (mut sink, mut stream) = conn.split();
    let mut subscribed = HashSet::new();
    // Changes from now on are seen again below; every topic that has local subscribers now
    // (including those subscribed during an outage) is subscribed here.
    shared.take_dirty();
    for topic in shared.local.topics() {
        if let Err(e) = reconcile(&mut sink, shared, prefix, &mut subscribed, topic).await {
            return Lost::Redis(e);
        }
    }
    backoff.reset();
    shared.health.restored(Link::Subscriber);
    shared.back.notify_one();
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            msg = stream.next() => {
                let Some(msg) = msg else { return Lost::Closed };
                match msg.get_channel_name().strip_prefix(prefix) {
                    Some(topic) => shared.local.deliver_local(topic, msg.get_payload_bytes()),
                    None => tracing::debug!(channel = msg.get_channel_name(), "message on a foreign channel ignored"),
                }
            }
            () = shared.wake.notified() => {
                for topic in shared.take_dirty() {
                    if let Err(e) = reconcile(&mut sink, shared, prefix, &mut subscribed, topic).await {
                        return Lost::Redis(e);
                    }
                }
            }
            _ = ping.tick() => match tokio::time::timeout(PING_TIMEOUT, sink.ping::<redis::Value>()).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => return Lost::Redis(e),
                Err(_) => return Lost::PingTimeout,
            },
        }
    }
}

/// Subscribes or unsubscribes `topic` in Redis so that it matches whether the topic has local
/// subscribers now. Idempotent, so racing subscribe/unsubscribe reports end in the right state.
async fn reconcile(
    sink: &mut PubSubSink,
    shared: &Shared,
    prefix: &str,
    subscribed: &mut HashSet<String>,
    topic: String,
) -> redis::RedisResult<()> {
    let wanted = shared.local.local_subscribers(&topic) > 0;
    let channel = format!("{prefix}{topic}");
    if wanted && !subscribed.contains(&topic) {
        sink.subscribe(&channel).await?;
        tracing::debug!(%topic, "subscribed in Redis");
        subscribed.insert(topic);
    } else if !wanted && subscribed.contains(&topic) {
        sink.unsubscribe(&channel).await?;
        tracing::debug!(%topic, "unsubscribed in Redis");
        subscribed.remove(&topic);
    }
    Ok(())
}
