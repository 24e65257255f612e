//! Reliability and security: origin checks, token rotation and forgery, a corpus of hostile
//! input, per-socket limits, slow readers. Every server runs on 127.0.0.1 in this process, so
//! a panic anywhere in it would show (see [`panics`]) and its memory is this process's memory.

mod support;

use liveview::Limits;
use liveview_core::runtime::SESSION_MAX_AGE_SECS;
use liveview_core::token::Signer;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use support::{
    Client, Incoming, Page, SECRET, client_frame, gallery, get, rss_bytes, start_gallery, start_router, upgrade_status,
};

const WAIT: Duration = Duration::from_secs(10);

/// Tests that measure this process's memory run alone among the heavy ones.
static HEAVY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Panics in this process so far (server tasks included), counted by a panic hook.
fn panics() -> usize {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            default(info);
        }));
    });
    PANICS.load(Ordering::SeqCst)
}

fn status(f: &Value) -> &str {
    f[4]["status"].as_str().unwrap_or("")
}

fn topic(page: &Page) -> String {
    format!("lv:{}", page.view_id)
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Clicks `event` and returns the reply (panics when there is none within [`WAIT`]).
async fn click_reply(c: &mut Client, topic: &str, join_ref: &str, event: &str, value: Value) -> Value {
    let r = c.click(topic, join_ref, event, value).await;
    match c.reply_to(&r, WAIT).await {
        Ok((_, reply)) => reply,
        Err(e) => panic!("{event} on {topic}: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Origin
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cross_origin_websocket_upgrades_are_refused_and_same_host_is_accepted() {
    let (addr, _stop) = start_gallery().await;
    let host = addr.to_string();
    let other_port = format!("http://127.0.0.1:{}", addr.port().wrapping_add(1));
    assert_eq!(upgrade_status(addr, &[]).await, 101, "no Origin: not a browser, accepted");
    for same in [format!("http://{host}"), format!("https://{host}")] {
        assert_eq!(upgrade_status(addr, &[("Origin", &same)]).await, 101, "{same}");
    }
    for cross in [
        "http://evil.example".to_owned(),
        format!("http://{host}.evil.example"),
        format!("http://evil.example/{host}"),
        format!("http://evil@{host}"),
        "http://127.0.0.1".to_owned(),
        other_port,
        "null".to_owned(),
        String::new(),
    ] {
        assert_eq!(upgrade_status(addr, &[("Origin", &cross)]).await, 403, "Origin {cross:?}");
    }
    // A refused upgrade leaves the server serving.
    let page = get(addr, "/counter", None).await;
    let mut c =
        Client::connect_with_headers(addr, &page.csrf, &page.cookie, &[("origin", &format!("http://{host}"))]).await;
    let (_, reply) = c.join(&page, "/counter").await;
    assert_eq!(reply["status"], "ok");
}

#[tokio::test]
async fn configured_allowed_origins_replace_the_same_host_default() {
    let (addr, _stop) = start_router(gallery().allowed_origins(["https://app.example", "http://localhost:4000"])).await;
    let host = addr.to_string();
    for ok in ["https://app.example", "http://localhost:4000"] {
        assert_eq!(upgrade_status(addr, &[("Origin", ok)]).await, 101, "{ok}");
    }
    for refused in [
        format!("http://{host}"),
        "http://app.example".to_owned(),
        "https://app.example:443".to_owned(),
        "https://app.example.evil".to_owned(),
        "http://localhost:4001".to_owned(),
    ] {
        assert_eq!(upgrade_status(addr, &[("Origin", &refused)]).await, 403, "Origin {refused:?}");
    }
    let page = get(addr, "/counter", None).await;
    let mut c =
        Client::connect_with_headers(addr, &page.csrf, &page.cookie, &[("origin", "https://app.example")]).await;
    let (jr, reply) = c.join(&page, "/counter").await;
    assert_eq!(reply["status"], "ok");
    let reply = click_reply(&mut c, &topic(&page), &jr, "inc", json!({})).await;
    assert_eq!(status(&reply), "ok");
}

// ---------------------------------------------------------------------------------------------
// 2. Tokens
// ---------------------------------------------------------------------------------------------

const NEW_SECRET: &str = "rotated-secret-rotated-secret-rotated-secret-0123456789";

#[tokio::test]
async fn a_rotated_secret_accepts_pages_signed_with_the_old_one_and_signs_with_the_new_one() {
    let (old_only, _s1) = start_router(liveview_examples::router().secret(SECRET)).await;
    let (rotated, _s2) = start_router(liveview_examples::router().secret(NEW_SECRET).secret(SECRET)).await;
    let (new_only, _s3) = start_router(liveview_examples::router().secret(NEW_SECRET)).await;

    // A page rendered before the rotation still joins after it.
    let old_page = get(old_only, "/counter", None).await;
    let mut c = Client::connect(rotated, &old_page).await;
    let (jr, reply) = c.join(&old_page, "/counter").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    let reply = click_reply(&mut c, &topic(&old_page), &jr, "inc", json!({})).await;
    assert!(reply[4]["response"]["diff"].to_string().contains("\"1\""), "{reply}");
    // ... but not once the old secret is retired.
    let mut c = Client::connect(new_only, &old_page).await;
    let (_, reply) = c.join(&old_page, "/counter").await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "stale"}}));

    // The rotated server signs with the newest secret.
    let new_page = get(rotated, "/counter", None).await;
    let mut c = Client::connect(new_only, &new_page).await;
    let (_, reply) = c.join(&new_page, "/counter").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    let mut c = Client::connect(old_only, &new_page).await;
    let (_, reply) = c.join(&new_page, "/counter").await;
    assert_eq!(reply["response"]["reason"], "stale");
}

#[tokio::test]
async fn expired_future_foreign_misused_and_cross_view_tokens_are_stale() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    let mut other = get(addr, "/counter", Some(&page.cookie)).await;
    // View ids are short (unique per page, not per server): two pages may draw the same one.
    while other.view_id == page.view_id {
        other = get(addr, "/counter", Some(&page.cookie)).await;
    }
    let signer = Signer::new([SECRET]);
    let session = |id: &str, at: u64| signer.sign_at("session", &json!({"id": id, "s": {}}), at);
    let id = page.view_id.as_str();
    let ok = session(id, now());
    let cases = [
        ("expired", session(id, now() - SESSION_MAX_AGE_SECS - 60)),
        ("signed in the future", session(id, now() + 3600)),
        ("foreign key", Signer::new([NEW_SECRET]).sign("session", &json!({"id": id, "s": {}}))),
        ("static token as session", page.static_token.clone()),
        ("flash purpose", signer.sign("flash", &json!({"id": id, "s": {}}))),
        ("another view's session", other.session.clone()),
        ("session of no view", signer.sign("session", &json!({"s": {}}))),
        ("truncated", page.session[..page.session.len() / 2].to_owned()),
        ("empty", String::new()),
    ];
    let mut c = Client::connect(addr, &page).await;
    for (what, token) in cases {
        let mut forged = page.clone();
        forged.session = token;
        let (_, reply) = c.join(&forged, "/counter").await;
        assert_eq!(reply, json!({"status": "error", "response": {"reason": "stale"}}), "{what}");
    }
    // The hand-made token format is right: a fresh one joins.
    let mut fresh = page.clone();
    fresh.session = ok;
    let (_, reply) = c.join(&fresh, "/counter").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    // CSRF: another browser's token with this browser's cookie.
    let stranger = get(addr, "/counter", None).await;
    assert_ne!(stranger.csrf, page.csrf);
    let mut c = Client::connect_with(addr, &stranger.csrf, &page.cookie).await;
    let (_, reply) = c.join(&page, "/counter").await;
    assert_eq!(reply["response"]["reason"], "stale");
}

// ---------------------------------------------------------------------------------------------
// 3. Malformed input
// ---------------------------------------------------------------------------------------------

/// What a corpus entry sends after joining the view at its path.
#[derive(Debug)]
enum Input {
    /// Text frames; `{T}` is the joined topic, `{J}` its join ref, `{S}` the session token.
    Text(Vec<String>),
    /// One binary frame.
    Binary(Vec<u8>),
    /// Bytes written under the websocket layer.
    Raw(Vec<u8>),
}

/// What the server must do about it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// A `phx_reply` to ref `900` with status error and a reason containing this.
    Error(&'static str),
    /// A `phx_reply` to ref `900` with status ok.
    Ok,
    /// No reply to ref `900`; the socket stays open.
    Nothing,
    /// A close frame with this code.
    Close(u16),
}

struct Case {
    name: &'static str,
    path: &'static str,
    input: Input,
    expect: Expect,
    /// The joined view must still answer afterwards (false when the input replaced it).
    view_survives: bool,
}

fn text(name: &'static str, frame: impl Into<String>, expect: Expect) -> Case {
    Case { name, path: "/counter", input: Input::Text(vec![frame.into()]), expect, view_survives: true }
}

fn on(path: &'static str, mut case: Case) -> Case {
    case.path = path;
    case
}

fn replacing(mut case: Case) -> Case {
    case.view_survives = false;
    case
}

fn raw(name: &'static str, bytes: Vec<u8>, expect: Expect) -> Case {
    Case { name, path: "/counter", input: Input::Raw(bytes), expect, view_survives: true }
}

/// A final text frame, masked, with this payload.
fn text_frame(payload: &[u8]) -> Vec<u8> {
    client_frame(0x81, payload, true, None)
}

fn event(value: Value) -> String {
    json!(["{J}", "900", "{T}", "event", value]).to_string()
}

fn corpus() -> Vec<Case> {
    use Expect::{Close, Error, Nothing, Ok};
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(30_000), "}".repeat(30_000));
    let deep_payload = format!(r#"["{{J}}","900","{{T}}","event",{{"event":"inc","value":{}}}]"#, "[".repeat(100_000));
    let huge_string = "x".repeat(200_000);
    let many_keys: serde_json::Map<String, Value> = (0..10_000).map(|i| (format!("k{i}"), json!(i))).collect();
    let oversized = format!(r#"["{{J}}","900","{{T}}","event",{{"event":"inc","value":"{}"}}]"#, "x".repeat(300_000));
    let mut chunk = vec![0u8, 1, 3, 5, 5];
    chunk.extend_from_slice(b"1900lvu:0chunk");
    chunk.extend_from_slice(&[0xab; 1000]);
    let join = |topic: &str, payload: Value| json!(["900", "900", topic, "phx_join", payload]).to_string();
    let session_payload = json!({"url": "http://127.0.0.1/counter", "session": "{S}", "params": {"_mounts": 0}});
    let mut missing_session = session_payload.clone();
    missing_session.as_object_mut().unwrap().remove("session");
    let mut cases = vec![
        // Not a frame at all, so no ref to answer: close 1007.
        text("not JSON", "not json", Close(1007)),
        text("empty text", "", Close(1007)),
        text("unterminated array", "[", Close(1007)),
        text("an object", "{}", Close(1007)),
        text("null", "null", Close(1007)),
        text("a number", "42", Close(1007)),
        text("a string", "\"phx_join\"", Close(1007)),
        text("empty array", "[]", Close(1007)),
        text("two elements, numeric ref", "[1,2]", Close(1007)),
        text("100k nested arrays", deep_array, Close(1007)),
        text("30k nested objects", deep_object, Close(1007)),
        text("100k nested arrays in the payload", deep_payload, Close(1007)),
        text("object as ref", r#"["{J}",{},"{T}","event",{"event":"inc"}]"#, Close(1007)),
        text("null ref and bad payload", r#"["{J}",null,"{T}","event",7]"#, Close(1007)),
        text("number as topic", r#"["{J}","900",5,"event",{}]"#, Close(1007)),
        text("null topic", r#"["{J}","900",null,"event",{}]"#, Close(1007)),
        text("trailing garbage", r#"["{J}","900","{T}","event",{"event":"inc"}] x"#, Close(1007)),
        text("lone surrogate escape", r#"["{J}","900","{T}","event",{"event":"\ud800"}]"#, Close(1007)),
        text("NaN", r#"["{J}","900","{T}","event",{"event":"inc","value":NaN}]"#, Close(1007)),
        text("number out of range", r#"["{J}","900","{T}","event",{"event":"inc","value":1e400}]"#, Close(1007)),
        // A readable ref: error reply.
        text("payload is a number", r#"["{J}","900","{T}","event",7]"#, Error("malformed frame")),
        text("payload is an array", r#"["{J}","900","{T}","event",[]]"#, Error("malformed frame")),
        text("payload is a string", r#"["{J}","900","{T}","event","inc"]"#, Error("malformed frame")),
        text("payload is null", r#"["{J}","900","{T}","event",null]"#, Error("malformed frame")),
        text("event is a number", r#"["{J}","900","{T}",5,{}]"#, Error("malformed frame")),
        text("event is null", r#"["{J}","900","{T}",null,{}]"#, Error("malformed frame")),
        text("join_ref is an object", r#"[{},"900","{T}","event",{}]"#, Error("malformed frame")),
        text("join_ref is a boolean", r#"[true,"900","{T}","event",{}]"#, Error("malformed frame")),
        text("six elements", r#"["{J}","900","{T}","event",{},{}]"#, Error("malformed frame")),
        text("four elements", r#"["{J}","900","{T}","event"]"#, Error("malformed frame")),
        text("1000 elements", format!(r#"["{{J}}","900","{{T}}"{}]"#, ",0".repeat(997)), Error("malformed frame")),
        text("heartbeat with an array payload", r#"[null,"900","phoenix","heartbeat",[]]"#, Error("malformed frame")),
        // Well-formed frames the server cannot act on: error reply.
        text("event without a name", event(json!({"type": "click", "value": {}})), Error("needs a string")),
        text("event name is a number", event(json!({"type": "click", "event": 5})), Error("needs a string")),
        text("event name is null", event(json!({"event": null})), Error("needs a string")),
        text("unknown channel event", r#"["{J}","900","{T}","frobnicate",{}]"#, Error("unknown event")),
        text("client sends phx_reply", r#"["{J}","900","{T}","phx_reply",{"status":"ok"}]"#, Error("unknown event")),
        text("heartbeat on a view topic", r#"["{J}","900","{T}","heartbeat",{}]"#, Error("unknown event")),
        text("live_patch without url", r#"["{J}","900","{T}","live_patch",{}]"#, Error("needs a string")),
        text("live_patch url is a number", r#"["{J}","900","{T}","live_patch",{"url":5}]"#, Error("needs a string")),
        text(
            "event for an unjoined topic",
            r#"["1","900","lv:phx-nobody","event",{"event":"inc"}]"#,
            Error("unmatched topic"),
        ),
        text("event for the empty topic", r#"["1","900","","event",{"event":"inc"}]"#, Error("unmatched topic")),
        text("unknown event on phoenix", r#"[null,"900","phoenix","foo",{}]"#, Error("unmatched topic")),
        text("200 kB topic", json!(["1", "900", huge_string, "event", {}]).to_string(), Error("unmatched topic")),
        // Joins that cannot succeed.
        text("join of a non-lv topic", join("room:lobby", session_payload.clone()), Error("unmatched topic")),
        text("join of the phoenix topic", join("phoenix", session_payload.clone()), Error("unmatched topic")),
        text("join without session", join("lv:phx-new", missing_session), Error("stale")),
        text(
            "join with a numeric session",
            join("lv:phx-new", json!({"url": "http://h/counter", "session": 5})),
            Error("stale"),
        ),
        text("join with an empty payload", join("lv:phx-new", json!({})), Error("stale")),
        text("join of the page under another topic", join("lv:phx-other", session_payload.clone()), Error("stale")),
        text(
            "join with a garbage session",
            join("lv:phx-new", json!({"url": "http://h/", "session": "x.y"})),
            Error("stale"),
        ),
        // Well-formed events with wrong values: acknowledged (protocol §5.2), the view is unchanged.
        text("click with an array value", event(json!({"type": "click", "event": "inc", "value": [1, 2]})), Ok),
        text("click with a string value", event(json!({"type": "click", "event": "inc", "value": "x"})), Ok),
        text("event type is a number", event(json!({"type": 5, "event": "inc"})), Ok),
        text("unknown view event", event(json!({"type": "click", "event": "nope", "value": {}})), Ok),
        text("200 kB event name", event(json!({"type": "click", "event": huge_string, "value": {}})), Ok),
        text("10,000 keys in the value", event(json!({"type": "click", "event": "inc", "value": many_keys})), Ok),
        text("duplicate keys", r#"["{J}","900","{T}","event",{"event":"nope","event":"inc"}]"#, Ok),
        text("cid is a string", event(json!({"type": "click", "event": "inc", "cid": "x"})), Ok),
        text("cids_destroyed with junk", r#"["{J}","900","{T}","cids_destroyed",{"cids":"x"}]"#, Ok),
        text("live_patch to an unparseable url", r#"["{J}","900","{T}","live_patch",{"url":"::::"}]"#, Ok),
        text("numeric refs", r#"[null,900,"phoenix","heartbeat",{}]"#, Ok),
        text("event with a stale join_ref", r#"["0","900","{T}","event",{"event":"inc"}]"#, Nothing),
        on(
            "/form",
            text(
                "form with %zz",
                event(json!({"type": "form", "event": "validate", "value": "user%5Bname%5D=%zz"})),
                Ok,
            ),
        ),
        on(
            "/form",
            text(
                "form with %FF",
                event(json!({"type": "form", "event": "validate", "value": "user%5Bname%5D=%FF"})),
                Ok,
            ),
        ),
        on(
            "/form",
            text(
                "form with a cut escape",
                event(json!({"type": "form", "event": "validate", "value": "user%5Bname%5D=%E0%A4%A"})),
                Ok,
            ),
        ),
        on("/form", text("form value is a number", event(json!({"type": "form", "event": "save", "value": 7})), Ok)),
        on(
            "/form",
            text("form value is an object", event(json!({"type": "form", "event": "save", "value": {"user": []}})), Ok),
        ),
        on(
            "/form",
            text(
                "form nested 40 deep",
                event(json!({"type": "form", "event": "save", "value": format!("user{}=1", "%5Ba%5D".repeat(40))})),
                Ok,
            ),
        ),
        on(
            "/form",
            text(
                "form with 20,000 fields",
                event(json!({"type": "form", "event": "validate", "value": "a=1&".repeat(20_000)})),
                Ok,
            ),
        ),
        on(
            "/form",
            text(
                "form meta is an array",
                event(json!({"type": "form", "event": "validate", "value": "", "meta": [1]})),
                Ok,
            ),
        ),
        on(
            "/list",
            text("row id is a word", event(json!({"type": "click", "event": "bump", "value": {"id": "abc"}})), Ok),
        ),
        on(
            "/list",
            text("row id is negative", event(json!({"type": "click", "event": "bump", "value": {"id": -1}})), Ok),
        ),
        on(
            "/list",
            text(
                "row id overflows",
                event(json!({"type": "click", "event": "bump", "value": {"id": "18446744073709551616"}})),
                Ok,
            ),
        ),
        on(
            "/list",
            text("row id out of range", event(json!({"type": "click", "event": "bump", "value": {"id": 100_000}})), Ok),
        ),
        on(
            "/list",
            text("row id is a list", event(json!({"type": "click", "event": "bump", "value": {"id": [1]}})), Ok),
        ),
        // Binary frames: only chunks of joined upload channels are taken (see tests/upload.rs).
        Case {
            name: "binary garbage",
            path: "/counter",
            input: Input::Binary(vec![0xde, 0xad, 0xbe, 0xef]),
            expect: Close(1003),
            view_survives: true,
        },
        Case {
            name: "empty binary frame",
            path: "/counter",
            input: Input::Binary(Vec::new()),
            expect: Close(1003),
            view_survives: true,
        },
        Case {
            name: "binary upload chunk",
            path: "/counter",
            input: Input::Binary(chunk),
            expect: Error("binary frames"),
            view_survives: true,
        },
        // Below the JSON layer.
        raw("invalid UTF-8", text_frame(&[b'[', 0xff, 0xfe, b']']), Close(1007)),
        raw("overlong UTF-8", text_frame(&[b'"', 0xc0, 0xaf, b'"']), Close(1007)),
        raw("UTF-8 encoded surrogate", text_frame(&[b'"', 0xed, 0xa0, 0x80, b'"']), Close(1007)),
        raw(
            "invalid UTF-8 across fragments",
            [client_frame(0x01, b"[\"\xc3", true, None), client_frame(0x80, b"\x28\"]", true, None)].concat(),
            Close(1007),
        ),
        text("300 kB frame over a 256 KiB limit", oversized, Close(1009)),
        raw(
            "fragments adding up to 300 kB",
            [
                client_frame(0x01, &[b' '; 100_000], true, None),
                client_frame(0x00, &[b' '; 100_000], true, None),
                client_frame(0x80, &[b' '; 100_000], true, None),
            ]
            .concat(),
            Close(1009),
        ),
        raw("frame header claiming 2^62 bytes", client_frame(0x81, b"[", true, Some(1 << 62)), Close(1009)),
        raw("unmasked client frame", client_frame(0x81, b"[]", false, None), Close(1002)),
        raw("reserved bit set", client_frame(0xc1, b"[]", true, None), Close(1002)),
        raw("reserved data opcode", client_frame(0x83, b"[]", true, None), Close(1002)),
        raw("reserved control opcode", client_frame(0x8b, b"", true, None), Close(1002)),
        raw("continuation without a start", client_frame(0x80, b"[]", true, None), Close(1002)),
        raw("fragmented ping", client_frame(0x09, b"p", true, None), Close(1002)),
        raw("126-byte ping", client_frame(0x89, &[b'p'; 126], true, None), Close(1002)),
        raw(
            "new message inside a fragmented one",
            [client_frame(0x01, b"[", true, None), client_frame(0x81, b"[]", true, None)].concat(),
            Close(1002),
        ),
        raw("one-byte close payload", client_frame(0x88, b"x", true, None), Close(1002)),
        raw("unsolicited pong", client_frame(0x8a, b"pong", true, None), Nothing),
    ];
    // Storms on one socket, pipelined without reading.
    let storm = |n: usize, f: &dyn Fn(usize) -> Vec<String>| (0..n).flat_map(f).collect::<Vec<_>>();
    let rejoin = |jr: String| {
        json!([jr, jr, "{T}", "phx_join", {"url": "http://127.0.0.1/counter", "session": "{S}", "params": {"_mounts": 1}}])
            .to_string()
    };
    let mut join_leave = storm(300, &|i| {
        vec![rejoin(format!("j{i}")), json!([format!("j{i}"), format!("l{i}"), "{T}", "phx_leave", {}]).to_string()]
    });
    join_leave.push(rejoin("900".into()));
    cases.push(replacing(Case {
        name: "300 join/leave pairs",
        path: "/counter",
        input: Input::Text(join_leave),
        expect: Ok,
        view_survives: true,
    }));
    let mut rejoins = storm(300, &|i| vec![rejoin(format!("r{i}"))]);
    rejoins.push(rejoin("900".into()));
    cases.push(replacing(Case {
        name: "300 duplicate joins",
        path: "/counter",
        input: Input::Text(rejoins),
        expect: Ok,
        view_survives: true,
    }));
    let mut beats = storm(1000, &|i| vec![json!([null, format!("h{i}"), "phoenix", "heartbeat", {}]).to_string()]);
    beats.push(json!([null, "900", "phoenix", "heartbeat", {}]).to_string());
    cases.push(Case {
        name: "1000 heartbeats",
        path: "/counter",
        input: Input::Text(beats),
        expect: Ok,
        view_survives: true,
    });
    cases
}

/// Sends one corpus entry on a fresh socket and checks what the server does.
async fn run_case(addr: std::net::SocketAddr, case: &Case) -> Result<(), String> {
    let page = get(addr, case.path, None).await;
    let mut c = Client::connect(addr, &page).await;
    let (jr, reply) = c.join(&page, case.path).await;
    if reply["status"] != "ok" {
        return Err(format!("join failed: {reply}"));
    }
    let t = topic(&page);
    let fill = |s: &str| s.replace("{T}", &t).replace("{J}", &jr).replace("{S}", &page.session);
    let sent = match &case.input {
        Input::Text(frames) => c.send_burst(frames.iter().map(|f| fill(f))).await,
        Input::Binary(b) => c.send_message(tokio_tungstenite::tungstenite::Message::Binary(b.clone().into())).await,
        Input::Raw(bytes) => c.write_raw(bytes).await,
    };
    // A server that closes mid-send may make the send fail; the close frame still tells why.
    let mut frames = Vec::new();
    match case.expect {
        Expect::Close(code) => {
            let got = c.close_code(WAIT).await.map_err(|e| format!("sent: {sent}; {e}"))?;
            return if got == code { Ok(()) } else { Err(format!("closed with {got}, expected {code}")) };
        }
        Expect::Error(reason) => {
            let (before, reply) = c.reply_to("900", WAIT).await?;
            frames.extend(before);
            let got = reply[4]["response"]["reason"].as_str().unwrap_or("");
            if status(&reply) != "error" || !got.contains(reason) {
                return Err(format!("expected an error reply containing {reason:?}, got {reply}"));
            }
        }
        Expect::Ok => {
            let (before, reply) = c.reply_to("900", WAIT).await?;
            frames.extend(before);
            if status(&reply) != "ok" {
                return Err(format!("expected an ok reply, got {reply}"));
            }
        }
        Expect::Nothing => {}
    }
    // The socket still works: a heartbeat is answered, and the view answers events (after
    // everything sent before, so a late reply to 900 would show up in `frames`).
    let hb = c.next_ref();
    c.send(json!([null, hb, "phoenix", "heartbeat", {}])).await;
    let (before, reply) = c.reply_to(&hb, WAIT).await?;
    frames.extend(before);
    if status(&reply) != "ok" {
        return Err(format!("heartbeat: {reply}"));
    }
    if case.view_survives {
        let (probe_event, value) = match case.path {
            "/form" => ("validate", json!("user%5Bname%5D=Zed")),
            "/list" => ("bump", json!({"id": "3"})),
            _ => ("inc", json!({})),
        };
        let r = c.next_ref();
        let kind = if case.path == "/form" { "form" } else { "click" };
        c.send(json!([jr, r, t, "event", {"type": kind, "event": probe_event, "value": value}])).await;
        let (before, reply) = c.reply_to(&r, WAIT).await?;
        frames.extend(before);
        if status(&reply) != "ok" || reply[4]["response"]["diff"].is_null() {
            return Err(format!("the view no longer answers: {reply}"));
        }
        if case.path == "/form" && !reply.to_string().contains("Zed") {
            return Err(format!("the form view lost its way: {reply}"));
        }
    }
    if case.expect == Expect::Nothing
        && let Some(f) = frames.iter().find(|f| f[1] == json!("900"))
    {
        return Err(format!("expected no reply, got {f}"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corpus_of_malformed_input_gets_error_replies_or_closes_and_nothing_else_breaks() {
    let _heavy = HEAVY.lock().await;
    let mut limits = Limits::default();
    limits.max_frame_bytes = 256 * 1024;
    let (addr, _stop) = start_router(gallery().limits(limits)).await;
    let panics_before = panics();

    // A bystander joined before the corpus, on its own socket.
    let bystander = get(addr, "/counter", None).await;
    let mut b = Client::connect(addr, &bystander).await;
    let (bjr, _) = b.join(&bystander, "/counter").await;
    let bt = topic(&bystander);
    click_reply(&mut b, &bt, &bjr, "inc", json!({})).await;

    let corpus = corpus();
    assert!(corpus.len() >= 40, "{} cases", corpus.len());
    let mut failures = Vec::new();
    for case in &corpus {
        let started = Instant::now();
        if let Err(e) = run_case(addr, case).await {
            failures.push(format!("{} ({:?}): {e}", case.name, case.expect));
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{} took {:?}", case.name, started.elapsed());
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), corpus.len(), failures.join("\n"));
    assert_eq!(panics(), panics_before, "something panicked");

    // The bystander's view kept its state and still answers.
    let reply = click_reply(&mut b, &bt, &bjr, "inc", json!({})).await;
    assert!(reply[4]["response"]["diff"].to_string().contains("\"2\""), "{reply}");
    b.heartbeat().await.unwrap();
    // A new, well-behaved connection gets correct replies.
    let page = get(addr, "/counter", None).await;
    assert_eq!(page.status, 200);
    let mut c = Client::connect(addr, &page).await;
    let (jr, reply) = c.join(&page, "/counter").await;
    assert_eq!(reply["status"], "ok");
    let reply = click_reply(&mut c, &topic(&page), &jr, "inc", json!({})).await;
    assert!(reply[4]["response"]["diff"].to_string().contains("\"1\""), "{reply}");
    c.heartbeat().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// 4. Isolation and limits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn joins_beyond_max_views_per_socket_are_refused_and_the_others_keep_working() {
    let mut limits = Limits::default();
    limits.max_views_per_socket = 3;
    let (addr, _stop) = start_router(gallery().limits(limits)).await;
    let first = get(addr, "/counter", None).await;
    let mut c = Client::connect(addr, &first).await;
    let mut joined = Vec::new();
    for i in 0..3 {
        let page = if i == 0 { first.clone() } else { get(addr, "/counter", Some(&first.cookie)).await };
        let (jr, reply) = c.join(&page, "/counter").await;
        assert_eq!(reply["status"], "ok", "view {i}: {reply}");
        joined.push((topic(&page), jr));
    }
    let extra = get(addr, "/counter", Some(&first.cookie)).await;
    let (_, reply) = c.join(&extra, "/counter").await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "too many views on this socket"}}));
    for (t, jr) in &joined {
        let reply = click_reply(&mut c, t, jr, "inc", json!({})).await;
        assert!(reply[4]["response"]["diff"].to_string().contains("\"1\""), "{reply}");
    }
    // Leaving one makes room.
    let (t, jr) = joined.pop().unwrap();
    let r = c.next_ref();
    c.send(json!([jr, r, t, "phx_leave", {}])).await;
    c.reply_to(&r, WAIT).await.unwrap();
    let (_, reply) = c.join(&extra, "/counter").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    // Another socket has its own budget.
    let mut other = Client::connect(addr, &first).await;
    let page = get(addr, "/counter", Some(&first.cookie)).await;
    let (_, reply) = other.join(&page, "/counter").await;
    assert_eq!(reply["status"], "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooded_view_mailbox_closes_the_socket_with_1008_and_spares_the_server() {
    let mut limits = Limits::default();
    limits.view_mailbox = 2;
    let (addr, _stop) = start_router(gallery().limits(limits)).await;
    let page = get(addr, "/list", None).await;
    let mut c = Client::connect(addr, &page).await;
    let (jr, _) = c.join(&page, "/list").await;
    let t = topic(&page);
    let burst = (0..5_000)
        .map(|i| json!([jr, format!("b{i}"), t, "event", {"type": "click", "event": "bump", "value": {}}]).to_string());
    c.send_burst(burst).await;
    assert_eq!(c.close_code(WAIT).await, Ok(1008));
    // The server is fine.
    let page = get(addr, "/list", None).await;
    let mut c = Client::connect(addr, &page).await;
    let (jr, _) = c.join(&page, "/list").await;
    let reply = click_reply(&mut c, &topic(&page), &jr, "bump", json!({"id": "7"})).await;
    assert_eq!(status(&reply), "ok");
}

#[tokio::test]
async fn a_silent_socket_is_closed_after_the_idle_timeout_and_heartbeats_keep_one_open() {
    let mut limits = Limits::default();
    limits.idle_timeout = Duration::from_millis(1500);
    let (addr, _stop) = start_router(gallery().limits(limits)).await;
    let page = get(addr, "/counter", None).await;
    let mut silent = Client::connect(addr, &page).await;
    let (_, reply) = silent.join(&page, "/counter").await;
    assert_eq!(reply["status"], "ok");
    let joined = Instant::now();
    let mut chatty = Client::connect(addr, &page).await;
    let other = get(addr, "/counter", Some(&page.cookie)).await;
    let (jr, _) = chatty.join(&other, "/counter").await;
    // The chatty client heartbeats every 500 ms for 4 s: past the silent one's timeout.
    let chatty_task = tokio::spawn(async move {
        for _ in 0..8 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            chatty.heartbeat().await?;
        }
        Ok::<_, String>(chatty)
    });
    // A client trickling a heartbeat frame one byte every 200 ms (40 bytes: 8 s) sends bytes
    // throughout but no whole frame: it is closed as silent too.
    let third = get(addr, "/counter", None).await;
    let mut trickle = Client::connect(addr, &third).await;
    let (_, reply) = trickle.join(&third, "/counter").await;
    assert_eq!(reply["status"], "ok");
    let trickle_task = tokio::spawn(async move {
        let beat = client_frame(0x81, br#"[null,"t1","phoenix","heartbeat",{}]"#, true, None);
        let started = Instant::now();
        for b in beat {
            if !trickle.write_raw(&[b]).await {
                break;
            }
            match trickle.next_incoming(Duration::from_millis(200)).await {
                Incoming::Timeout | Incoming::Frame(_) => {}
                Incoming::Closed(code, _) => return (code, started.elapsed()),
                Incoming::Gone(e) => panic!("the trickling socket ended without a close frame: {e:?}"),
            }
        }
        (trickle.close_code(WAIT).await.ok(), started.elapsed())
    });
    assert_eq!(silent.close_code(WAIT).await, Ok(1001), "idle close (1001: the client reconnects)");
    assert!(joined.elapsed() >= Duration::from_millis(1400), "closed early: {:?}", joined.elapsed());
    let (code, after) = trickle_task.await.unwrap();
    assert_eq!(code, Some(1001), "a trickled frame is no heartbeat");
    assert!(after < Duration::from_secs(5), "closed only after {after:?}: the partial frame kept it open");
    let mut chatty = chatty_task.await.unwrap().expect("heartbeats keep a socket open");
    let reply = click_reply(&mut chatty, &topic(&other), &jr, "inc", json!({})).await;
    assert_eq!(status(&reply), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_dropped_with_bounded_memory_while_others_get_replies() {
    let _heavy = HEAVY.lock().await;
    let (addr, _stop) = start_gallery().await;
    // A well-behaved client clicking throughout.
    let page = get(addr, "/counter", None).await;
    let mut good = Client::connect(addr, &page).await;
    let (gjr, _) = good.join(&page, "/counter").await;
    let gt = topic(&page);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop_good = stop.clone();
    let good_task = tokio::spawn(async move {
        let (mut n, mut slowest) = (0u64, Duration::ZERO);
        while !stop_good.load(Ordering::Relaxed) {
            let started = Instant::now();
            let r = good.click(&gt, &gjr, "inc", json!({})).await;
            good.reply_to(&r, WAIT).await?;
            slowest = slowest.max(started.elapsed());
            n += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok::<_, String>((n, slowest))
    });

    // The slow reader: a 4 KiB receive buffer, /list joined, then events and rejoins (full
    // renders) pushed without ever reading a reply.
    let list = get(addr, "/list", None).await;
    let mut slow = Client::connect_small_rcvbuf(addr, &list, 4096).await;
    let (mut jr, reply) = slow.join(&list, "/list").await;
    assert_eq!(reply["status"], "ok");
    let t = topic(&list);
    let baseline = rss_bytes();
    let (mut peak, mut sent, mut dropped_after) = (baseline, 0usize, None);
    let pad = "p".repeat(1024);
    let started = Instant::now();
    // Frames until the server drops the socket (90 s at most).
    while started.elapsed() < Duration::from_secs(90) {
        let mut frames = Vec::with_capacity(100);
        for n in sent..sent + 100 {
            if n % 50 == 49 {
                jr = format!("j{n}");
                let payload =
                    json!({"url": format!("http://{addr}/list"), "session": list.session, "params": {"_mounts": 1}});
                frames.push(json!([jr, jr, t, "phx_join", payload]).to_string());
            } else {
                let value = json!({"type": "click", "event": "bump", "value": {"pad": pad}});
                frames.push(json!([jr, format!("e{n}"), t, "event", value]).to_string());
            }
        }
        // The server stops reading a socket it drops, so a send that stalls counts as refused.
        let ok = tokio::time::timeout(WAIT, slow.send_burst(frames)).await.unwrap_or(false);
        peak = peak.max(rss_bytes());
        if !ok {
            dropped_after = Some(sent);
            break;
        }
        sent += 100;
    }
    let grown = peak.saturating_sub(baseline);
    eprintln!(
        "slow reader: {sent} frames sent in {:.1} s, dropped: {}, RSS {} MiB, peak {} MiB",
        started.elapsed().as_secs_f64(),
        dropped_after.is_some(),
        baseline >> 20,
        peak >> 20
    );
    assert!(grown < 64 << 20, "RSS grew by {} MiB", grown >> 20);
    assert!(dropped_after.is_some(), "the slow reader is still connected after {sent} frames");
    stop.store(true, Ordering::Relaxed);
    let (clicks, slowest) = good_task.await.unwrap().expect("the well-behaved client kept getting replies");
    assert!(clicks > 0);
    assert!(slowest < Duration::from_secs(5), "a reply took {slowest:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_and_leave_churn_by_a_client_that_stops_reading_is_bounded_and_dropped() {
    let _heavy = HEAVY.lock().await;
    let (addr, _stop) = start_gallery().await;
    let list = get(addr, "/list", None).await;
    let mut slow = Client::connect_small_rcvbuf(addr, &list, 4096).await;
    let t = topic(&list);
    let payload = json!({"url": format!("http://{addr}/list"), "session": list.session, "params": {"_mounts": 1}});
    let baseline = rss_bytes();
    let (mut peak, mut sent, mut dropped) = (baseline, 0usize, false);
    let started = Instant::now();
    // Join, a few events, leave; again and again, never reading: every view left behind is
    // still sending (or waiting to send) its replies.
    while started.elapsed() < Duration::from_secs(60) {
        let mut frames = Vec::new();
        for n in sent..sent + 20 {
            let jr = format!("j{n}");
            frames.push(json!([jr, jr, t, "phx_join", payload]).to_string());
            for e in 0..3 {
                frames.push(
                    json!([jr, format!("e{n}.{e}"), t, "event", {"type": "click", "event": "bump", "value": {}}])
                        .to_string(),
                );
            }
            frames.push(json!([jr, format!("l{n}"), t, "phx_leave", {}]).to_string());
        }
        let ok = tokio::time::timeout(WAIT, slow.send_burst(frames)).await.unwrap_or(false);
        peak = peak.max(rss_bytes());
        if !ok {
            dropped = true;
            break;
        }
        sent += 20;
    }
    eprintln!(
        "join/leave without reading: {sent} views in {:.1} s, dropped: {dropped}, RSS {} MiB, peak {} MiB",
        started.elapsed().as_secs_f64(),
        baseline >> 20,
        peak >> 20
    );
    assert!(peak - baseline < 64 << 20, "RSS grew by {} MiB", (peak - baseline) >> 20);
    assert!(dropped, "still connected after {sent} join/leave cycles");
}

#[tokio::test]
async fn bytes_queued_for_a_sockets_views_are_bounded() {
    // 64 events of 64 kB in one burst. With room for less than one of them queued the socket is
    // closed (whatever the relative speed of reader and view); with room for all, every one is
    // answered.
    let burst = |jr: &str, t: &str| {
        let pad = "p".repeat(64 * 1024);
        (0..64)
            .map(|i| {
                json!([jr, format!("f{i}"), t, "event", {"type": "click", "event": "bump", "value": {"pad": pad}}])
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    for (queued_bytes, closes) in [(32 * 1024, true), (usize::MAX, false)] {
        let mut limits = Limits::default();
        limits.queued_bytes = queued_bytes;
        let (addr, _stop) = start_router(gallery().limits(limits)).await;
        let page = get(addr, "/list", None).await;
        let mut c = Client::connect(addr, &page).await;
        let (jr, _) = c.join(&page, "/list").await;
        c.send_burst(burst(&jr, &topic(&page))).await;
        if closes {
            assert_eq!(c.close_code(WAIT).await, Ok(1008));
        } else {
            let (_, reply) = c.reply_to("f63", WAIT).await.expect("every event answered");
            assert_eq!(status(&reply), "ok");
        }
    }
}
