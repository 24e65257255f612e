//! The writer task: drains a socket's outbound queue into the websocket.
//!
//! A client that stops reading stalls these writes; past [`WRITE_TIMEOUT`] it is dropped, so a
//! slow reader costs at most one bounded queue of frames.

use super::outbox::{Out, Queued};
use crate::queue;
use bytes::Bytes;
use futures_util::{Sink, SinkExt};
use tokio_tungstenite::tungstenite::protocol::frame::Frame as WsFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data as OpData, OpCode};
use tokio_tungstenite::tungstenite::{self, Message};

/// How long one write to a client may take before the client counts as not reading.
pub(crate) const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Writes what `rx` receives into `sink` until the queue closes, a [`Out::Close`] is written,
/// or the client stops reading.
pub(crate) async fn run<S>(mut sink: S, mut rx: queue::Receiver<Queued>)
where
    S: Sink<Message, Error = tungstenite::Error> + Unpin,
{
    while let Some(out) = rx.recv().await {
        let mut next = Some(out);
        // Feed everything queued, then flush once.
        while let Some(out) = next.take() {
            // (A lone frame is not put in a `Vec`: that would cost an allocation per frame.)
            let (one, batch) = match *out {
                Out::Text(t) => (Some(t), Vec::new()),
                Out::Batch(ts) => (None, ts),
                Out::Close(why) => {
                    let _ = tokio::time::timeout(WRITE_TIMEOUT, sink.send(why.message())).await;
                    return;
                }
            };
            // One deadline for each queued item, however many frames it takes.
            let write = async {
                for t in one.into_iter().chain(batch) {
                    for m in fragments(t) {
                        sink.feed(m).await?;
                    }
                }
                Ok::<_, tungstenite::Error>(())
            };
            if !matches!(tokio::time::timeout(WRITE_TIMEOUT, write).await, Ok(Ok(()))) {
                tracing::info!("client not reading (or gone): dropping the socket");
                return;
            }
            next = rx.try_recv();
        }
        if !matches!(tokio::time::timeout(WRITE_TIMEOUT, sink.flush()).await, Ok(Ok(()))) {
            tracing::info!("client not reading (or gone): dropping the socket");
            return;
        }
    }
    let _ = tokio::time::timeout(WRITE_TIMEOUT, sink.close()).await;
}

/// The largest frame the writer sends: longer messages go out as a text frame followed by
/// continuation frames (RFC 6455 §5.4; the browser hands the page the whole message).
///
/// tungstenite formats each frame into a per-socket buffer that keeps its capacity for the
/// life of the socket, so one large join reply or diff would otherwise pin that much memory
/// on every socket that ever received one. 256 bytes keeps that buffer small for every view:
/// measured at 5,000 idle `/feed` views (a 3 KB join reply, then 1,000 prepends of 264-byte
/// replies each), a view cost about 1.5 KiB more than a counter view at 1,024-byte fragments
/// and about 0.7 KiB more at 512; and a heap profile of idle `/counter` views (a 566-byte join
/// reply) showed the buffer at 516 bytes with 512-byte fragments, 260 with 256. The replies of
/// most events fit in one frame anyway, and a long message costs only a 2–4 byte header and
/// one more write per extra frame.
pub(crate) const FRAGMENT: usize = 256;

/// Bytes of small frames the socket buffers before writing them out (the rest wait for the
/// writer's flush), so that the frames queued together leave in one `send`.
pub(crate) const COALESCE: usize = 256;

/// `text` as one message, or as fragments of at most [`FRAGMENT`] bytes (split between
/// characters, sharing the text's buffer).
fn fragments(text: String) -> Vec<Message> {
    if text.len() <= FRAGMENT {
        return vec![Message::Text(text.into())];
    }
    let bytes = Bytes::from(text);
    let len = bytes.len();
    let mut out = Vec::with_capacity(len / FRAGMENT + 1);
    let mut start = 0;
    while start < len {
        let mut end = (start + FRAGMENT).min(len);
        // Not inside a UTF-8 sequence (continuation bytes are 0b10xx_xxxx).
        while end < len && bytes[end] & 0xc0 == 0x80 {
            end -= 1;
        }
        let opcode = if start == 0 { OpCode::Data(OpData::Text) } else { OpCode::Data(OpData::Continue) };
        out.push(Message::Frame(WsFrame::message(bytes.slice(start..end), opcode, end == len)));
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll};
    use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
    use tokio_tungstenite::WebSocketStream;
    use tokio_tungstenite::tungstenite::protocol::Role;

    /// A socket that records each write it is given and never has anything to read.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<Vec<u8>>>>);

    impl AsyncRead for Recorder {
        fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
            Poll::Pending
        }
    }

    impl AsyncWrite for Recorder {
        fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
            self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(buf.to_vec());
            Poll::Ready(Ok(buf.len()))
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    /// The writes `queued` (sent before the writer starts) became, with the connection's settings.
    async fn writes_of(queued: Vec<Out>) -> Vec<Vec<u8>> {
        let socket = Recorder::default();
        let config = super::super::upgrade::socket_config(1 << 20);
        let ws = WebSocketStream::from_raw_socket(socket.clone(), Role::Server, Some(config)).await;
        let (tx, rx) = queue::channel(8);
        for out in queued {
            tx.try_send(Box::new(out)).expect("room in the queue");
        }
        drop(tx);
        run(ws, rx).await;
        socket.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    #[tokio::test]
    async fn small_frames_queued_together_leave_in_one_write() {
        let reply = r#"["1","9","lv:phx-abcd","phx_reply",{"status":"ok","response":{"diff":{"c":{"2":{"3":"1"}}}}}]"#;
        let push = r#"["1",null,"lv:phx-abcd","diff",{"0":"1"}]"#;
        let writes = writes_of(vec![Out::Batch(vec![reply.into(), push.into()]), Out::Text(push.into())]).await;
        // Three frames in the first write; the close frame after the queue closed in another.
        assert_eq!(writes.len(), 2, "{writes:?}");
        let first = String::from_utf8_lossy(&writes[0]);
        assert!(first.contains(reply) && first.matches(push).count() == 2, "{first}");
        assert_eq!(writes[0].len(), reply.len() + 2 * push.len() + 3 * 2, "three 2-byte headers");
    }

    #[tokio::test]
    async fn a_large_message_is_written_as_it_is_formatted() {
        let long = "x".repeat(3 * FRAGMENT);
        let writes = writes_of(vec![Out::Text(long.clone())]).await;
        let data: usize = writes[..writes.len() - 1].iter().map(Vec::len).sum();
        assert_eq!(data, long.len() + 3 * 4, "three fragments with 4-byte headers: {:?}", writes.len());
        // No write holds more than the coalescing bound plus one fragment.
        assert!(
            writes.iter().all(|w| w.len() <= COALESCE + FRAGMENT + 4),
            "{:?}",
            writes.iter().map(Vec::len).collect::<Vec<_>>()
        );
    }

    fn reassemble(ms: &[Message]) -> (String, Vec<(bool, bool, usize)>) {
        let mut bytes = Vec::new();
        let mut shape = Vec::new();
        for m in ms {
            match m {
                Message::Text(t) => {
                    bytes.extend_from_slice(t.as_bytes());
                    shape.push((true, true, t.len()));
                }
                Message::Frame(f) => {
                    let text = f.header().opcode == OpCode::Data(OpData::Text);
                    bytes.extend_from_slice(f.payload());
                    shape.push((text, f.header().is_final, f.payload().len()));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        (String::from_utf8(bytes).expect("fragments split inside a character"), shape)
    }

    #[test]
    fn short_messages_stay_whole_and_long_ones_split_between_characters() {
        let short = "x".repeat(FRAGMENT);
        assert!(matches!(&fragments(short.clone())[..], [Message::Text(t)] if *t == short));

        // Multi-byte characters straddle every fragment boundary.
        let long: String = "é🌍a".repeat(3 * FRAGMENT / 7 + 5);
        let ms = fragments(long.clone());
        let (back, shape) = reassemble(&ms);
        assert_eq!(back, long);
        assert!(shape.len() >= 2, "{shape:?}");
        assert!(shape.iter().all(|&(_, _, n)| n <= FRAGMENT), "{shape:?}");
        assert!(shape[..shape.len() - 1].iter().all(|&(_, _, n)| n > FRAGMENT - 4), "{shape:?}");
        // One text frame first, continuations after it, FIN only on the last.
        assert!(shape[0].0 && shape[1..].iter().all(|s| !s.0), "{shape:?}");
        assert!(shape[..shape.len() - 1].iter().all(|s| !s.1) && shape[shape.len() - 1].1, "{shape:?}");
    }
}
