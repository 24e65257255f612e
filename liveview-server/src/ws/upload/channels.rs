//! The upload channels of one view: joins answered, chunks checked, stored and acked, entries
//! released. Runs in the view's task, so each entry's state and its file change together.

use super::store::Store;
use crate::ws::outbox::ChannelOut;
use bytes::Bytes;
use liveview_core::runtime::ViewRuntime;
use liveview_core::upload::{UploadClaims, UploadOp};
use liveview_core::wire::Rejection;
use std::collections::HashMap;
use std::path::PathBuf;

/// One view's upload channels and their files.
#[derive(Debug)]
pub(crate) struct Channels {
    store: Store,
    /// Joined upload channels by entry ref.
    joined: HashMap<String, ChannelOut>,
}

impl Channels {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Channels { store: Store::new(dir), joined: HashMap::new() }
    }

    /// Answers the join of upload channel `topic` (whose token the mux verified).
    pub(crate) async fn join(
        &mut self,
        rt: &mut ViewRuntime,
        base: &ChannelOut,
        topic: String,
        join_ref: Option<String>,
        msg_ref: Option<&str>,
        claims: &UploadClaims,
    ) {
        let out = base.sibling(topic, join_ref);
        let entry = claims.entry_ref.as_str();
        if let Err(why) = rt.upload_join(claims) {
            tracing::warn!(topic = out.topic(), reason = why, "upload channel join refused");
            out.reject(msg_ref, Rejection::Upload(why)).await;
            return;
        }
        match self.store.create(entry) {
            Ok(path) => {
                rt.upload_attach(entry, path);
                out.reply_ok(msg_ref, "{}").await;
                self.joined.insert(entry.to_owned(), out);
            }
            Err(e) => {
                tracing::error!(topic = out.topic(), error = %e, "upload file could not be created");
                rt.upload_failed(entry, "writer_error");
                out.reject(msg_ref, Rejection::Upload("writer_error")).await;
            }
        }
    }

    /// Checks a chunk against its entry's limits, stores it and acks it. A chunk over a limit,
    /// or one that cannot be written, fails the entry and deletes its data.
    pub(crate) async fn chunk(
        &mut self,
        rt: &mut ViewRuntime,
        base: &ChannelOut,
        topic: String,
        msg_ref: &str,
        bytes: Bytes,
    ) {
        let entry = topic.strip_prefix("lvu:").unwrap_or_default().to_owned();
        let fallback;
        let out = match self.joined.get(&entry) {
            Some(out) => out,
            None => {
                fallback = base.sibling(topic, None);
                &fallback
            }
        };
        let refused = match rt.upload_chunk(&entry, bytes.len()) {
            Ok(complete) => match self.store.write(&entry, &bytes) {
                Ok(()) => {
                    if complete {
                        self.store.finish(&entry);
                        tracing::debug!(topic = out.topic(), "upload complete");
                    }
                    out.reply_ok(Some(msg_ref), "{}").await;
                    return;
                }
                Err(e) => {
                    tracing::error!(topic = out.topic(), error = %e, "upload chunk could not be written");
                    rt.upload_failed(&entry, "write_failed");
                    "{\"reason\":\"write_failed\"}".to_owned()
                }
            },
            Err(r) => {
                tracing::warn!(
                    topic = out.topic(),
                    reason = r.reason,
                    limit = r.limit,
                    chunk = bytes.len(),
                    "upload chunk refused; the entry fails and its data is deleted"
                );
                format!("{{\"reason\":\"{}\",\"limit\":{}}}", r.reason, r.limit)
            }
        };
        self.store.remove(&entry);
        out.reply_error(Some(msg_ref), &refused).await;
    }

    /// Carries out what the view decided about its entries.
    pub(crate) async fn apply(&mut self, ops: Vec<UploadOp>) {
        for op in ops {
            match op {
                UploadOp::Release { entry_ref } => {
                    self.store.remove(&entry_ref);
                    if let Some(out) = self.joined.remove(&entry_ref) {
                        out.closed().await;
                    }
                }
                other => tracing::warn!(?other, "unknown upload operation ignored"),
            }
        }
    }
}
