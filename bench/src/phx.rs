//! Phoenix channels V2 JSON frames: `[join_ref, ref, topic, event, payload]`.

use serde::Deserialize;
use serde::de::IgnoredAny;
use std::borrow::Cow;

/// A JSON string literal for `s` (quotes included).
pub fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// Appends a frame. `topic_json` and `payload_json` are already JSON (a string literal and an
/// object); `join_ref`/`msg_ref` are plain refs (decimal strings, never needing escapes).
pub fn write_frame(
    out: &mut String,
    join_ref: Option<&str>,
    msg_ref: &str,
    topic_json: &str,
    event: &str,
    payload_json: &str,
) {
    out.push('[');
    match join_ref {
        Some(j) => {
            out.push('"');
            out.push_str(j);
            out.push('"');
        }
        None => out.push_str("null"),
    }
    out.push_str(",\"");
    out.push_str(msg_ref);
    out.push_str("\",");
    out.push_str(topic_json);
    out.push_str(",\"");
    out.push_str(event);
    out.push_str("\",");
    out.push_str(payload_json);
    out.push(']');
}

/// The parts of a server frame the generator looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming<'a> {
    /// `join_ref`.
    pub join_ref: Option<Cow<'a, str>>,
    /// `ref` (`None` for pushes).
    pub msg_ref: Option<Cow<'a, str>>,
    /// `event` (`phx_reply` for replies).
    pub event: Cow<'a, str>,
    /// `payload.status` when present (replies: `ok` / `error`).
    pub status: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Raw<'a>(
    #[serde(borrow)] Option<Cow<'a, str>>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    IgnoredAny,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Payload<'a>,
);

#[derive(Deserialize)]
struct Payload<'a> {
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
}

/// Parses a text frame without building a JSON tree (the payload is skipped except `status`).
pub fn parse(text: &str) -> Result<Incoming<'_>, serde_json::Error> {
    let Raw(join_ref, msg_ref, _, event, p) = serde_json::from_str(text)?;
    Ok(Incoming { join_ref, msg_ref, event, status: p.status })
}

/// `payload.response.reason` of an error reply, for messages.
pub fn error_reason(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get(4)?.get("response")?.get("reason")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| text.chars().take(200).collect())
}

/// The `phx_join` payload the official client sends for a root view (as this generator sends it).
pub fn join_payload(url: &str, csrf: Option<&str>, session: &str, static_token: &str) -> String {
    let mut params = serde_json::Map::new();
    if let Some(c) = csrf {
        params.insert("_csrf_token".into(), c.into());
    }
    params.insert("_mounts".into(), 0.into());
    let static_v = if static_token.is_empty() { serde_json::Value::Null } else { static_token.into() };
    serde_json::json!({ "url": url, "params": params, "session": session, "static": static_v }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let mut s = String::new();
        let topic = json_str("lv:phx-\"q\"");
        write_frame(&mut s, Some("1"), "7", &topic, "event", r#"{"type":"click","event":"inc","value":{"value":""}}"#);
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v[0], "1");
        assert_eq!(v[1], "7");
        assert_eq!(v[2], "lv:phx-\"q\"");
        assert_eq!(v[3], "event");
        assert_eq!(v[4]["event"], "inc");
        let mut s = String::new();
        write_frame(&mut s, None, "9", "\"phoenix\"", "heartbeat", "{}");
        assert_eq!(s, r#"[null,"9","phoenix","heartbeat",{}]"#);
    }

    #[test]
    fn parses_replies_pushes_and_echoes() {
        let r = parse(r#"["4","9","lv:x","phx_reply",{"status":"ok","response":{"diff":{"0":"1","s":["a\"b"]}}}]"#)
            .unwrap();
        assert_eq!(r.msg_ref.as_deref(), Some("9"));
        assert_eq!(r.join_ref.as_deref(), Some("4"));
        assert_eq!(r.event, "phx_reply");
        assert_eq!(r.status.as_deref(), Some("ok"));
        let r = parse(r#"["4",null,"lv:x","diff",{"0":"2"}]"#).unwrap();
        assert_eq!((r.msg_ref, r.status), (None, None));
        let r = parse(r#"[null,"5","phoenix","phx_reply",{"status":"error","response":{"reason":"unmatched topic"}}]"#)
            .unwrap();
        assert_eq!(r.status.as_deref(), Some("error"));
        let r = parse(r#"["1","3","lv:echo","event",{"type":"click","event":"inc","value":{"value":""}}]"#).unwrap();
        assert_eq!((r.event.as_ref(), r.status), ("event", None));
        // Escaped strings still parse (owned Cow).
        let r = parse(r#"["1","\u0033","t","phx_reply",{"status":"o\u006b"}]"#).unwrap();
        assert_eq!((r.msg_ref.as_deref(), r.status.as_deref()), (Some("3"), Some("ok")));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for s in [
            "",
            "[",
            "{}",
            "[1,2,3,4,5]",
            r#"["1","2","t","e"]"#,
            r#"["1","2","t","e",[],6]"#,
            r#"["1","2","t","e","x"]"#,
        ] {
            assert!(parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn join_and_reasons() {
        let p: serde_json::Value = serde_json::from_str(&join_payload("http://h/counter", Some("c"), "S", "")).unwrap();
        assert_eq!(p["params"]["_csrf_token"], "c");
        assert_eq!(p["params"]["_mounts"], 0);
        assert_eq!(p["static"], serde_json::Value::Null);
        assert_eq!(p["session"], "S");
        assert_eq!(
            error_reason(r#"["1","1","t","phx_reply",{"status":"error","response":{"reason":"stale"}}]"#),
            "stale"
        );
        assert_eq!(error_reason("nope"), "nope");
    }
}
