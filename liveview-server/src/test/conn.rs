//! The harness's side of an in-process websocket: the same frames a browser sends, over a
//! memory pipe instead of TCP, to the server's real connection task.

use super::error::TestError;
use crate::state::Shared;
use crate::ws;
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::DuplexStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::Role;

/// How long a reply may take before the harness gives up (the view is stuck, not slow).
const REPLY_TIMEOUT: Duration = Duration::from_secs(30);

/// One socket to the server, as the JS client holds it.
pub(super) struct Conn {
    ws: WebSocketStream<DuplexStream>,
    next_ref: u64,
    /// Tells this socket's views apart from other sockets' on the same topics (in joins).
    id: String,
}

/// Sockets opened so far, for their ids.
static OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Conn {
    /// Opens a socket to `shared`'s connection handling (CSRF already checked: the harness
    /// is the page's own client).
    pub(super) async fn open(shared: &Arc<Shared>) -> Conn {
        let (client, server) = tokio::io::duplex(64 * 1024);
        shared.tracker.spawn(ws::serve_socket(shared.clone(), server, true));
        let ws = WebSocketStream::from_raw_socket(client, Role::Client, None).await;
        let id = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed).to_string();
        Conn { ws, next_ref: 0, id }
    }

    /// This socket's id among the harness's sockets.
    pub(super) fn id(&self) -> &str {
        &self.id
    }

    /// A fresh message ref.
    pub(super) fn next_ref(&mut self) -> String {
        self.next_ref += 1;
        self.next_ref.to_string()
    }

    /// Sends `[join_ref, ref, topic, event, payload]`.
    pub(super) async fn send(&mut self, frame: Value) -> Result<(), TestError> {
        self.ws
            .send(Message::Text(frame.to_string().into()))
            .await
            .map_err(|e| TestError::Protocol(format!("the socket is gone: {e}")))
    }

    /// Sends a binary frame (an upload chunk).
    pub(super) async fn send_binary(&mut self, bytes: Vec<u8>) -> Result<(), TestError> {
        self.ws
            .send(Message::Binary(bytes.into()))
            .await
            .map_err(|e| TestError::Protocol(format!("the socket is gone: {e}")))
    }

    /// The next frame from the server.
    pub(super) async fn recv(&mut self) -> Result<Value, TestError> {
        loop {
            let next = tokio::time::timeout(REPLY_TIMEOUT, self.ws.next())
                .await
                .map_err(|_| TestError::Protocol(format!("no frame from the server within {REPLY_TIMEOUT:?}")))?;
            match next {
                Some(Ok(Message::Text(t))) => {
                    return serde_json::from_str(t.as_str())
                        .map_err(|e| TestError::Protocol(format!("frame is not JSON ({e}): {t}")));
                }
                Some(Ok(Message::Close(c))) => {
                    return Err(TestError::Protocol(format!("the server closed the socket: {c:?}")));
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(TestError::Protocol(format!("socket error: {e}"))),
                None => return Err(TestError::Protocol("the server closed the socket".to_owned())),
            }
        }
    }
}
