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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// Not JSON at all.
    #[error("frame is not valid JSON: {0}")]
    Json(String),
    /// JSON, but not a 5-element array of the right types.
    #[error("frame must be [join_ref, ref, topic, event, payload]: {0}")]
    Shape(&'static str),
}

impl FrameError {
    /// The ref of the message, when it could still be read (to address an error reply):
    /// `(join_ref, ref, topic)`. Refs may be strings or numbers, as [`Frame::decode`] accepts.
    pub fn readable_ref(text: &str) -> Option<(Option<String>, String, String)> {
        let v: Value = serde_json::from_str(text).ok()?;
        let a = v.as_array()?;
        let join_ref = ref_string(a.first()?);
        let msg_ref = ref_string(a.get(1)?)?;
        let topic = a.get(2)?.as_str()?.to_owned();
        Some((join_ref, msg_ref, topic))
    }

    /// The ref of a binary frame, when its header is a readable client push (protocol §2.3:
    /// `[0][len join_ref][len ref][len topic][len event]` then those four UTF-8 strings):
    /// `(join_ref, ref, topic)`, as [`FrameError::readable_ref`].
    pub fn readable_binary_ref(bytes: &[u8]) -> Option<(Option<String>, String, String)> {
        let (&[kind, join_len, ref_len, topic_len, event_len], mut rest) = bytes.split_first_chunk::<5>()?;
        if kind != 0 {
            return None;
        }
        let mut take = |len: u8| {
            let (s, tail) = rest.split_at_checked(usize::from(len))?;
            rest = tail;
            std::str::from_utf8(s).ok().map(str::to_owned)
        };
        let join_ref = take(join_len)?;
        let msg_ref = take(ref_len)?;
        let topic = take(topic_len)?;
        take(event_len)?;
        if msg_ref.is_empty() {
            return None;
        }
        Some(((!join_ref.is_empty()).then_some(join_ref), msg_ref, topic))
    }
}

fn ref_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn opt_string(v: Value, what: &'static str) -> Result<Option<String>, FrameError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        // The JS client always sends strings, but numbers are a harmless variant.
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(FrameError::Shape(what)),
    }
}

impl Frame {
    /// Decodes a text frame.
    pub fn decode(text: &str) -> Result<Frame, FrameError> {
        let v: Value = serde_json::from_str(text).map_err(|e| FrameError::Json(e.to_string()))?;
        let Value::Array(parts) = v else {
            return Err(FrameError::Shape("not an array"));
        };
        let Ok::<[Value; 5], _>([join_ref, msg_ref, topic, event, payload]) = parts.try_into() else {
            return Err(FrameError::Shape("array must have exactly 5 elements"));
        };
        let Value::String(topic) = topic else {
            return Err(FrameError::Shape("topic must be a string"));
        };
        let Value::String(event) = event else {
            return Err(FrameError::Shape("event must be a string"));
        };
        if !payload.is_object() {
            return Err(FrameError::Shape("payload must be an object"));
        }
        Ok(Frame {
            join_ref: opt_string(join_ref, "join_ref must be a string or null")?,
            msg_ref: opt_string(msg_ref, "ref must be a string or null")?,
            topic,
            event,
            payload,
        })
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
        assert_eq!(
            FrameError::readable_ref(r#"["1","2","t","e",7]"#),
            Some((Some("1".into()), "2".into(), "t".into()))
        );
        assert_eq!(FrameError::readable_ref(r#"[{},3,"t",5]"#), Some((None, "3".into(), "t".into())));
        for unreadable in
            ["", "x", "[]", r#"[null,null,"t","e",{}]"#, r#"["1",{},"t","e",{}]"#, r#"["1","2",3,"e",{}]"#]
        {
            assert_eq!(FrameError::readable_ref(unreadable), None, "{unreadable}");
        }
    }

    #[test]
    fn reads_the_ref_of_a_binary_push_header() {
        let mut chunk = vec![0, 2, 2, 5, 5];
        chunk.extend_from_slice(b"2324lvu:0chunk");
        chunk.extend_from_slice(&[0xff; 16]);
        assert_eq!(FrameError::readable_binary_ref(&chunk), Some((Some("23".into()), "24".into(), "lvu:0".into())));
        for garbage in [
            &b""[..],
            &[0, 1],
            &[1, 0, 1, 1, 1, b'1', b't', b'e'],
            &[0, 0, 9, 1, 1, b'1'],
            &[0, 0, 1, 1, 1, 0xff, b't', b'e'],
        ] {
            assert_eq!(FrameError::readable_binary_ref(garbage), None, "{garbage:?}");
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
}
