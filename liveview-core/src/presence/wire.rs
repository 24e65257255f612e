//! The messages trackers exchange over pubsub (JSON on the topic [`TOPIC`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The pubsub topic trackers talk on (with Redis: channel `liveview:__presence`).
pub const TOPIC: &str = "__presence";

/// One message between trackers. Every message names the node that sent it; `seq` counts the
/// changes that node made to its entries, so that a receiver notices a lost message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Msg {
    /// "I am alive, and my entries are at change `seq`" (every heartbeat interval).
    Heartbeat {
        /// The sender.
        node: String,
        /// Its change count.
        seq: u64,
    },
    /// One change of the sender's entries: change `seq` (the previous one was `seq - 1`).
    Delta {
        /// The sender.
        node: String,
        /// Its change count after this change.
        seq: u64,
        /// Entries added.
        #[serde(default)]
        joins: Vec<WireEntry>,
        /// Numbers of entries removed.
        #[serde(default)]
        leaves: Vec<u64>,
    },
    /// All of the sender's entries, at change `seq` (the answer to a [`Msg::Sync`]).
    State {
        /// The sender.
        node: String,
        /// Its change count.
        seq: u64,
        /// Every entry it has.
        entries: Vec<WireEntry>,
    },
    /// "Send your whole state": to one node (`to`) that the sender lost track of, or to every
    /// node (`to: None`) when the sender starts.
    Sync {
        /// The sender.
        node: String,
        /// Who should answer (`None`: everyone).
        #[serde(default)]
        to: Option<String>,
    },
}

impl Msg {
    /// The sender.
    pub fn node(&self) -> &str {
        match self {
            Msg::Heartbeat { node, .. }
            | Msg::Delta { node, .. }
            | Msg::State { node, .. }
            | Msg::Sync { node, .. } => node,
        }
    }
}

/// An entry as sent: its number on the sending node (its id is `<node>.<n>`), topic, key and
/// metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireEntry {
    /// Its number on the sending node.
    pub n: u64,
    /// The topic.
    pub topic: String,
    /// The key.
    pub key: String,
    /// The metadata.
    pub meta: Value,
}
