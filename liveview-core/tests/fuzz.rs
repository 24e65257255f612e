//! Fuzz targets on the stable toolchain: property tests over everything that reads bytes from
//! the network — the frame decoder (`fuzz_frame_*`), event and form decoding (`fuzz_form_*`),
//! token verification (`fuzz_token_*`) — and over HTML escaping (`fuzz_escape_*`).
//!
//! Each property runs `FUZZ_CASES` cases (default 1,000: a few seconds); with `FUZZ_SECONDS`
//! set it keeps going, in batches of `FUZZ_CASES`, until that many seconds have passed, and
//! prints the number of cases run. A failure is shrunk to a minimal input and its seed saved in
//! `tests/fuzz.proptest-regressions`, so it is retried first next time.
//!
//! ```sh
//! # ten minutes per target (the frame target has 5 properties, form and token 3, escape 1)
//! cargo test --release -p liveview-core --test fuzz --no-run
//! FUZZ_SECONDS=120 cargo test --release -p liveview-core --test fuzz fuzz_frame -- --test-threads 1 --nocapture
//! FUZZ_SECONDS=200 cargo test --release -p liveview-core --test fuzz fuzz_form -- --test-threads 1 --nocapture
//! FUZZ_SECONDS=200 cargo test --release -p liveview-core --test fuzz fuzz_token -- --test-threads 1 --nocapture
//! FUZZ_SECONDS=600 cargo test --release -p liveview-core --test fuzz fuzz_escape -- --test-threads 1 --nocapture
//! ```

use liveview_core::escape::{escape, escape_into};
use liveview_core::form::{self, form_payload, parse_urlencoded};
use liveview_core::token::Signer;
use liveview_core::view::Event;
use liveview_core::wire::{Address, Frame, FrameError, write_push, write_reply};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestError, TestRunner};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Runs `test` on values of `strategy`: `FUZZ_CASES` cases, or batches of `FUZZ_CASES` until
/// `FUZZ_SECONDS` have passed. Panics with the shrunk input on failure (a panic inside `test`
/// is a failure).
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let cases = env("FUZZ_CASES").unwrap_or(1_000).clamp(1, u64::from(u32::MAX));
    let deadline = env("FUZZ_SECONDS").map(Duration::from_secs);
    let run = AtomicU64::new(0);
    let counted = |v: S::Value| {
        run.fetch_add(1, Ordering::Relaxed);
        test(v)
    };
    let start = Instant::now();
    loop {
        // A runner stops after `cases` successes, so each batch gets a fresh one (and seed).
        let config = Config {
            cases: u32::try_from(cases).unwrap_or(u32::MAX),
            failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
            source_file: Some(file!()),
            ..Config::default()
        };
        match TestRunner::new(config).run(&strategy, counted) {
            Ok(()) => {}
            Err(TestError::Fail(why, input)) => panic!("fuzz {name}: {why}\nminimal input: {input:#?}"),
            Err(TestError::Abort(why)) => panic!("fuzz {name}: aborted: {why}"),
        }
        if deadline.is_none_or(|d| start.elapsed() >= d) {
            break;
        }
    }
    eprintln!("fuzz {name}: {} cases in {:.1} s", run.load(Ordering::Relaxed), start.elapsed().as_secs_f64());
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Any JSON value, nested a few levels. Numbers are integers so that text round trips compare
/// equal (float parsing may differ in the last bit without serde_json's `float_roundtrip`).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        "[a-z0-9%&=+\\[\\]]{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((".{0,8}", inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("[a-z_]{0,8}|.{0,6}", json_value()), 0..6).prop_map(|kv| kv.into_iter().collect())
}

/// An edit applied to a text: flip a byte's bits, insert, delete, or cut.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, char),
    Delete(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, x)| Edit::Flip(i, x)),
        (
            any::<usize>(),
            prop_oneof![any::<char>(), prop::sample::select(&b"[]{}\",:.\\0-_aA="[..]).prop_map(char::from)]
        )
            .prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// Applies edits to `text`, keeping it a `String` (a flipped byte that breaks UTF-8 is
/// replaced lossily, as a server would never see it in a text frame anyway).
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for e in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match *e {
            Edit::Flip(i, x) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] ^= x;
            }
            Edit::Insert(i, c) => {
                let i = at(i, bytes.len());
                let mut buf = [0u8; 4];
                bytes.splice(i..i, c.encode_utf8(&mut buf).bytes());
            }
            Edit::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % bytes.len());
            }
            Edit::Truncate(i) => bytes.truncate(at(i, bytes.len())),
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Text that looks like a client frame: a valid one, an arbitrary JSON array, or either edited.
fn frame_like_text() -> impl Strategy<Value = String> {
    let valid = (
        prop::option::of("[0-9]{1,4}"),
        prop::option::of("[0-9]{1,4}"),
        prop_oneof![Just("phoenix".to_owned()), "lv:phx-[A-Za-z0-9]{0,8}", ".{0,10}"],
        prop_oneof![Just("phx_join".to_owned()), Just("event".to_owned()), Just("heartbeat".to_owned()), ".{0,10}"],
        json_object(),
    )
        .prop_map(|(j, r, t, e, p)| json!([j, r, t, e, p]).to_string());
    let any_array = prop::collection::vec(json_value(), 0..8).prop_map(|a| Value::Array(a).to_string());
    (prop_oneof![valid, any_array, json_value().prop_map(|v| v.to_string())], prop::collection::vec(edit(), 0..4))
        .prop_map(|(text, edits)| apply(&text, &edits))
}

// ---------------------------------------------------------------------------------------------
// Frame decoder
// ---------------------------------------------------------------------------------------------

/// The address of a frame as an independent reading of the text: a JSON array whose second
/// element is a string or number ref and whose third is a string topic.
fn readable_address(text: &str) -> Option<Address> {
    let v: Value = serde_json::from_str(text).ok()?;
    let a = v.as_array()?;
    let as_ref = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    Some(Address { join_ref: as_ref(a.first()?), msg_ref: as_ref(a.get(1)?)?, topic: a.get(2)?.as_str()?.to_owned() })
}

fn decode_checked(text: &str) -> Result<(), TestCaseError> {
    let readable = readable_address(text);
    match Frame::decode(text) {
        // A decoded frame with a ref can always be answered: its ref is readable, and the same.
        Ok(f) => {
            prop_assert!(f.payload.is_object());
            if let Some(msg_ref) = f.msg_ref {
                prop_assert_eq!(readable, Some(Address { join_ref: f.join_ref, msg_ref, topic: f.topic }));
            }
        }
        // A frame that does not decode carries exactly the address that can be read from it.
        Err(e) => prop_assert_eq!(e.address().cloned(), readable),
    }
    Ok(())
}

#[test]
fn fuzz_frame_decode_never_panics_on_arbitrary_text() {
    fuzz("frame/text", any::<String>(), |s| decode_checked(&s));
}

#[test]
fn fuzz_frame_decode_never_panics_on_arbitrary_bytes() {
    fuzz("frame/bytes", prop::collection::vec(any::<u8>(), 0..512), |b| decode_checked(&String::from_utf8_lossy(&b)));
}

#[test]
fn fuzz_frame_decode_never_panics_on_frame_like_text() {
    fuzz("frame/structured", frame_like_text(), |s| decode_checked(&s));
}

/// What the V2 serializer accepts: `[ref-ish, ref-ish, string, string, object]`.
fn is_valid_shape(v: &Value) -> bool {
    let ref_ish = |v: &Value| v.is_null() || v.is_string() || v.is_number();
    matches!(v.as_array(), Some(a) if a.len() == 5 && ref_ish(&a[0]) && ref_ish(&a[1]) && a[2].is_string() && a[3].is_string() && a[4].is_object())
}

#[test]
fn fuzz_frame_decode_accepts_exactly_the_v2_shape() {
    let arrays = prop_oneof![
        prop::collection::vec(json_value(), 0..8).prop_map(Value::Array),
        (json_value(), json_value(), json_value(), json_value(), json_value())
            .prop_map(|(a, b, c, d, e)| json!([a, b, c, d, e])),
        json_value(),
    ];
    fuzz("frame/shape", arrays, |v| {
        let text = v.to_string();
        let decoded = Frame::decode(&text);
        prop_assert_eq!(decoded.is_ok(), is_valid_shape(&v), "{}", text);
        if let Ok(f) = decoded {
            prop_assert_eq!(&Value::String(f.topic), &v[2]);
            prop_assert_eq!(&Value::String(f.event), &v[3]);
            prop_assert_eq!(&f.payload, &v[4]);
        }
        Ok(())
    });
}

#[test]
fn fuzz_frame_valid_frames_round_trip_through_the_writers() {
    let frame =
        (prop::option::of(".{0,8}"), prop::option::of(".{0,8}"), ".{0,16}", ".{0,16}", json_object(), any::<bool>());
    fuzz("frame/roundtrip", frame, |(join_ref, msg_ref, topic, event, payload, ok)| {
        let payload = Value::Object(payload);
        let encoded = payload.to_string();
        let mut out = String::new();
        write_push(&mut out, join_ref.as_deref(), msg_ref.as_deref(), &topic, &event, &encoded);
        let f = Frame::decode(&out).map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        prop_assert_eq!(
            f,
            Frame {
                join_ref: join_ref.clone(),
                msg_ref: msg_ref.clone(),
                topic: topic.clone(),
                event,
                payload: payload.clone()
            }
        );
        out.clear();
        write_reply(&mut out, join_ref.as_deref(), msg_ref.as_deref(), &topic, ok, &encoded);
        let f = Frame::decode(&out).map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        prop_assert_eq!(f.event.as_str(), "phx_reply");
        prop_assert_eq!(&f.topic, &topic);
        prop_assert_eq!((f.join_ref, f.msg_ref), (join_ref, msg_ref));
        prop_assert_eq!(&f.payload, &json!({"status": if ok { "ok" } else { "error" }, "response": payload}));
        Ok(())
    });
}

#[test]
fn deeply_nested_frames_are_refused_without_overflowing_the_stack() {
    for depth in [100, 1_000, 100_000, 1_000_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let text = format!("{}{}", open.repeat(depth), close.repeat(depth));
            assert!(Frame::decode(&text).is_err(), "depth {depth}");
            assert!(Frame::decode(&text).unwrap_err().address().is_none());
            let inside = format!("[null,\"1\",\"t\",\"e\",{{\"v\":{}}}]", "[".repeat(depth));
            assert!(Frame::decode(&inside).is_err());
            assert!(
                matches!(Frame::decode(&inside), Err(e @ FrameError::Json(_)) if e.address().is_none()),
                "a frame that is not JSON has no readable ref"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Event and form decoding
// ---------------------------------------------------------------------------------------------

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct User {
    name: String,
    age: u32,
    #[serde(default)]
    newsletter: bool,
    #[serde(default)]
    tags: Vec<String>,
    score: Option<f64>,
    role: Option<Role>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct Signup {
    user: User,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Role {
    Admin,
    Member(String),
    Guest { until: u64 },
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    id: i64,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Loose {
    Num { n: i32 },
    Text { t: String },
}

/// Decodes `event` into every target type; none may panic.
fn decode_all(event: &Event) {
    let _ = event.decode::<Signup>();
    let _ = event.decode::<User>();
    let _ = event.decode::<HashMap<String, String>>();
    let _ = event.decode::<HashMap<String, Value>>();
    let _ = event.decode::<Vec<i64>>();
    let _ = event.decode::<(u8, String, bool)>();
    let _ = event.decode::<Option<i64>>();
    let _ = event.decode::<Value>();
    let _ = event.decode::<Role>();
    let _ = event.decode::<Strict>();
    let _ = event.decode::<Loose>();
    let _ = event.decode::<bool>();
    let _ = event.decode::<char>();
    let _ = event.decode::<f32>();
    let _ = event.decode::<u128>();
    let _ = event.decode::<()>();
    let _ = event.decode::<Vec<Vec<HashMap<String, u16>>>>();
}

/// Url-encoded text: field names with brackets, escapes good and bad, separators.
fn urlencoded_like() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        "[a-z]{1,6}",
        Just("[]".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("][".to_owned()),
        Just("=".to_owned()),
        Just("&".to_owned()),
        Just("+".to_owned()),
        "%[0-9A-Fa-f]{2}",
        "%[0-9A-Za-z%]{0,2}",
        Just("%C3%A9".to_owned()),
        Just("%FF".to_owned()),
        Just("%zz".to_owned()),
        Just("user%5Bname%5D=".to_owned()),
        Just("_unused_".to_owned()),
        "[0-9]{1,3}",
        ".{0,3}",
    ];
    prop::collection::vec(atom, 0..40).prop_map(|parts| parts.concat())
}

#[test]
fn fuzz_form_parse_urlencoded_never_panics() {
    let input = prop_oneof![urlencoded_like(), any::<String>()];
    fuzz("form/urlencoded", input, |s| {
        match parse_urlencoded(&s) {
            // A parsed form is always a map; decoding it into anything must not panic.
            Ok(p) => {
                prop_assert!(p.as_map().is_some());
                let _ = form::decode::<Signup>(&p);
                let _ = form::decode::<HashMap<String, Value>>(&p);
                let _ = form::decode::<Vec<String>>(&p);
                let _ = form::is_unused(&p, &s);
            }
            Err(e) => {
                // Errors quote at most a bounded part of the input.
                prop_assert!(e.to_string().len() < 512, "{}", e);
            }
        }
        let _ = form::target_path(&s);
        Ok(())
    });
}

#[test]
fn fuzz_form_payload_and_form_event_never_panic() {
    let meta = prop_oneof![Just(None), json_value().prop_map(Some), json_object().prop_map(|m| Some(Value::Object(m)))];
    fuzz("form/payload", (urlencoded_like(), meta), |(value, meta)| {
        if let Ok(p) = form_payload(&value, meta.as_ref()) {
            let _ = form::decode::<Signup>(&p);
            let _ = form::decode::<HashMap<String, Value>>(&p);
        }
        if let Ok(ev) = form::FormEvent::parse(&value, meta.as_ref()) {
            let _ = ev.target_value();
            let _ = ev.decode::<Signup>();
            let _ = ev.is_unused("user[name]");
        }
        Ok(())
    });
}

#[test]
fn fuzz_form_event_decode_never_panics() {
    let kind = prop_oneof![
        Just("form".to_owned()),
        Just("click".to_owned()),
        Just("hook".to_owned()),
        Just("keyup".to_owned()),
        ".{0,6}"
    ];
    let value = prop_oneof![urlencoded_like().prop_map(Value::String), json_value()];
    let meta = prop::option::of(json_value());
    fuzz("event/decode", (".{0,8}", kind, value, meta), |(name, kind, value, meta)| {
        decode_all(&Event { name, kind, value, meta, cid: None });
        Ok(())
    });
}

#[test]
fn bad_escapes_and_deep_names_are_errors_not_panics() {
    for bad in ["a=%zz", "a=%FF", "%zz=1", "a=%", "a=%4", "a=%C3", "a[%FF]=1"] {
        assert!(parse_urlencoded(bad).is_err(), "{bad}");
    }
    let deep = format!("a{}=1", "[b]".repeat(10_000));
    assert!(parse_urlencoded(&deep).is_err());
    let many = "a=1&".repeat(form::MAX_FIELDS + 1);
    assert!(parse_urlencoded(&many).is_err());
    // Deep JSON values (as deep as serde_json parses) convert without overflowing the stack.
    let nested: Value = serde_json::from_str(&format!("{}1{}", "[".repeat(120), "]".repeat(120))).unwrap();
    let ev = Event { name: "e".into(), kind: "click".into(), value: nested, meta: None, cid: None };
    decode_all(&ev);
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

const KEY: &[u8] = b"fuzz-secret-fuzz-secret-fuzz-secret-0123456789";
const OTHER_KEY: &[u8] = b"another-secret-another-secret-another-secret";

#[test]
fn fuzz_token_verify_never_panics_and_refuses_junk() {
    let signer = Signer::new([KEY]);
    let junk = prop_oneof![
        any::<String>(),
        ("[A-Za-z0-9_-]{0,80}", "[A-Za-z0-9_-]{0,50}").prop_map(|(a, b)| format!("{a}.{b}")),
        "[A-Za-z0-9_.=+/-]{0,120}",
    ];
    fuzz("token/junk", junk, |t| {
        for purpose in ["session", "static", "flash", ""] {
            prop_assert!(signer.verify(purpose, &t, u64::MAX).is_err(), "accepted {:?}", t);
        }
        Ok(())
    });
}

#[test]
fn fuzz_token_verify_refuses_every_mutation() {
    let signer = Signer::new([KEY]);
    let rotated = Signer::new([OTHER_KEY, KEY]);
    let foreign = Signer::new([OTHER_KEY]);
    let input = (
        prop_oneof![Just("session".to_owned()), Just("flash".to_owned()), "[a-z]{0,8}"],
        json_value(),
        prop::collection::vec(edit(), 1..4),
    );
    fuzz("token/mutation", input, |(purpose, data, edits)| {
        let token = signer.sign(&purpose, &data);
        prop_assert_eq!(signer.verify(&purpose, &token, 60).ok(), Some(data.clone()));
        prop_assert_eq!(rotated.verify(&purpose, &token, 60).ok(), Some(data.clone()));
        prop_assert!(foreign.verify(&purpose, &token, 60).is_err());
        let other_purpose = format!("{purpose}x");
        prop_assert!(signer.verify(&other_purpose, &token, 60).is_err());
        let mutated = apply(&token, &edits);
        if mutated != token {
            prop_assert!(signer.verify(&purpose, &mutated, u64::MAX).is_err(), "accepted {:?}", mutated);
            prop_assert!(rotated.verify(&purpose, &mutated, u64::MAX).is_err(), "accepted {:?}", mutated);
        }
        Ok(())
    });
}

#[test]
fn fuzz_token_expiry_is_enforced() {
    let signer = Signer::new([KEY]);
    let input = (0u64..1u64 << 40, 0u64..1u64 << 40, 0u64..1u64 << 41);
    fuzz("token/expiry", input, |(signed_at, max_age, now)| {
        let token = signer.sign_at("session", &json!({"id": "x"}), signed_at);
        let fresh = now >= signed_at && now - signed_at <= max_age || signed_at > now && signed_at - now <= 60;
        prop_assert_eq!(signer.verify_at("session", &token, max_age, now).is_ok(), fresh);
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

const ENTITIES: [(&str, char); 5] = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\'')];

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (entity, c) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e))?;
        out.push(*c);
        rest = &rest[entity.len()..];
    }
    out.push_str(rest);
    Some(out)
}

#[test]
fn fuzz_escape_output_is_inert_and_reversible() {
    let text = prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(
                    &["&", "<", ">", "\"", "'", "&amp;", "&lt;", "&#39;", "&#x27;", "<script>", "é", "🌍", "\0"][..]
                )
                .prop_map(str::to_owned),
                ".{0,4}",
            ],
            0..24
        )
        .prop_map(|p| p.concat()),
    ];
    fuzz("escape", (text, ".{0,4}"), |(text, prefix)| {
        let escaped = escape(&text);
        prop_assert!(!escaped.contains(['<', '>', '"', '\'']), "{:?}", escaped);
        for (i, _) in escaped.match_indices('&') {
            prop_assert!(ENTITIES.iter().any(|(e, _)| escaped[i..].starts_with(e)), "bare & in {:?}", escaped);
        }
        let restored = unescape(&escaped);
        prop_assert_eq!(restored.as_deref(), Some(text.as_str()));
        let mut out = prefix.clone();
        escape_into(&mut out, &text);
        prop_assert_eq!(out, format!("{prefix}{escaped}"));
        Ok(())
    });
}
