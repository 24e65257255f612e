//! Protocol integration tests: a real websocket client against the example gallery served on
//! `127.0.0.1:0`, speaking Phoenix channels V2 exactly as the JS client does.

mod support;

use liveview_core::client::ClientTree;
use serde_json::{Value, json};
use std::time::Duration;
use support::{Client, get, start_gallery};

fn reply_status(f: &Value) -> &str {
    f[4]["status"].as_str().unwrap_or("")
}

#[tokio::test]
async fn dead_render_has_container_tokens_csrf_and_client_assets() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    assert_eq!(page.status, 200);
    assert!(page.view_id.starts_with("phx-"), "{}", page.body);
    assert!(!page.session.is_empty() && !page.static_token.is_empty());
    assert!(page.body.contains("data-phx-main"));
    assert!(page.body.contains("<meta name=\"csrf-token\""));
    assert!(page.body.contains("\"phoenix_live_view\":\"/assets/phoenix_live_view.esm.js\""));
    assert!(page.body.contains("<span id=\"count\">0</span>"));
    assert!(!page.cookie.is_empty(), "a CSRF cookie is set");
    let js = get(addr, "/assets/phoenix_live_view.esm.js", None).await;
    assert_eq!(js.status, 200);
    assert!(js.headers.iter().any(|(k, v)| k == "content-type" && v.starts_with("text/javascript")));
    assert!(js.body.contains("LiveSocket"));
    assert_eq!(get(addr, "/no/such/page", None).await.status, 404);
}

#[tokio::test]
async fn join_click_heartbeat_and_leave() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (jr, reply) = c.join(&page, "/counter").await;
    assert_eq!(reply["status"], "ok");
    assert_eq!(reply["response"]["liveview_version"], "1.2.12");
    let rendered = reply["response"]["rendered"].clone();
    assert!(rendered["s"].is_array());
    let (mut tree, _) = ClientTree::from_join(rendered).unwrap();
    assert!(tree.to_html().unwrap().contains("<span id=\"count\">0</span>"));

    let r = c.click(&topic, &jr, "inc", json!({"value": ""})).await;
    let (before, reply) = c.until_reply(&r).await;
    assert!(before.is_empty());
    assert_eq!(reply[0], json!(jr));
    assert_eq!(reply[1], json!(r));
    assert_eq!(reply_status(&reply), "ok");
    tree.apply_diff(reply[4]["response"]["diff"].clone()).unwrap();
    assert!(tree.to_html().unwrap().contains("<span id=\"count\">1</span>"));
    // The one-slot change is all that travels.
    assert!(reply.to_string().len() < 100, "{reply}");

    let hb = c.next_ref();
    c.send(json!([null, hb, "phoenix", "heartbeat", {}])).await;
    assert_eq!(c.recv().await, json!([null, hb, "phoenix", "phx_reply", {"status": "ok", "response": {}}]));

    let leave = c.next_ref();
    c.send(json!([jr, leave, topic, "phx_leave", {}])).await;
    let f = c.recv().await;
    assert_eq!((f[1].clone(), reply_status(&f)), (json!(leave), "ok"));
    // Then, as Phoenix's channel exits, `phx_close` with the join ref as its ref.
    assert_eq!(c.recv().await, json!([jr, jr, topic, "phx_close", {}]));
    // After leaving, the topic is unknown.
    let r = c.click(&topic, &jr, "inc", json!({})).await;
    let (_, reply) = c.until_reply(&r).await;
    assert_eq!(reply[4], json!({"status": "error", "response": {"reason": "unmatched topic"}}));
}

#[tokio::test]
async fn leave_of_unknown_topic_is_ok_and_events_for_unknown_topics_are_errors() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    let mut c = Client::connect(addr, &page).await;
    let r = c.next_ref();
    c.send(json!(["1", r, "lv:phx-nobody", "phx_leave", {}])).await;
    assert_eq!(reply_status(&c.recv().await), "ok");
    let r = c.click("lv:phx-nobody", "1", "inc", json!({})).await;
    let f = c.recv().await;
    assert_eq!(f[1], json!(r));
    assert_eq!(f[4]["response"]["reason"], "unmatched topic");
}

#[tokio::test]
async fn two_views_share_one_socket() {
    let (addr, _stop) = start_gallery().await;
    let a = get(addr, "/counter", None).await;
    let b = get(addr, "/counter", Some(&a.cookie)).await;
    let mut c = Client::connect(addr, &a).await;
    let (ja, _) = c.join(&a, "/counter").await;
    let (jb, _) = c.join(&b, "/counter").await;
    let (ta, tb) = (format!("lv:{}", a.view_id), format!("lv:{}", b.view_id));
    for _ in 0..3 {
        let r = c.click(&ta, &ja, "inc", json!({})).await;
        c.until_reply(&r).await;
    }
    let r = c.click(&tb, &jb, "dec", json!({})).await;
    let (_, reply) = c.until_reply(&r).await;
    assert!(reply[4]["response"]["diff"].to_string().contains("-1"), "b counts alone: {reply}");
}

#[tokio::test]
async fn bad_tokens_and_wrong_csrf_get_stale() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    // Tampered session token.
    let mut c = Client::connect(addr, &page).await;
    let mut bad = page.clone();
    // Change one character of the signature (to a different one: never a no-op).
    let last = page.session.chars().last().unwrap();
    bad.session = format!("{}{}", &page.session[..page.session.len() - 1], if last == 'A' { 'B' } else { 'A' });
    let (_, reply) = c.join(&bad, "/counter").await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "stale"}}));
    // Garbage session token.
    bad.session = "garbage".into();
    let (_, reply) = c.join(&bad, "/counter").await;
    assert_eq!(reply["response"]["reason"], "stale");
    // Wrong CSRF token: the socket connects, every join is stale.
    let mut c = Client::connect_with(addr, "not-the-token", &page.cookie).await;
    let (_, reply) = c.join(&page, "/counter").await;
    assert_eq!(reply["response"]["reason"], "stale");
    // No cookie at all.
    let mut c = Client::connect_with(addr, &page.csrf, "").await;
    let (_, reply) = c.join(&page, "/counter").await;
    assert_eq!(reply["response"]["reason"], "stale");
}

#[tokio::test]
async fn stale_join_refs_are_ignored_and_a_rejoin_replaces_the_view() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (old_jr, _) = c.join(&page, "/counter").await;
    let (new_jr, _) = c.join(&page, "/counter").await;
    // The replaced instance is closed.
    // (phx_close for the old join ref arrives before the new join reply; drain anything left.)
    let r = c.click(&topic, &old_jr, "inc", json!({})).await;
    let stale = c.try_recv(Duration::from_millis(300)).await;
    assert!(stale.is_none_or(|f| f[1] != json!(r)), "a message with an old join_ref gets no reply");
    let r = c.click(&topic, &new_jr, "inc", json!({})).await;
    let (_, reply) = c.until_reply(&r).await;
    assert_eq!(reply[0], json!(new_jr));
    assert!(reply[4]["response"]["diff"].to_string().contains("\"1\""), "{reply}");
}

#[tokio::test]
async fn push_patch_sends_live_patch_before_the_reply_with_handle_params_changes() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/push", None).await;
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (jr, reply) = c.join(&page, "/push").await;
    let (mut tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).unwrap();
    let r = c.click(&topic, &jr, "patch", json!({"value": ""})).await;
    let (before, reply) = c.until_reply(&r).await;
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0], json!([jr, null, topic, "live_patch", {"to": "/push?bar=baz", "kind": "push"}]));
    tree.apply_diff(reply[4]["response"]["diff"].clone()).unwrap();
    assert!(tree.to_html().unwrap().contains("<span id=\"params\">bar=baz</span>"));
    // A client-side patch (back button) runs handle_params without a live_patch push.
    let r = c.next_ref();
    c.send(json!([jr, r, topic, "live_patch", {"url": format!("http://{addr}/push")}])).await;
    let (before, reply) = c.until_reply(&r).await;
    assert!(before.is_empty());
    tree.apply_diff(reply[4]["response"]["diff"].clone()).unwrap();
    assert!(tree.to_html().unwrap().contains("<span id=\"params\"></span>"));
}

#[tokio::test]
async fn push_redirect_closes_the_view_and_a_navigation_join_mounts_the_target() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/push", None).await;
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (jr, _) = c.join(&page, "/push").await;
    let r = c.click(&topic, &jr, "flash-redirect", json!({})).await;
    let (_, reply) = c.until_reply(&r).await;
    let lr = &reply[4]["response"]["live_redirect"];
    assert_eq!(lr["to"], "/counter");
    assert_eq!(lr["kind"], "push");
    let flash = lr["flash"].as_str().expect("flash token").to_owned();
    assert_eq!(c.recv().await, json!([jr, jr, topic, "phx_close", {}]));
    let leave = c.next_ref();
    c.send(json!([jr, leave, topic, "phx_leave", {}])).await;
    assert_eq!(reply_status(&c.recv().await), "ok");
    let (jr2, reply) =
        c.join_topic(&topic, &page, json!({"redirect": format!("http://{addr}/counter"), "flash": flash})).await;
    assert_ne!(jr2, jr);
    assert_eq!(reply["status"], "ok", "{reply}");
    let (mut tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).unwrap();
    let html = tree.to_html().unwrap();
    assert!(html.contains("<span id=\"count\">0</span>"), "{html}");
    assert!(html.contains("Hello from /push"), "flash carried across: {html}");
}

#[tokio::test]
async fn a_panicking_view_crashes_alone_and_can_rejoin() {
    let (addr, _stop) = start_gallery().await;
    let push = get(addr, "/push", None).await;
    let counter = get(addr, "/counter", Some(&push.cookie)).await;
    let mut c = Client::connect(addr, &push).await;
    let (tp, tc) = (format!("lv:{}", push.view_id), format!("lv:{}", counter.view_id));
    let (jp, _) = c.join(&push, "/push").await;
    let (jc, _) = c.join(&counter, "/counter").await;
    c.click(&tp, &jp, "crash", json!({})).await;
    let f = c.recv().await;
    assert_eq!(f, json!([jp, jp, tp, "phx_error", {"reason": "channel_crash"}]));
    // The other view on the same socket is untouched.
    let r = c.click(&tc, &jc, "inc", json!({})).await;
    let (_, reply) = c.until_reply(&r).await;
    assert_eq!(reply_status(&reply), "ok");
    assert!(reply[4]["response"]["diff"].to_string().contains("\"1\""));
    // The crashed view rejoins and mounts afresh.
    let (_, reply) = c.join_topic(&tp, &push, json!({"url": format!("http://{addr}/push")})).await;
    assert_eq!(reply["status"], "ok");
}

#[tokio::test]
async fn a_burst_of_1000_events_is_answered_in_order() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (jr, reply) = c.join(&page, "/counter").await;
    let (mut tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).unwrap();
    let mut refs = Vec::new();
    for _ in 0..1000 {
        refs.push(c.click(&topic, &jr, "inc", json!({})).await);
    }
    for r in refs {
        let f = c.recv().await;
        assert_eq!(f[1], json!(r), "replies come back in order");
        tree.apply_diff(f[4]["response"]["diff"].clone()).unwrap();
    }
    assert!(tree.to_html().unwrap().contains("<span id=\"count\">1000</span>"));
}

#[tokio::test]
async fn malformed_frames_get_error_replies_and_the_socket_keeps_working() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (jr, _) = c.join(&page, "/counter").await;
    // A frame whose ref is readable gets an error reply; the socket stays up. (Unreadable
    // frames close the socket with 1007: see tests/reliability.rs.)
    c.send_raw(r#"["1","77","lv:x","event",7]"#).await;
    let f = c.recv().await;
    assert_eq!(f[1], json!("77"));
    assert_eq!(f[4]["status"], "error");
    c.send(json!([jr, "78", topic, "event", {"value": {}}])).await;
    let f = c.recv().await;
    assert_eq!((f[1].clone(), reply_status(&f)), (json!("78"), "error"));
    let r = c.click(&topic, &jr, "inc", json!({})).await;
    let (_, reply) = c.until_reply(&r).await;
    assert_eq!(reply_status(&reply), "ok");
}

/// Reads one server frame off a raw socket: (FIN, opcode, payload). Server frames are unmasked.
async fn read_raw_frame(s: &mut tokio::net::TcpStream) -> (bool, u8, Vec<u8>) {
    use tokio::io::AsyncReadExt;
    let mut head = [0u8; 2];
    s.read_exact(&mut head).await.unwrap();
    let len = match head[1] & 0x7f {
        126 => u64::from(s.read_u16().await.unwrap()),
        127 => s.read_u64().await.unwrap(),
        n => u64::from(n),
    };
    let mut payload = vec![0; len as usize];
    s.read_exact(&mut payload).await.unwrap();
    (head[0] & 0x80 != 0, head[0] & 0x0f, payload)
}

#[tokio::test]
async fn a_large_reply_goes_out_as_one_frame_with_an_extended_length() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/list", None).await;
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let upgrade = format!(
        "GET /live/websocket?_csrf_token={}&vsn=2.0.0 HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
         Cookie: {}\r\n\r\n",
        page.csrf, page.cookie
    );
    s.write_all(upgrade.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(s.read_u8().await.unwrap());
    }
    assert!(head.starts_with(b"HTTP/1.1 101"), "{}", String::from_utf8_lossy(&head));
    let join = json!(["1", "1", format!("lv:{}", page.view_id), "phx_join", {
        "url": format!("http://{addr}/list"), "params": {"_csrf_token": page.csrf, "_mounts": 0},
        "session": page.session, "static": page.static_token,
    }]);
    s.write_all(&support::client_frame(0x81, join.to_string().as_bytes(), true, None)).await.unwrap();

    let mut frames = Vec::new();
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), read_raw_frame(&mut s)).await.expect("a frame");
        let fin = frame.0;
        frames.push(frame);
        if fin {
            break;
        }
    }
    // The server's write buffer lives while it writes only, so a long message needs no
    // fragments (they once kept tungstenite's per-socket buffer small).
    let shape: Vec<(bool, u8, usize)> = frames.iter().map(|(f, op, p)| (*f, *op, p.len())).collect();
    assert_eq!(frames.len(), 1, "one frame: {shape:?}");
    assert_eq!(frames[0].1, 1, "a text frame: {shape:?}");
    assert!(frames[0].2.len() > 125, "long enough for an extended length: {shape:?}");
    let whole: Vec<u8> = frames.into_iter().flat_map(|f| f.2).collect();
    let reply: Value = serde_json::from_slice(&whole).expect("the frame holds one JSON message");
    assert_eq!(reply_status(&reply), "ok", "{reply}");
    assert!(reply[4]["response"]["rendered"].is_object(), "{reply}");
}

#[tokio::test]
async fn a_bad_route_pattern_or_short_secret_is_an_error_from_bind_not_a_panic() {
    use liveview::{ConfigError, LiveRouter, Server, ServerError};
    use liveview_examples::counter::Counter;
    let secret = "s".repeat(40);
    let bad_route = LiveRouter::new().secret(&secret).live::<Counter>("counter");
    let err = Server::bind("127.0.0.1:0", bad_route).await.expect_err("a pattern without '/' must not serve");
    assert!(matches!(&err, ServerError::Config(ConfigError::Route(_))), "{err:?}");
    assert!(err.to_string().contains(r#"route "counter" must start with '/'"#), "{err}");

    let short = LiveRouter::new().secret("too short").live::<Counter>("/counter");
    let err = Server::bind("127.0.0.1:0", short).await.expect_err("a 9-byte secret must not serve");
    assert!(matches!(&err, ServerError::Config(ConfigError::Secret(_))), "{err:?}");
    assert!(err.to_string().contains("LIVEVIEW_SECRET"), "the error says what to set: {err}");

    let ok = LiveRouter::new().secret(&secret).live::<Counter>("/counter");
    assert!(Server::bind("127.0.0.1:0", ok).await.is_ok());
}

/// The comprehension carrying a `"stream"` entry, wherever it sits in a rendered tree or diff.
fn find_stream(v: &Value) -> Option<&Value> {
    let obj = v.as_object()?;
    if obj.contains_key("stream") {
        return Some(v);
    }
    obj.values().find_map(find_stream)
}

fn feed_ids(n: std::ops::RangeInclusive<u64>) -> Vec<String> {
    n.map(|i| format!("items-{i}")).collect()
}

#[tokio::test]
async fn feed_stream_frames_for_join_insert_limit_update_delete_and_reset() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/feed", None).await;
    // The dead render shows the mount's items.
    assert_eq!(page.body.matches("<li id=\"items-").count(), 20, "{}", page.body);
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (jr, reply) = c.join(&page, "/feed").await;
    let join = find_stream(&reply["response"]["rendered"]).expect("the join carries the stream").clone();
    assert!(join["s"].is_array(), "statics on the first render: {join}");
    assert_eq!(join["k"]["kc"], 20);
    let stream_ref = join["stream"][0].clone();
    assert!(stream_ref.is_string(), "{join}");
    let inserts: Vec<Value> = feed_ids(1..=20).into_iter().map(|id| json!([id, -1, null, false])).collect();
    assert_eq!(join["stream"], json!([stream_ref, inserts, []]), "no reset flag: {join}");

    let event = async |c: &mut Client, name: &str, value: Value| {
        let r = c.click(&topic, &jr, name, value).await;
        let (_, reply) = c.until_reply(&r).await;
        assert_eq!(reply_status(&reply), "ok", "{reply}");
        reply[4]["response"].get("diff").cloned()
    };

    let diff = event(&mut c, "prepend", json!({})).await.expect("a diff");
    let s = find_stream(&diff).unwrap();
    assert!(s.get("s").is_none(), "statics are cached: {s}");
    assert_eq!(s["k"]["kc"], 1, "exactly the inserted item: {s}");
    assert_eq!(s["k"]["0"].to_string().matches("items-21").count(), 2, "its id and its delete button: {s}");
    assert_eq!(s["stream"], json!([stream_ref, [["items-21", 0, 50, false]], []]));

    let diff = event(&mut c, "append", json!({})).await.unwrap();
    assert_eq!(find_stream(&diff).unwrap()["stream"], json!([stream_ref, [["items-22", -1, null, false]], []]));

    let diff = event(&mut c, "edit-first", json!({})).await.unwrap();
    let s = find_stream(&diff).unwrap();
    assert_eq!(s["stream"], json!([stream_ref, [["items-21", -1, null, true]], []]));
    assert!(s["k"]["0"].to_string().contains("edited 21"), "{s}");

    let diff = event(&mut c, "delete", json!({"id": "5"})).await.unwrap();
    assert_eq!(find_stream(&diff).unwrap(), &json!({"k": {"kc": 0}, "stream": [stream_ref, [], ["items-5"]]}));

    let diff = event(&mut c, "reset", json!({})).await.unwrap();
    let s = find_stream(&diff).unwrap();
    let inserts: Vec<Value> = feed_ids(23..=27).into_iter().map(|id| json!([id, -1, null, false])).collect();
    assert_eq!(s["stream"], json!([stream_ref, inserts, [], true]));
    assert_eq!(s["k"]["kc"], 5);

    // A malformed id is logged and acknowledged; the view goes on.
    assert_eq!(event(&mut c, "delete", json!({"id": "not-a-number"})).await, None);
    // An id that is not shown: the server cannot know, the client ignores the delete.
    let diff = event(&mut c, "delete", json!({"id": "999"})).await.unwrap();
    assert_eq!(find_stream(&diff).unwrap()["stream"], json!([stream_ref, [], ["items-999"]]));
    let diff = event(&mut c, "prepend", json!({})).await.unwrap();
    assert_eq!(find_stream(&diff).unwrap()["stream"][1], json!([["items-28", 0, 50, false]]));
}

#[tokio::test]
async fn feed_rejoin_inserts_the_mounts_items_again() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/feed", None).await;
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (jr, _) = c.join(&page, "/feed").await;
    for _ in 0..3 {
        let r = c.click(&topic, &jr, "prepend", json!({})).await;
        c.until_reply(&r).await;
    }
    // A rejoin mounts afresh: the client empties the container, the join fills it again.
    let (_, reply) = c.rejoin(&page, "/feed").await;
    let rendered = reply["response"]["rendered"].clone();
    let s = find_stream(&rendered).unwrap();
    let ids: Vec<&str> = s["stream"][1].as_array().unwrap().iter().map(|i| i[0].as_str().unwrap()).collect();
    assert_eq!(ids, feed_ids(1..=20));
    let (mut tree, _) = ClientTree::from_join(rendered).unwrap();
    let html = tree.to_html().unwrap();
    assert_eq!(html.matches("<li id=\"items-").count(), 20, "no duplicates: {html}");
}

// --- live components (/components) ---------------------------------------------------------

/// The card template's slots: 0-2 the ids of the div, span and button, 3 the count, 4 the
/// button's `phx-target`.
///
/// Sends `event` (a click) targeted at component `cid` (or the view) and returns its ref.
async fn click_cid(c: &mut Client, topic: &str, jr: &str, event: &str, cid: Option<u32>) -> String {
    let r = c.next_ref();
    let payload = json!({"type": "click", "event": event, "value": {"value": ""}, "cid": cid});
    c.send(json!([jr, r, topic, "event", payload])).await;
    r
}

async fn components_joined() -> (Client, String, String, ClientTree, tokio_util::sync::CancellationToken) {
    let (addr, stop) = start_gallery().await;
    let page = get(addr, "/components", None).await;
    assert!(page.body.contains("<span id=\"card-2-count\">0</span>"), "the dead render shows the cards");
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (jr, reply) = c.join(&page, "/components").await;
    let rendered = reply["response"]["rendered"].clone();
    let comps = rendered["c"].as_object().unwrap();
    assert_eq!(comps.keys().collect::<Vec<_>>(), ["1", "2", "3"], "cids from 1");
    assert_eq!(rendered["c"]["1"]["r"], 1);
    assert!(rendered["c"]["1"]["s"].is_array());
    // Later instances of the same template in the same diff: `"s": 1`, no statics.
    assert_eq!(rendered["c"]["2"]["s"], 1);
    assert_eq!(rendered["c"]["3"]["s"], 1);
    let (mut tree, _) = ClientTree::from_join(rendered).unwrap();
    tree.show_component_ids();
    assert!(tree.to_html().unwrap().contains("<div data-phx-component=\"2\" id=\"card-2\""));
    (c, topic, jr, tree, stop)
}

#[tokio::test]
async fn components_targeted_event_replies_with_only_that_component_then_the_parent_total() {
    let (mut c, topic, jr, mut tree, _stop) = components_joined().await;
    let r = click_cid(&mut c, &topic, &jr, "inc", Some(2)).await;
    let (before, reply) = c.until_reply(&r).await;
    assert!(before.is_empty());
    let diff = reply[4]["response"]["diff"].clone();
    assert_eq!(diff, json!({"c": {"2": {"3": "1"}}}), "only card 2, only its count");
    tree.apply_diff(diff).unwrap();
    // The card's message to the parent: a diff push with the new total (the cards unchanged).
    let push = c.recv().await;
    assert_eq!(push[3], "diff");
    let html = {
        tree.apply_diff(push[4].clone()).unwrap();
        tree.to_html().unwrap()
    };
    assert!(push[4].get("c").is_none(), "no card changed: {}", push[4]);
    assert!(html.contains("<span id=\"total\">1</span>"), "{html}");
    assert!(html.contains("<span id=\"card-2-count\">1</span>") && html.contains("<span id=\"card-1-count\">0</span>"));
}

#[tokio::test]
async fn components_add_card_sends_a_new_cid_with_statics_by_reference() {
    let (mut c, topic, jr, mut tree, _stop) = components_joined().await;
    let r = click_cid(&mut c, &topic, &jr, "add", None).await;
    let (_, reply) = c.until_reply(&r).await;
    let diff = reply[4]["response"]["diff"].clone();
    let new = &diff["c"]["4"];
    assert_eq!(new["s"], -1, "the statics of cid 1, which the client holds: {diff}");
    assert_eq!(diff["c"].as_object().unwrap().len(), 1, "the other cards are unchanged: {diff}");
    tree.apply_diff(diff).unwrap();
    let html = tree.to_html().unwrap();
    assert!(html.contains("<div data-phx-component=\"4\" id=\"card-4\""), "{html}");
}

/// Sends `cids_will_destroy` / `cids_destroyed` with `payload`; returns the ok reply's response.
async fn cids_call(c: &mut Client, topic: &str, jr: &str, event: &str, payload: Value) -> Value {
    let r = c.next_ref();
    c.send(json!([jr, r, topic, event, payload])).await;
    let (_, reply) = c.until_reply(&r).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    reply[4]["response"].clone()
}

#[tokio::test]
async fn components_destroy_protocol_frees_the_state_and_unknown_cids_get_an_empty_reply() {
    let (mut c, topic, jr, _tree, _stop) = components_joined().await;
    let r = click_cid(&mut c, &topic, &jr, "remove", None).await;
    c.until_reply(&r).await;
    // Removed from the page but not yet freed: the instance still answers.
    let r = click_cid(&mut c, &topic, &jr, "inc", Some(3)).await;
    let (_, reply) = c.until_reply(&r).await;
    assert_eq!(reply[4]["response"]["diff"], json!({"c": {"3": {"3": "1"}}}));
    // (The parent no longer lists card 3: its message changes nothing, so no diff is pushed.)
    assert_eq!(cids_call(&mut c, &topic, &jr, "cids_will_destroy", json!({"cids": [3]})).await, json!({}));
    assert_eq!(cids_call(&mut c, &topic, &jr, "cids_destroyed", json!({"cids": [3, 99]})).await, json!({"cids": [3]}));
    // Freed: an event for it, or for a cid that never existed, gets an empty ok reply.
    for cid in [3, 99] {
        let r = click_cid(&mut c, &topic, &jr, "inc", Some(cid)).await;
        let (_, reply) = c.until_reply(&r).await;
        assert_eq!(reply[4], json!({"status": "ok", "response": {}}), "cid {cid}");
    }
    // Malformed payloads: acknowledged, nothing freed.
    assert_eq!(cids_call(&mut c, &topic, &jr, "cids_will_destroy", json!({"cids": "all"})).await, json!({}));
    assert_eq!(
        cids_call(&mut c, &topic, &jr, "cids_destroyed", json!({"cids": [-1, "2", 1.5]})).await,
        json!({"cids": []})
    );
    // The view goes on: re-adding card 3 mounts a new instance with a new cid.
    let r = click_cid(&mut c, &topic, &jr, "add", None).await;
    let (_, reply) = c.until_reply(&r).await;
    let diff = &reply[4]["response"]["diff"];
    assert_eq!(diff["c"].as_object().unwrap().keys().collect::<Vec<_>>(), ["4"], "{diff}");
    assert_eq!(diff["c"]["4"]["3"], "0", "fresh state: {diff}");
}

#[tokio::test]
async fn components_reset_all_sends_updates_to_every_card() {
    let (mut c, topic, jr, mut tree, _stop) = components_joined().await;
    for cid in [1, 3, 3] {
        let r = click_cid(&mut c, &topic, &jr, "inc", Some(cid)).await;
        let (_, reply) = c.until_reply(&r).await;
        tree.apply_diff(reply[4]["response"]["diff"].clone()).unwrap();
        let push = c.recv().await;
        tree.apply_diff(push[4].clone()).unwrap();
    }
    assert!(tree.to_html().unwrap().contains("<span id=\"total\">3</span>"));
    let r = click_cid(&mut c, &topic, &jr, "reset-all", None).await;
    let (_, reply) = c.until_reply(&r).await;
    let diff = reply[4]["response"]["diff"].clone();
    assert_eq!(diff["c"], json!({"1": {"3": "0"}, "3": {"3": "0"}}), "card 2 was already 0: {diff}");
    tree.apply_diff(diff).unwrap();
    let html = tree.to_html().unwrap();
    assert!(html.contains("<span id=\"total\">0</span>") && html.contains("<span id=\"card-3-count\">0</span>"));
}
