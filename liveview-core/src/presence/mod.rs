//! Presence (Phoenix.Presence): who is on a topic, with metadata, kept consistent across nodes.
//!
//! A view calls `socket.track(topic, key, &meta)` when connected and is present until it stops
//! (however it stops) or calls `socket.untrack`. A view that called
//! `socket.subscribe_presence::<M>(topic)` receives a [`PresenceDiff<M>`](PresenceDiff) in its
//! `#[info]` handler: first everyone present, then each join and leave; it keeps a
//! [`Presences<M>`](Presences) up to date with them.
//!
//! The server runs one tracker per node around a [`Replica`] (this module has no I/O): the
//! replica holds the node's own entries and a copy of every other node's, which the nodes keep
//! in step over the ordinary pubsub ([`wire`]). Nodes heartbeat; a node silent for the TTL
//! ([`PresenceConfig`]) is considered dead and its entries leave.

mod diff;
mod replica;
pub mod wire;

pub use diff::{PresenceDecoder, PresenceDiff, PresenceMeta, Presences, RawDiff, RawEntry, decode, presence_decoder};
pub use replica::{Output, PresenceConfig, Replica};
