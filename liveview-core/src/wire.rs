//! Phoenix channel frames, V2 JSON serializer: `[join_ref, ref, topic, event, payload]`.

use crate::json::write_str;
use serde_json::Value;

/// A decoded client frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The `ref` of the join that created the channel instance.
    pub join_ref: Option<String>,
    /// The message ref (replies echo it).
    pub msg_ref: Option<String>,
    /// The topic, e.g. `lv:phx-abc` or `phoenix`.
    pub topic: String,
    /// The event, e.g. `phx_join`, `event`, `heartbeat`.
    pub event: String,
    /// The payload object.
    pub payload: Value,
}

/// Why a frame could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// Not JSON at all (nothing in it can be read, so it has no [`Address`]).
    #[error("frame is not valid JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// JSON, but not a 5-element array of the right types.
    #[error("frame must be [join_ref, ref, topic, event, payload]: {why}")]
    Shape {
        /// What is wrong with it.
        why: &'static str,
        /// Where an error reply can go, when the ref and topic could still be read.
        address: Option<Address>,
    },
}

impl FrameError {
    /// Where an error reply to the undecodable frame can go, if anywhere: a frame without a
    /// readable ref cannot be answered (the client would wait for a reply in vain).
    pub fn address(&self) -> Option<&Address> {
        match self {
            FrameError::Json(_) => None,
            FrameError::Shape { address, .. } => address.as_ref(),
        }
    }
}

/// Where a reply goes: the `join_ref`, `ref` and topic of the message it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The ref of the join that created the channel instance.
    pub join_ref: Option<String>,
    /// The message ref.
    pub msg_ref: String,
    /// The topic.
    pub topic: String,
}

impl Address {
    /// The address of a frame's first elements `[join_ref, ref, topic, ..]`, when they can be
    /// read (refs may be strings or numbers, as [`Frame::decode`] accepts).
    fn of(parts: &[Value]) -> Option<Address> {
        Address::new(parts.first()?, parts.get(1)?, parts.get(2)?.as_str()?)
    }

    fn new(join_ref: &Value, msg_ref: &Value, topic: &str) -> Option<Address> {
        Some(Address { join_ref: ref_string(join_ref), msg_ref: ref_string(msg_ref)?, topic: topic.to_owned() })
    }
}

/// A client push in a binary frame (protocol §2.3), such as an upload `chunk`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BinaryPush<'a> {
    /// The join ref (`None` when empty).
    pub join_ref: Option<&'a str>,
    /// The message ref (never empty).
    pub msg_ref: &'a str,
    /// The topic.
    pub topic: &'a str,
    /// The event.
    pub event: &'a str,
    /// Where the payload starts in the frame.
    pub payload_at: usize,
}

impl<'a> BinaryPush<'a> {
    /// Reads `[0][len join_ref][len ref][len topic][len event]` then those four UTF-8 strings;
    /// the rest is the payload. `None` for anything else.
    pub fn decode(bytes: &'a [u8]) -> Option<BinaryPush<'a>> {
        let (&[kind, join_len, ref_len, topic_len, event_len], _) = bytes.split_first_chunk::<5>()?;
        if kind != 0 {
            return None;
        }
        let mut at = 5;
        let mut take = |len: u8| {
            let end = at + usize::from(len);
            let s = std::str::from_utf8(bytes.get(at..end)?).ok()?;
            at = end;
            Some(s)
        };
        let join_ref = take(join_len)?;
        let msg_ref = take(ref_len)?;
        let topic = take(topic_len)?;
        let event = take(event_len)?;
        if msg_ref.is_empty() {
            return None;
        }
        Some(BinaryPush { join_ref: (!join_ref.is_empty()).then_some(join_ref), msg_ref, topic, event, payload_at: at })
    }

    /// The reply address.
    pub fn address(&self) -> Address {
        Address {
            join_ref: self.join_ref.map(str::to_owned),
            msg_ref: self.msg_ref.to_owned(),
            topic: self.topic.to_owned(),
        }
    }
}

/// Why the server refuses a message or a join: the `reason` of an error reply
/// (`{"status":"error","response":{"reason":…}}`) that the official client acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// The session token is invalid, expired or for another view, or the CSRF token does not
    /// match: the client reloads the page.
    Stale,
    /// No live route for the URL, or its route is in another `live_session` than the page's
    /// session token: the client falls back to a full page load.
    Unauthorized,
    /// No channel is joined on that topic.
    UnmatchedTopic,
    /// The frame could not be decoded (its ref could).
    MalformedFrame,
    /// The socket already holds as many views as its limit allows.
    TooManyViews,
    /// The view's mount crashed during the join.
    JoinCrashed,
    /// A joined view crashed (the payload of its `phx_error` push): the client rejoins.
    ChannelCrash,
    /// A binary frame that is no chunk of a joined upload channel.
    BinaryFrames,
    /// An upload channel refused a join or a chunk (`invalid_token`, `disallowed`,
    /// `already_registered`, …).
    Upload(&'static str),
    /// A message of a joined channel whose payload is not what its event needs.
    BadMessage(&'static str),
}

impl Rejection {
    /// The reason text.
    pub fn reason(self) -> &'static str {
        match self {
            Rejection::Stale => "stale",
            Rejection::Unauthorized => "unauthorized",
            Rejection::UnmatchedTopic => "unmatched topic",
            Rejection::MalformedFrame => "malformed frame",
            Rejection::TooManyViews => "too many views on this socket",
            Rejection::JoinCrashed => "join crashed",
            Rejection::ChannelCrash => "channel_crash",
            Rejection::BinaryFrames => "binary frames are only for upload channels",
            Rejection::Upload(why) => why,
            Rejection::BadMessage(why) => why,
        }
    }

    /// Appends the response object `{"reason":…}`.
    pub fn write_json(self, out: &mut String) {
        out.push_str("{\"reason\":");
        write_str(out, self.reason());
        out.push('}');
    }

    /// The response object `{"reason":…}`.
    pub fn to_json(self) -> String {
        let mut out = String::with_capacity(40);
        self.write_json(&mut out);
        out
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason())
    }
}

fn ref_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A ref: `null`, or a string (a number is a harmless variant; the JS client sends strings).
fn opt_string(v: &Value) -> Result<Option<String>, ()> {
    match v {
        Value::Null => Ok(None),
        other => ref_string(other).map(Some).ok_or(()),
    }
}

impl Frame {
    /// Decodes a text frame.
    pub fn decode(text: &str) -> Result<Frame, FrameError> {
        let v: Value = serde_json::from_str(text).map_err(FrameError::Json)?;
        let Value::Array(parts) = v else {
            return Err(FrameError::Shape { why: "not an array", address: None });
        };
        let [join_ref, msg_ref, topic, event, payload] = match <[Value; 5]>::try_from(parts) {
            Ok(parts) => parts,
            Err(parts) => {
                let address = Address::of(&parts);
                return Err(FrameError::Shape { why: "array must have exactly 5 elements", address });
            }
        };
        let Value::String(topic) = topic else {
            // Without a topic there is nowhere to reply.
            return Err(FrameError::Shape { why: "topic must be a string", address: None });
        };
        // The address is read only on the error paths, from the values already parsed.
        let shape = |why| FrameError::Shape { why, address: Address::new(&join_ref, &msg_ref, &topic) };
        let Value::String(event) = event else {
            return Err(shape("event must be a string"));
        };
        if !payload.is_object() {
            return Err(shape("payload must be an object"));
        }
        let Ok(join_ref_s) = opt_string(&join_ref) else {
            return Err(shape("join_ref must be a string or null"));
        };
        let Ok(msg_ref) = opt_string(&msg_ref) else {
            return Err(shape("ref must be a string or null"));
        };
        Ok(Frame { join_ref: join_ref_s, msg_ref, topic, event, payload })
    }
}

fn write_opt(out: &mut String, v: Option<&str>) {
    match v {
        Some(s) => write_str(out, s),
        None => out.push_str("null"),
    }
}

/// Writes the common head `[join_ref, ref, topic` of every server frame.
fn write_head(out: &mut String, join_ref: Option<&str>, msg_ref: Option<&str>, topic: &str) {
    out.push('[');
    write_opt(out, join_ref);
    out.push(',');
    write_opt(out, msg_ref);
    out.push(',');
    write_str(out, topic);
}

/// Writes `[join_ref, ref, topic, "phx_reply", {"status": status, "response": response}]`;
/// `response` is a JSON object already encoded.
pub fn write_reply(
    out: &mut String,
    join_ref: Option<&str>,
    msg_ref: Option<&str>,
    topic: &str,
    ok: bool,
    response: &str,
) {
    write_reply_with(out, join_ref, msg_ref, topic, ok, |out| out.push_str(response));
}

/// [`write_reply`] with the `response` object written by `response` (already encoded JSON),
/// so it goes straight into the frame.
pub fn write_reply_with(
    out: &mut String,
    join_ref: Option<&str>,
    msg_ref: Option<&str>,
    topic: &str,
    ok: bool,
    response: impl FnOnce(&mut String),
) {
    write_head(out, join_ref, msg_ref, topic);
    out.push_str(if ok {
        ",\"phx_reply\",{\"status\":\"ok\",\"response\":"
    } else {
        ",\"phx_reply\",{\"status\":\"error\",\"response\":"
    });
    response(out);
    out.push_str("}]");
}

/// Writes a server push `[join_ref, ref, topic, event, payload]`; `payload` is encoded JSON.
pub fn write_push(
    out: &mut String,
    join_ref: Option<&str>,
    msg_ref: Option<&str>,
    topic: &str,
    event: &str,
    payload: &str,
) {
    write_head(out, join_ref, msg_ref, topic);
    out.push(',');
    write_str(out, event);
    out.push(',');
    out.push_str(payload);
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_join_and_rejects_bad_shapes() {
        let f = Frame::decode(r#"["4","4","lv:phx-1","phx_join",{"url":"http://x/"}]"#).unwrap();
        assert_eq!(f.join_ref.as_deref(), Some("4"));
        assert_eq!(f.topic, "lv:phx-1");
        assert_eq!(f.event, "phx_join");
        assert!(Frame::decode(r#"[null,"1","phoenix","heartbeat",{}]"#).unwrap().join_ref.is_none());
        for bad in ["", "{}", "[1,2,3]", r#"[null,"1",5,"e",{}]"#, r#"[null,"1","t","e",[]]"#, r#"[{},"1","t","e",{}]"#]
        {
            assert!(Frame::decode(bad).is_err(), "{bad}");
        }
        let address = |text| Frame::decode(text).err().and_then(|e| e.address().cloned());
        let to = |join_ref: Option<&str>, msg_ref: &str, topic: &str| Address {
            join_ref: join_ref.map(str::to_owned),
            msg_ref: msg_ref.to_owned(),
            topic: topic.to_owned(),
        };
        assert_eq!(address(r#"["1","2","t","e",7]"#), Some(to(Some("1"), "2", "t")));
        assert_eq!(address(r#"[{},3,"t",5]"#), Some(to(None, "3", "t")));
        assert_eq!(address(r#"[{},3,"t","e",{}]"#), Some(to(None, "3", "t")), "bad join_ref, readable ref");
        for unreadable in ["", "x", "[]", r#"[null,null,"t","e",7]"#, r#"["1",{},"t","e",{}]"#, r#"["1","2",3,"e",{}]"#]
        {
            assert_eq!(address(unreadable), None, "{unreadable}");
        }
        assert!(matches!(Frame::decode("[").unwrap_err(), FrameError::Json(e) if e.is_eof()), "source kept");
    }

    #[test]
    fn reads_the_ref_of_a_binary_push_header() {
        let mut chunk = vec![0, 2, 2, 5, 5];
        chunk.extend_from_slice(b"2324lvu:0chunk");
        chunk.extend_from_slice(&[0xff; 16]);
        assert_eq!(
            BinaryPush::decode(&chunk).map(|p| p.address()),
            Some(Address { join_ref: Some("23".into()), msg_ref: "24".into(), topic: "lvu:0".into() })
        );
        for garbage in [
            &b""[..],
            &[0, 1],
            &[1, 0, 1, 1, 1, b'1', b't', b'e'],
            &[0, 0, 9, 1, 1, b'1'],
            &[0, 0, 1, 1, 1, 0xff, b't', b'e'],
        ] {
            assert_eq!(BinaryPush::decode(garbage), None, "{garbage:?}");
        }
    }

    #[test]
    fn writes_replies_and_pushes() {
        let mut out = String::new();
        write_reply(&mut out, Some("4"), Some("9"), "lv:x", true, "{}");
        assert_eq!(out, r#"["4","9","lv:x","phx_reply",{"status":"ok","response":{}}]"#);
        out.clear();
        write_push(&mut out, Some("4"), None, "lv:x", "diff", r#"{"0":"1"}"#);
        assert_eq!(out, r#"["4",null,"lv:x","diff",{"0":"1"}]"#);
    }

    #[test]
    fn rejections_write_their_reason_as_a_response_object() {
        assert_eq!(Rejection::Stale.to_json(), r#"{"reason":"stale"}"#);
        assert_eq!(Rejection::TooManyViews.to_json(), r#"{"reason":"too many views on this socket"}"#);
        assert_eq!(Rejection::BadMessage("needs \"url\"").to_json(), r#"{"reason":"needs \"url\""}"#);
    }
}
