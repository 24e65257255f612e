//! Websocket framing (RFC 6455), the server's side: client frames in, server frames out.
//!
//! Our own rather than tungstenite's because of what an idle socket holds. tungstenite keeps a
//! read buffer (1 KiB as we configured it, also the most it reads per system call) and a write
//! buffer as large as the largest frame it wrote, both for the socket's life; a heap profile
//! of 400 idle `/counter` views put them at 1.3 KiB of a socket's 2.9. The [`Decoder`] holds
//! no buffer between messages: the connection reads into a buffer on its stack, the decoder
//! keeps at most the 13 bytes of a split frame header inline, and a frame's payload goes into
//! a vector made for that frame (its length is known from the header, and checked against the
//! limit before anything is allocated). The connection's write buffer lives while a write is
//! in progress only.
//!
//! What a server must refuse (closing with the code in brackets, see [`Close`]): reserved bits
//! or opcodes, unmasked frames, fragmented or long control frames, continuations without a
//! start or a new message inside a fragmented one, malformed close payloads (1002); a frame or
//! message over the size limit (1009, checked on the header, before reading the payload); a
//! text message that is not UTF-8 (1007).

use super::close::Close;
use bytes::Bytes;

/// The most room a frame's payload gets before its bytes arrive.
const FIRST_RESERVE: usize = 16 * 1024;

/// Opcodes.
const CONTINUATION: u8 = 0x0;
const TEXT: u8 = 0x1;
const BINARY: u8 = 0x2;
const CLOSE: u8 = 0x8;
const PING: u8 = 0x9;
const PONG: u8 = 0xa;

/// A complete message or control frame from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Incoming {
    Text(String),
    Binary(Bytes),
    /// Answered with a pong carrying the same payload.
    Ping(Vec<u8>),
    Pong,
    /// The client closes; `code`: its close code, if it sent one (a valid one: see
    /// [`close_code`]).
    Close(Option<u16>),
}

/// The header of the frame being read.
#[derive(Debug, Clone, Copy)]
struct Header {
    fin: bool,
    opcode: u8,
    mask: [u8; 4],
    len: usize,
}

/// Turns the bytes a client sends into [`Incoming`] messages. Holds, between messages, nothing
/// on the heap.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    /// The start of a header split across reads (at most 13 of its 14 bytes).
    partial: [u8; 14],
    partial_len: u8,
    /// The frame whose payload is being read, and its payload so far (unmasked).
    frame: Option<(Header, Vec<u8>)>,
    /// A fragmented data message in progress: whether it is text, and its bytes so far (boxed:
    /// browsers do not fragment, and this struct is part of every socket).
    message: Option<Box<(bool, Vec<u8>)>>,
}

impl Decoder {
    /// Decodes `input`, handing each complete message to `on`, which returns `false` to stop
    /// (then the rest of `input` is not read); `Ok(true)` when a whole frame was read (a
    /// fragment of a message counts). `Err`: the client broke the protocol (the socket is to
    /// be closed with that reason; nothing after it is read).
    pub(crate) fn feed(
        &mut self,
        mut input: &[u8],
        max_message: usize,
        mut on: impl FnMut(Incoming) -> bool,
    ) -> Result<bool, Close> {
        let mut framed = false;
        loop {
            if self.frame.is_none() {
                if input.is_empty() {
                    return Ok(framed);
                }
                let Some(header) = self.header(&mut input)? else { return Ok(framed) };
                self.start(header, max_message)?;
            }
            let Some((header, payload)) = &mut self.frame else { continue };
            let take = (header.len - payload.len()).min(input.len());
            let at = payload.len();
            if payload.capacity() - at < take {
                // The declared length once the payload's first bytes have come (a header alone
                // does not get its declared megabyte), in one step: growing in several would
                // leave blocks of every size between behind (an upload's RSS grew 2 MiB so).
                payload.reserve_exact(header.len - at);
            }
            payload.extend_from_slice(&input[..take]);
            unmask(&mut payload[at..], header.mask, at);
            input = &input[take..];
            if payload.len() < header.len {
                return Ok(framed);
            }
            framed = true;
            let Some((header, payload)) = self.frame.take() else { continue };
            if let Some(message) = self.finish(header, payload)?
                && !on(message)
            {
                return Ok(framed);
            }
        }
    }

    /// Reads a frame header off `input` (joining the part kept from the last read); `None`
    /// when `input` ends before it does (the part is kept).
    fn header(&mut self, input: &mut &[u8]) -> Result<Option<Header>, Close> {
        let kept = usize::from(self.partial_len);
        let mut head = [0u8; 14];
        head[..kept].copy_from_slice(&self.partial[..kept]);
        let more = input.len().min(14 - kept);
        head[kept..kept + more].copy_from_slice(&input[..more]);
        let have = kept + more;
        let Some((header, used)) = parse_header(&head[..have])? else {
            self.partial[..have].copy_from_slice(&head[..have]);
            self.partial_len = have as u8;
            *input = &input[more..];
            return Ok(None);
        };
        self.partial_len = 0;
        *input = &input[used - kept..];
        Ok(Some(header))
    }

    /// Checks a new frame's header against the protocol and the limit, and makes room for its
    /// payload.
    fn start(&mut self, h: Header, max_message: usize) -> Result<(), Close> {
        let control = h.opcode & 0x8 != 0;
        if control {
            if !h.fin || h.len > 125 {
                tracing::info!(opcode = h.opcode, len = h.len, "fragmented or long control frame; closing");
                return Err(Close::Protocol);
            }
        } else {
            match (h.opcode, &self.message) {
                (CONTINUATION, None) => {
                    tracing::info!("continuation frame without a message to continue; closing");
                    return Err(Close::Protocol);
                }
                (TEXT | BINARY, Some(_)) => {
                    tracing::info!("new message inside a fragmented one; closing");
                    return Err(Close::Protocol);
                }
                _ => {}
            }
            let so_far = self.message.as_ref().map_or(0, |m| m.1.len());
            if h.len > max_message || so_far + h.len > max_message {
                tracing::info!(len = so_far + h.len, max_message, "websocket message over the limit; closing");
                return Err(Close::TooLarge);
            }
        }
        self.frame = Some((h, Vec::with_capacity(h.len.min(FIRST_RESERVE))));
        Ok(())
    }

    /// A frame is complete: a control frame or an unfragmented message is one message; a
    /// fragment joins its message, the last one completes it.
    fn finish(&mut self, h: Header, payload: Vec<u8>) -> Result<Option<Incoming>, Close> {
        let (text, bytes) = match h.opcode {
            PING => return Ok(Some(Incoming::Ping(payload))),
            PONG => return Ok(Some(Incoming::Pong)),
            CLOSE => return close_code(&payload).map(|code| Some(Incoming::Close(code))),
            CONTINUATION => {
                let Some(partial) = self.message.take() else { return Err(Close::Protocol) };
                let (text, mut message) = *partial;
                if message.is_empty() {
                    message = payload;
                } else {
                    // Exactly: a message buffer twice its size would outlive the frame.
                    message.reserve_exact(payload.len());
                    message.extend_from_slice(&payload);
                }
                (text, message)
            }
            opcode => (opcode == TEXT, payload),
        };
        if !h.fin {
            self.message = Some(Box::new((text, bytes)));
            return Ok(None);
        }
        if !text {
            return Ok(Some(Incoming::Binary(Bytes::from(bytes))));
        }
        match String::from_utf8(bytes) {
            Ok(s) => Ok(Some(Incoming::Text(s))),
            Err(_) => {
                tracing::info!("text message that is not UTF-8; closing");
                Err(Close::InvalidUtf8)
            }
        }
    }
}

/// Parses a client frame header off the start of `b`: the header and its length, or `None`
/// if `b` ends first.
fn parse_header(b: &[u8]) -> Result<Option<(Header, usize)>, Close> {
    let [b0, b1, ..] = *b else { return Ok(None) };
    if b0 & 0x70 != 0 {
        tracing::info!("frame with a reserved bit set (no extension was negotiated); closing");
        return Err(Close::Protocol);
    }
    let opcode = b0 & 0x0f;
    if !matches!(opcode, CONTINUATION | TEXT | BINARY | CLOSE | PING | PONG) {
        tracing::info!(opcode, "frame with a reserved opcode; closing");
        return Err(Close::Protocol);
    }
    if b1 & 0x80 == 0 {
        tracing::info!("unmasked client frame; closing");
        return Err(Close::Protocol);
    }
    let (len, at) = match b1 & 0x7f {
        126 => match b.get(2..4) {
            Some(l) => (u64::from(u16::from_be_bytes([l[0], l[1]])), 4),
            None => return Ok(None),
        },
        127 => match b.get(2..10) {
            // The most significant bit must be 0 (RFC 6455 §5.2).
            Some(l) if l[0] & 0x80 != 0 => {
                tracing::info!("64-bit frame length with its top bit set; closing");
                return Err(Close::Protocol);
            }
            Some(l) => (u64::from_be_bytes(l.try_into().unwrap_or_default()), 10),
            None => return Ok(None),
        },
        n => (u64::from(n), 2),
    };
    let Some(mask) = b.get(at..at + 4) else { return Ok(None) };
    // A length past usize (or just absurd) is over any limit: refuse it as too large.
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    let mask = [mask[0], mask[1], mask[2], mask[3]];
    Ok(Some((Header { fin: b0 & 0x80 != 0, opcode, mask, len }, at + 4)))
}

/// Unmasks `data`, which starts `offset` bytes into its frame's payload.
fn unmask(data: &mut [u8], mask: [u8; 4], offset: usize) {
    for (i, b) in data.iter_mut().enumerate() {
        *b ^= mask[(offset + i) % 4];
    }
}

/// The close code of a close frame's payload (`None`: it has none). A one-byte payload, a
/// code a peer may not send, or a reason that is not UTF-8 break the protocol.
fn close_code(payload: &[u8]) -> Result<Option<u16>, Close> {
    match payload {
        [] => Ok(None),
        [_] => Err(Close::Protocol),
        [hi, lo, reason @ ..] => {
            let code = u16::from_be_bytes([*hi, *lo]);
            // Codes a peer may send (1004-1006 and 1015 are reserved, never sent).
            let valid = matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999);
            if !valid || std::str::from_utf8(reason).is_err() {
                return Err(Close::Protocol);
            }
            Ok(Some(code))
        }
    }
}

/// Appends a server frame (final, unmasked) to `out`.
fn frame(out: &mut Vec<u8>, opcode: u8, payload: &[u8]) {
    out.push(0x80 | opcode);
    match payload.len() {
        n @ 0..=125 => out.push(n as u8),
        n @ 126..=0xffff => {
            out.push(126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
}

/// Appends a text frame holding `text`.
pub(crate) fn text(out: &mut Vec<u8>, text: &str) {
    frame(out, TEXT, text.as_bytes());
}

/// Appends a pong answering a ping with `payload`.
pub(crate) fn pong(out: &mut Vec<u8>, payload: &[u8]) {
    frame(out, PONG, payload);
}

/// Appends a close frame with `code` and `reason` (an empty one without a code).
pub(crate) fn close(out: &mut Vec<u8>, code: Option<u16>, reason: &str) {
    let Some(code) = code else { return frame(out, CLOSE, &[]) };
    let mut payload = Vec::with_capacity(2 + reason.len());
    payload.extend_from_slice(&code.to_be_bytes());
    payload.extend_from_slice(reason.as_bytes());
    frame(out, CLOSE, &payload);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A masked client frame.
    fn client(first: u8, payload: &[u8]) -> Vec<u8> {
        let mask = [0x37, 0xfa, 0x21, 0x3d];
        let mut out = vec![first];
        match payload.len() {
            n @ 0..=125 => out.push(0x80 | n as u8),
            n @ 126..=0xffff => {
                out.push(0x80 | 126);
                out.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                out.push(0x80 | 127);
                out.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        out.extend_from_slice(&mask);
        out.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        out
    }

    /// A masked client frame header declaring `len` bytes in the 64-bit form, no payload.
    fn header64(first: u8, len: u64) -> Vec<u8> {
        let mut out = vec![first, 0x80 | 127];
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&[1, 2, 3, 4]);
        out
    }

    /// Everything `input`, fed in pieces of `step` bytes, decodes to (or the error it ends in).
    fn decode(input: &[u8], step: usize) -> (Vec<Incoming>, Option<Close>) {
        let mut d = Decoder::default();
        let mut got = Vec::new();
        for piece in input.chunks(step.max(1)) {
            if let Err(e) = d.feed(piece, 1 << 20, |m| {
                got.push(m);
                true
            }) {
                return (got, Some(e));
            }
        }
        assert!(d.frame.is_none() && d.partial_len == 0, "bytes left over");
        (got, None)
    }

    #[test]
    fn messages_decode_the_same_however_the_bytes_are_split() {
        let long = "é".repeat(40_000); // 80 kB: a 64-bit length
        let mid = "x".repeat(300); // a 16-bit length
        let input = [
            client(0x81, b"[\"1\"]"),
            client(0x89, b"hi"),
            client(0x81, mid.as_bytes()),
            client(0x82, &[0, 1, 2]),
            // A fragmented text message with a ping between its fragments.
            client(0x01, "caf".as_bytes()),
            client(0x89, b""),
            client(0x80, "é ".as_bytes()),
            client(0x81, long.as_bytes()),
            client(0x8a, b"p"),
            client(0x88, &[0x03, 0xe8, b'b', b'y', b'e']),
        ]
        .concat();
        let want = vec![
            Incoming::Text("[\"1\"]".into()),
            Incoming::Ping(b"hi".to_vec()),
            Incoming::Text(mid.clone()),
            Incoming::Binary(Bytes::from_static(&[0, 1, 2])),
            Incoming::Ping(Vec::new()),
            Incoming::Text("café ".into()),
            Incoming::Text(long.clone()),
            Incoming::Pong,
            Incoming::Close(Some(1000)),
        ];
        for step in [1, 2, 3, 7, 13, 14, 100, 4096, input.len()] {
            assert_eq!(decode(&input, step), (want.clone(), None), "in pieces of {step}");
        }
    }

    #[test]
    fn protocol_violations_end_decoding_with_their_close_reason() {
        let unmasked = {
            let mut f = client(0x81, b"[]");
            f[1] &= 0x7f;
            f
        };
        let cases: Vec<(&str, Vec<u8>, Close)> = vec![
            ("unmasked", unmasked, Close::Protocol),
            ("reserved bit", client(0xc1, b"[]"), Close::Protocol),
            ("reserved data opcode", client(0x83, b"[]"), Close::Protocol),
            ("reserved control opcode", client(0x8b, b""), Close::Protocol),
            ("continuation without a start", client(0x80, b"[]"), Close::Protocol),
            ("fragmented ping", client(0x09, b"p"), Close::Protocol),
            ("126-byte ping", client(0x89, &[b'p'; 126]), Close::Protocol),
            (
                "new message inside a fragmented one",
                [client(0x01, b"["), client(0x81, b"[]")].concat(),
                Close::Protocol,
            ),
            ("one-byte close payload", client(0x88, b"x"), Close::Protocol),
            ("close code 1005 (never sent)", client(0x88, &[0x03, 0xed]), Close::Protocol),
            ("close reason not UTF-8", client(0x88, &[0x03, 0xe8, 0xff]), Close::Protocol),
            ("invalid UTF-8", client(0x81, &[b'[', 0xff, b']']), Close::InvalidUtf8),
            (
                "invalid UTF-8 across fragments",
                [client(0x01, b"[\"\xc3"), client(0x80, b"\x28\"]")].concat(),
                Close::InvalidUtf8,
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(decode(&input, input.len()).1, Some(want), "{name}");
        }
    }

    #[test]
    fn a_message_over_the_limit_is_refused_from_its_header_before_its_payload_is_read() {
        let mut d = Decoder::default();
        // A header claiming 2^62 bytes: refused without allocating them.
        assert_eq!(d.feed(&header64(0x81, 1 << 62), 1000, |_| true), Err(Close::TooLarge));
        // Fragments adding up past the limit.
        let mut d = Decoder::default();
        let input = [client(0x01, &[b' '; 600]), client(0x80, &[b' '; 600])].concat();
        assert_eq!(d.feed(&input, 1000, |_| true), Err(Close::TooLarge));
        // At the limit is fine.
        let mut d = Decoder::default();
        let mut n = 0;
        assert_eq!(
            d.feed(&client(0x82, &[7; 1000]), 1000, |_| {
                n += 1;
                true
            }),
            Ok(true)
        );
        assert_eq!(n, 1);
    }

    #[test]
    fn a_header_alone_does_not_reserve_its_declared_payload() {
        let mut d = Decoder::default();
        let head = header64(0x82, 1 << 20);
        assert_eq!(d.feed(&head, 1 << 20, |_| true), Ok(false));
        let cap = d.frame.as_ref().map(|(_, p)| p.capacity());
        assert!(cap.is_some_and(|c| c <= FIRST_RESERVE), "{cap:?}");
        // Past its first 16 KiB the payload gets its declared length at once (growing in steps
        // left blocks of each size behind: a 50 MB upload's RSS grew 2 MiB).
        d.feed(&vec![0u8; FIRST_RESERVE + 1], 1 << 20, |_| true).unwrap();
        let cap = d.frame.as_ref().map(|(_, p)| p.capacity());
        assert_eq!(cap, Some(1 << 20));
        let mut d = Decoder::default();
        d.feed(&head, 1 << 20, |_| true).unwrap();
        // The payload then arrives and makes one message of the declared length.
        let mut n = 0;
        for piece in vec![0u8; 1 << 20].chunks(7000) {
            d.feed(piece, 1 << 20, |m| {
                assert!(matches!(m, Incoming::Binary(ref b) if b.len() == 1 << 20));
                n += 1;
                true
            })
            .unwrap();
        }
        assert_eq!(n, 1);
    }

    #[test]
    fn a_fragment_counts_as_a_whole_frame_and_a_split_header_does_not() {
        let mut d = Decoder::default();
        let first = client(0x01, b"[");
        assert_eq!(d.feed(&first[..3], 1 << 20, |_| true), Ok(false));
        assert_eq!(d.feed(&first[3..], 1 << 20, |_| true), Ok(true));
        // A 64-bit length with its top bit set breaks the protocol.
        let bad = header64(0x82, 1 << 63);
        assert_eq!(Decoder::default().feed(&bad, 1 << 20, |_| true), Err(Close::Protocol));
    }

    #[test]
    fn between_messages_the_decoder_holds_nothing_on_the_heap() {
        let mut d = Decoder::default();
        let input = [client(0x81, &[b'x'; 5000]), client(0x81, b"[]")].concat();
        // Stopped after the first message, mid-input: the rest is not read.
        let mut got = 0;
        d.feed(&input, 1 << 20, |_| {
            got += 1;
            false
        })
        .unwrap();
        assert_eq!(got, 1);
        assert!(d.frame.is_none() && d.message.is_none() && d.partial_len == 0);
        // Half a header is kept inline, not in a buffer.
        d.feed(&client(0x81, b"[]")[..3], 1 << 20, |_| true).unwrap();
        assert!(d.frame.is_none() && d.partial_len == 3);
    }

    #[test]
    fn server_frames_carry_the_shortest_length_encoding() {
        for (len, head) in [(0, 2), (125, 2), (126, 4), (65_535, 4), (65_536, 10)] {
            let mut out = Vec::new();
            text(&mut out, &"a".repeat(len));
            assert_eq!(out.len(), head + len, "{len}");
            assert_eq!(out[0], 0x81);
            assert_eq!(out[1] & 0x80, 0, "server frames are unmasked");
        }
        let mut out = Vec::new();
        close(&mut out, Some(1009), "message too large");
        assert_eq!(&out[..4], &[0x88, 19, 0x03, 0xf1]);
        let mut out = Vec::new();
        pong(&mut out, b"hi");
        assert_eq!(out, [0x8a, 2, b'h', b'i']);
    }
}
