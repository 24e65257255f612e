//! One websocket connection: the reader loop. Frames go to the [`Mux`]; everything outgoing
//! goes through one bounded [`Outbox`] to the [`writer`](super::writer) task, and a client too
//! slow to drain it is disconnected instead of growing server memory.

use super::close::Close;
use super::mux::{Flow, Mux};
use super::outbox::Outbox;
use super::writer::{self, WRITE_TIMEOUT};
use crate::state::Shared;
use futures_util::StreamExt;
use std::sync::Arc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

/// Serves one websocket until either side ends it.
///
/// `ws` comes boxed: a task's future is as large as its largest state, the first one (which
/// holds the arguments) included, and this task lives as long as the socket.
pub(crate) async fn run<S>(shared: Arc<Shared>, ws: Box<WebSocketStream<S>>, csrf_ok: bool)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    // The box is moved into a block of its own: a box moved out of is freed at the end of its
    // variable's scope, which for the argument would be the socket's life.
    let (sink, mut stream) = {
        let boxed = ws;
        (*boxed).split()
    };
    let (outbox, rx) = Outbox::new(shared.limits.outbound_queue);
    let writer = tokio::spawn(writer::run(sink, rx));
    let mut mux = Mux::new(shared.clone(), outbox.clone(), csrf_ok);
    let idle = shared.limits.idle_timeout;
    loop {
        let next = tokio::select! {
            _ = shared.shutdown.cancelled() => {
                // The client reconnects and rejoins (a normal close would make it reload).
                outbox.close(Close::Restart);
                break;
            }
            // The writer gave up on a client that does not read: stop reading it too.
            _ = outbox.closed() => break,
            n = tokio::time::timeout(idle, stream.next()) => n,
        };
        let flow = match next {
            Err(_) => {
                tracing::info!("closing a socket silent for {idle:?} (no heartbeats)");
                Flow::Close(Close::Idle)
            }
            Ok(None) => Flow::Drop,
            Ok(Some(Err(e))) => {
                tracing::info!(error = %e, "websocket read error; closing");
                Flow::Close(Close::for_read_error(&e))
            }
            Ok(Some(Ok(Message::Text(t)))) => mux.on_text(t.as_str()),
            Ok(Some(Ok(Message::Binary(b)))) => mux.on_binary(&b),
            Ok(Some(Ok(Message::Close(_)))) => Flow::Drop,
            Ok(Some(Ok(_))) => Flow::Continue,
        };
        match flow {
            Flow::Continue => {}
            Flow::Close(why) => {
                outbox.close(why);
                break;
            }
            Flow::Drop => break,
        }
    }
    // Views stop at their next await (the mux stops them when dropped).
    drop(mux);
    drop(outbox);
    let abort = writer.abort_handle();
    if tokio::time::timeout(WRITE_TIMEOUT, writer).await.is_err() {
        abort.abort();
    }
}
