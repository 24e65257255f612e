//! # liveview-redis
//!
//! A [`PubSub`](liveview_core::pubsub::PubSub) backend over Redis, so that broadcasts reach the
//! views of every server node. Session tokens are signed, so any node can mount any view: pubsub
//! is the only thing nodes share, and Redis carries it.
//!
//! ```no_run
//! use liveview::LiveRouter;
//! use liveview_redis::RedisPubSub;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let pubsub = RedisPubSub::connect("redis://127.0.0.1:6379").await?;
//! let router = LiveRouter::new()
//!     // .live::<Chat>("/chat")
//!     .secret("the same signing secret on every node, 32 bytes or more")
//!     .pubsub(pubsub);
//! liveview::serve("0.0.0.0:4000", router).await?;
//! # Ok(())
//! # }
//! ```
//!
//! ## How it works
//!
//! Each node opens two connections to Redis, however many topics and views it serves:
//!
//! - one **subscriber** connection, multiplexing every topic: a topic's Redis channel
//!   (`liveview:<topic>`) is subscribed when the topic gets its first subscriber on this node
//!   and unsubscribed when it loses its last one;
//! - one **publisher** connection: a broadcast is a `PUBLISH` on the topic's channel, queued
//!   and sent in order (pipelined in batches), so per publisher, messages arrive in order.
//!
//! A node's own broadcasts come back to it through Redis like everyone else's, so each
//! subscriber, local or remote, sees each message exactly once.
//!
//! ## Outages
//!
//! When Redis becomes unreachable the node keeps serving: it logs one `warn` for the outage,
//! retries with exponential backoff (50 ms doubling up to [`Config::max_reconnect_delay`]),
//! and logs an `info` when Redis is back, after resubscribing every topic that has local
//! subscribers. Redis pubsub is fire-and-forget, so during an outage:
//!
//! - broadcasts made on this node are **dropped** (not queued for later: a view that acts on
//!   a stale message minutes later is worse than one that missed it); the number dropped is
//!   reported when Redis is back;
//! - broadcasts made on other nodes while this node is disconnected never reach it.
//!
//! Views that keep state derived from broadcasts may therefore diverge across an outage.
//! If the publisher connection breaks while a batch is in flight, the batch is retried once on
//! a new connection, so in that rare case a message may be delivered twice.
//!
//! ## Presence
//!
//! Presence (`socket.track`) needs nothing more: each node's tracker publishes its changes and
//! a heartbeat on channel `liveview:__presence` (topic `__presence`) and keeps a replica of the
//! other nodes' entries. A node silent for the presence TTL (default 10 s, heartbeat 2 s,
//! `LiveRouter::presence`) is dropped with its entries; an outage shorter than the TTL minus a
//! heartbeat minus the reconnect backoff ([`Config::max_reconnect_delay`]; 6 s with the
//! defaults) loses no one, and the changes it hid are resent as whole states when it ends (a
//! message delivered twice changes nothing either). See the README's "Presence" section.
//!
//! Trackers believe what they read on `liveview:__presence`: the Redis server and everyone
//! who can publish on it must be trusted (a client that can `PUBLISH` there can list anyone
//! on any topic). Views cannot reach it: `socket.subscribe` and `socket.broadcast` refuse
//! topics starting with `__`.

mod config;
mod error;
mod health;
mod publisher;
mod pubsub;
mod shared;
mod subscriber;

pub use config::Config;
pub use error::Error;
pub use pubsub::RedisPubSub;
