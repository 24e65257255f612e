//! The writer task: drains a socket's outbound queue into the websocket.
//!
//! A client that stops reading stalls these writes; past [`WRITE_TIMEOUT`] it is dropped, so a
//! slow reader costs at most one bounded queue of frames.

use super::outbox::{Out, Queued};
use bytes::Bytes;
use futures_util::{Sink, SinkExt};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::frame::Frame as WsFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data as OpData, OpCode};
use tokio_tungstenite::tungstenite::{self, Message};

/// How long one write to a client may take before the client counts as not reading.
pub(crate) const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Writes what `rx` receives into `sink` until the queue closes, a [`Out::Close`] is written,
/// or the client stops reading.
pub(crate) async fn run<S>(mut sink: S, mut rx: mpsc::Receiver<Queued>)
where
    S: Sink<Message, Error = tungstenite::Error> + Unpin,
{
    while let Some(out) = rx.recv().await {
        let mut next = Some(out);
        // Feed everything queued, then flush once.
        while let Some(out) = next.take() {
            match *out {
                Out::Text(t) => {
                    // One deadline for the whole message, however many fragments it takes.
                    let write = async {
                        for m in fragments(t) {
                            sink.feed(m).await?;
                        }
                        Ok::<_, tungstenite::Error>(())
                    };
                    if !matches!(tokio::time::timeout(WRITE_TIMEOUT, write).await, Ok(Ok(()))) {
                        tracing::info!("client not reading (or gone): dropping the socket");
                        return;
                    }
                }
                Out::Close(why) => {
                    let _ = tokio::time::timeout(WRITE_TIMEOUT, sink.send(why.message())).await;
                    return;
                }
            }
            next = rx.try_recv().ok();
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
/// on every socket that ever received one. 512 bytes keeps that buffer small for every view:
/// measured at 5,000 idle `/feed` views (a 3 KB join reply, then 1,000 prepends of 264-byte
/// replies each), a view cost about 1.5 KiB more than a counter view at 1,024-byte fragments
/// and about 0.7 KiB more at 512. The replies of most events fit in one frame anyway, and a
/// long message costs only a 2–4 byte header per extra frame, all fed before one flush.
pub(crate) const FRAGMENT: usize = 512;

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
