//! The socket's side of upload channels: which view each `lvu:*` topic belongs to, after its
//! join token verified (signed by this server, issued over this socket, for this entry).

use liveview_core::token::Signer;
use liveview_core::upload::UploadClaims;
use liveview_core::wire::Rejection;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

/// Upload channels one socket may have joined at once (refused beyond). A route goes when its
/// channel is released or its join refused (its [`RouteLease`] dropped), on `phx_leave`, or
/// when its view goes.
const MAX_ROUTES: usize = 256;

/// Upload topic -> route; shared with the leases the views hold.
type Table = Mutex<HashMap<String, Route>>;

/// The upload channels of one socket.
#[derive(Debug)]
pub(crate) struct Routes {
    /// A random id of this socket, signed into the upload tokens issued over it (hex digits,
    /// kept inline: every socket has one).
    socket_id: [u8; 24],
    /// Made by the first upload channel (most sockets never join one).
    by_topic: Option<Arc<Table>>,
    /// Tells routes of the same topic apart, so that an old lease never removes a newer route.
    next_id: u64,
}

#[derive(Debug)]
struct Route {
    join_ref: Option<String>,
    view_topic: String,
    id: u64,
}

/// The route of one upload channel, held by the view it goes to for as long as the channel is
/// joined there: dropping it (the entry released: consumed, cancelled, failed or timed out;
/// its join refused; the view gone) removes the route from the socket's table. The JS client
/// sends no `phx_leave` after the server's `phx_close`, so nothing else would.
#[derive(Debug)]
pub(crate) struct RouteLease {
    table: Weak<Table>,
    topic: String,
    id: u64,
}

impl Drop for RouteLease {
    fn drop(&mut self) {
        if let Some(table) = self.table.upgrade() {
            let mut t = lock(&table);
            if t.get(&self.topic).is_some_and(|r| r.id == self.id) {
                t.remove(&self.topic);
            }
        }
    }
}

/// The table, even if a thread panicked holding it (every change to it is a single call).
fn lock(table: &Table) -> MutexGuard<'_, HashMap<String, Route>> {
    table.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Routes {
    pub(crate) fn new() -> Self {
        let mut b = [0u8; 12];
        rand::fill(&mut b);
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut socket_id = [0u8; 24];
        for (i, x) in b.iter().enumerate() {
            socket_id[2 * i] = HEX[usize::from(x >> 4)];
            socket_id[2 * i + 1] = HEX[usize::from(x & 0xf)];
        }
        Routes { socket_id, by_topic: None, next_id: 0 }
    }

    pub(crate) fn socket_id(&self) -> &str {
        // Hex digits: always UTF-8.
        std::str::from_utf8(&self.socket_id).unwrap_or_default()
    }

    /// Checks the join of upload topic `topic` (`lvu:<entry_ref>`): its token must verify, be
    /// issued over this socket and name this entry. The view that issued it checks the rest.
    pub(crate) fn verify(&self, signer: &Signer, topic: &str, payload: &Value) -> Result<UploadClaims, Rejection> {
        let token = payload.get("token").and_then(Value::as_str).unwrap_or_default();
        let Some(claims) = UploadClaims::verify(signer, token) else {
            tracing::warn!(
                topic,
                "upload join refused: the token is not one of ours (forged, expired or another server's)"
            );
            return Err(Rejection::Upload("invalid_token"));
        };
        if claims.socket_id != self.socket_id() {
            tracing::warn!(topic, "upload join refused: the token was issued over another socket");
            return Err(Rejection::Upload("invalid_token"));
        }
        if topic.strip_prefix("lvu:") != Some(claims.entry_ref.as_str()) {
            tracing::warn!(topic, entry = %claims.entry_ref, "upload join refused: the token is for another entry");
            return Err(Rejection::Upload("invalid_token"));
        }
        let full = self.by_topic.as_deref().map(lock).is_some_and(|r| r.len() >= MAX_ROUTES && !r.contains_key(topic));
        if full {
            tracing::warn!(topic, "upload join refused: too many upload channels on this socket");
            return Err(Rejection::Upload("disallowed"));
        }
        Ok(claims)
    }

    /// Routes `topic` (joined with `join_ref`) to the view of `view_topic`, until the returned
    /// lease, which goes to that view with the join, is dropped.
    pub(crate) fn insert(&mut self, topic: &str, join_ref: Option<&str>, view_topic: String) -> RouteLease {
        self.next_id += 1;
        let id = self.next_id;
        let route = Route { join_ref: join_ref.map(str::to_owned), view_topic, id };
        let table = self.by_topic.get_or_insert_with(Arc::default);
        lock(table).insert(topic.to_owned(), route);
        RouteLease { table: Arc::downgrade(table), topic: topic.to_owned(), id }
    }

    /// The view topic a message of upload channel `topic` goes to.
    pub(crate) fn route(&self, topic: &str, join_ref: Option<&str>) -> Option<String> {
        let routes = lock(self.by_topic.as_deref()?);
        routes.get(topic).filter(|r| r.join_ref.as_deref() == join_ref).map(|r| r.view_topic.clone())
    }

    /// `phx_leave` of an upload channel: `true` when it was one.
    pub(crate) fn leave(&mut self, topic: &str, join_ref: Option<&str>) -> bool {
        let Some(table) = self.by_topic.as_deref() else { return false };
        let mut routes = lock(table);
        if routes.get(topic).is_some_and(|r| r.join_ref.as_deref() == join_ref) {
            routes.remove(topic);
            return true;
        }
        false
    }

    /// The view of `view_topic` is gone: so are its upload channels.
    pub(crate) fn forget_view(&mut self, view_topic: &str) {
        if let Some(table) = self.by_topic.as_deref() {
            lock(table).retain(|_, r| r.view_topic != view_topic);
        }
    }
}
