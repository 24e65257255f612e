//! The socket's side of upload channels: which view each `lvu:*` topic belongs to, after its
//! join token verified (signed by this server, issued over this socket, for this entry).

use liveview_core::token::Signer;
use liveview_core::upload::UploadClaims;
use liveview_core::wire::Rejection;
use serde_json::Value;
use std::collections::HashMap;

/// Upload channels one socket may have joined at once (refused beyond; released entries'
/// routes go when their view goes).
const MAX_ROUTES: usize = 256;

/// The upload channels of one socket.
#[derive(Debug)]
pub(crate) struct Routes {
    /// A random id of this socket, signed into the upload tokens issued over it.
    socket_id: String,
    by_topic: HashMap<String, Route>,
}

#[derive(Debug)]
struct Route {
    join_ref: Option<String>,
    view_topic: String,
}

impl Routes {
    pub(crate) fn new() -> Self {
        let mut b = [0u8; 12];
        rand::fill(&mut b);
        Routes { socket_id: b.iter().map(|x| format!("{x:02x}")).collect(), by_topic: HashMap::new() }
    }

    pub(crate) fn socket_id(&self) -> &str {
        &self.socket_id
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
        if claims.socket_id != self.socket_id {
            tracing::warn!(topic, "upload join refused: the token was issued over another socket");
            return Err(Rejection::Upload("invalid_token"));
        }
        if topic.strip_prefix("lvu:") != Some(claims.entry_ref.as_str()) {
            tracing::warn!(topic, entry = %claims.entry_ref, "upload join refused: the token is for another entry");
            return Err(Rejection::Upload("invalid_token"));
        }
        if self.by_topic.len() >= MAX_ROUTES && !self.by_topic.contains_key(topic) {
            tracing::warn!(topic, "upload join refused: too many upload channels on this socket");
            return Err(Rejection::Upload("disallowed"));
        }
        Ok(claims)
    }

    /// Routes `topic` (joined with `join_ref`) to the view of `view_topic`.
    pub(crate) fn insert(&mut self, topic: &str, join_ref: Option<&str>, view_topic: String) {
        self.by_topic.insert(topic.to_owned(), Route { join_ref: join_ref.map(str::to_owned), view_topic });
    }

    /// The view topic a message of upload channel `topic` goes to.
    pub(crate) fn route(&self, topic: &str, join_ref: Option<&str>) -> Option<&str> {
        self.by_topic.get(topic).filter(|r| r.join_ref.as_deref() == join_ref).map(|r| r.view_topic.as_str())
    }

    /// `phx_leave` of an upload channel: `true` when it was one.
    pub(crate) fn leave(&mut self, topic: &str, join_ref: Option<&str>) -> bool {
        if self.route(topic, join_ref).is_some() {
            self.by_topic.remove(topic);
            return true;
        }
        false
    }

    /// The view of `view_topic` is gone: so are its upload channels.
    pub(crate) fn forget_view(&mut self, view_topic: &str) {
        self.by_topic.retain(|_, r| r.view_topic != view_topic);
    }
}
