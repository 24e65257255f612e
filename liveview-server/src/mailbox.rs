//! What a view task receives (from its socket's reader, its timers, pubsub and the test
//! harness), and the byte budget that bounds what a client can queue.

use crate::ws::upload::routes::RouteLease;
use bytes::Bytes;
use liveview_core::socket::Info;
use liveview_core::upload::UploadClaims;
use liveview_core::view::Event;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a view's mailbox carries. Boxed: the mailbox's slots grow to the most messages it held
/// at once and stay (see `crate::queue`), so a one-word slot keeps that small for every view.
pub(crate) type Mail = Box<ViewMsg>;

/// A message for a view task. Client messages carry their [`Charge`].
#[derive(Debug)]
pub(crate) enum ViewMsg {
    /// `uploads`: a form change's selected files (`{config_ref: [entry, …]}`).
    Event {
        msg_ref: Option<String>,
        event: Event,
        uploads: Option<Value>,
        charge: Charge,
    },
    /// A preflight (`allow_upload`).
    AllowUpload {
        msg_ref: Option<String>,
        payload: Value,
        charge: Charge,
    },
    /// A progress report of an upload entry.
    Progress {
        msg_ref: Option<String>,
        payload: Value,
        charge: Charge,
    },
    /// The join of upload channel `topic`, whose token verified.
    UploadJoin {
        topic: String,
        join_ref: Option<String>,
        msg_ref: Option<String>,
        claims: UploadClaims,
        /// The channel's route on the socket: removed when this is dropped.
        route: RouteLease,
    },
    /// No chunk came for entry `entry_ref` within its chunk timeout (from its watchdog).
    /// `seen`: its chunk count then (a chunk that came since cancels the timeout).
    UploadIdle {
        entry_ref: String,
        seen: u64,
    },
    /// A chunk for upload channel `topic` (`lvu:<entry_ref>`).
    UploadChunk {
        topic: String,
        msg_ref: String,
        bytes: Bytes,
        charge: Charge,
    },
    /// An entry's writer wrote the chunk of `msg_ref` (`Ok(Some(meta))`: the last one, and
    /// the writer closed), or failed (`Err(reason)`).
    UploadWritten {
        entry_ref: String,
        msg_ref: String,
        outcome: Result<Option<Value>, String>,
    },
    LivePatch {
        msg_ref: Option<String>,
        url: String,
        charge: Charge,
    },
    Cids {
        msg_ref: Option<String>,
        destroyed: bool,
        cids: Vec<u64>,
        charge: Charge,
    },
    Info(Info),
    /// The report of async task `name` (`start_async`), delivered as an info if `generation`
    /// is still the task awaited under that name. `None`: the task ended without a message.
    Async {
        name: String,
        generation: u64,
        info: Option<Info>,
    },
}

/// Bytes of client messages queued for one socket's views: received, not yet handled.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meter(Arc<AtomicUsize>);

impl Meter {
    /// Charges `bytes`, or `None` when the total would exceed `limit`.
    pub(crate) fn charge(&self, bytes: usize, limit: usize) -> Option<Charge> {
        let before = self.0.fetch_add(bytes, Ordering::Relaxed);
        if before.saturating_add(bytes) > limit {
            self.0.fetch_sub(bytes, Ordering::Relaxed);
            return None;
        }
        Some(Charge { bytes, meter: self.clone() })
    }
}

/// A message's share of its socket's [`Meter`], given back when the message is dropped
/// (handled, or discarded with its mailbox).
#[derive(Debug)]
pub(crate) struct Charge {
    bytes: usize,
    meter: Meter,
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.meter.0.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}
