//! The view runtime, driven without any network: ordering, patch-in-same-reply, redirects,
//! dropped timers, bad payloads, flash, title, hook replies.

use liveview_core::client::ClientTree;
use liveview_core::info::Info;
use liveview_core::rendered::{IntoDynamic, Rendered, Template};
use liveview_core::route::Pattern;
use liveview_core::runtime::{Answer, App, JoinRequest, Joined, ViewRuntime, dead_render, join};
use liveview_core::socket::{Location, Socket};
use liveview_core::token::Signer;
use liveview_core::view::{Error, Event, Factory, LiveView, Reply, Result, Session};
use liveview_core::{Params, Url};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

static PAGE: Template = Template::new(&["<p id=\"log\">", "</p><p id=\"params\">", "</p><p id=\"flash\">", "</p>"]);

/// A view that logs what happens to it.
#[derive(Default)]
struct Probe {
    log: Vec<String>,
    params: String,
    /// What `socket.connect_params()` gave mount (not rendered: the dead render has none).
    connect: Value,
}

#[derive(serde::Deserialize)]
struct Num {
    n: u32,
}

struct Tick(u32);

impl LiveView for Probe {
    async fn mount(_params: &Params, _session: &Session, socket: &mut Socket) -> Result<Self> {
        if socket.url().query().contains("redirect_on_mount") {
            socket.push_redirect("/other");
        }
        Ok(Probe { connect: socket.connect_params().cloned().unwrap_or(Value::Null), ..Probe::default() })
    }

    async fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> Result<()> {
        self.params = params.query().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        self.log.push(format!("params:{}", self.params));
        // `?hops=N` patches on N more times; `?hops=forever` patches to itself.
        match params.query().iter().find(|(k, _)| k == "hops").map(|(_, v)| v.clone()).as_deref() {
            Some("forever") => socket.push_patch(Location::new("/probe").param("hops", "forever")),
            Some(n) => match n.parse::<u32>() {
                Ok(n) if n > 0 => socket.push_patch(Location::new("/probe").param("hops", (n - 1).to_string())),
                _ => {}
            },
            None => {}
        }
        Ok(())
    }

    async fn handle_event(&mut self, event: Event, socket: &mut Socket) -> Result<Option<Reply>> {
        match event.name.as_str() {
            "log" => {
                let Num { n } =
                    event.decode().map_err(|source| Error::Payload { event: event.name.clone(), source })?;
                // Yield so that a reordering runtime would show it.
                tokio::task::yield_now().await;
                self.log.push(format!("e{n}"));
            }
            "patch" => socket.push_patch(Location::new("/probe").param("page", "2")),
            "patch_replace" => socket.push_patch(Location::new("/probe").param("page", "3").replace()),
            "navigate" => {
                socket.put_flash("info", "bye");
                socket.push_event("before-leaving", json!({"x": 1}));
                socket.push_redirect(Location::new("/other").param("from", "probe"));
            }
            "external" => socket.redirect("https://example.com/"),
            "announce_and_leave" => {
                socket.broadcast("room", &json!({"left": true}));
                socket.send_info(Tick(1));
                socket.push_redirect("/other");
            }
            "push" => {
                socket.push_event("hello", json!({"n": 1}));
                socket.page_title("Title 1");
            }
            "ping" => return Ok(Some(Reply::new(json!({"pong": true})))),
            "connect" => {
                let later = socket.connect_params().is_some();
                return Ok(Some(Reply::new(json!({"at_mount": self.connect, "later": later}))));
            }
            "flash" => socket.put_flash("info", "saved"),
            "later" => socket.send_after(Duration::from_millis(5), Tick(7)),
            "boom" => return Err(Error::msg("handler failed")),
            _ => {}
        }
        Ok(None)
    }

    async fn handle_info(&mut self, info: Info, socket: &mut Socket) -> Result<()> {
        if let Ok(Tick(n)) = info.downcast::<Tick>() {
            self.log.push(format!("tick{n}"));
            if n == 99 {
                socket.push_patch("/probe?from=info");
            }
        }
        Ok(())
    }

    fn render(&self, socket: &Socket) -> Rendered {
        Rendered::new(
            &PAGE,
            vec![
                self.log.join(",").into_dynamic(),
                self.params.as_str().into_dynamic(),
                socket.flash_of("info").into_dynamic(),
            ],
        )
    }
}

#[derive(Default)]
struct Other;

static OTHER: Template = Template::new(&["<h1>other</h1>"]);

impl LiveView for Other {
    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(Other)
    }
    fn render(&self, _socket: &Socket) -> Rendered {
        Rendered::new(&OTHER, vec![])
    }
}

const SECRET: &[u8] = b"test-secret-test-secret-test-secret-test-secret";

fn app() -> Arc<App> {
    let mut app = App::new(Signer::new([SECRET]));
    app.route(Pattern::new("/probe"), Arc::new(Factory::<Probe>::new()));
    app.route(Pattern::new("/other"), Arc::new(Factory::<Other>::new()));
    Arc::new(app)
}

async fn joined(app: &Arc<App>, path: &str) -> (Box<ViewRuntime>, ClientTree) {
    let Ok(liveview_core::runtime::DeadRender::Page { view_id, session_token, static_token, html, .. }) =
        dead_render(app, &Url::parse(path).unwrap(), Session::default(), Default::default()).await
    else {
        panic!("dead render failed");
    };
    let req = JoinRequest::from_payload(
        &format!("lv:{view_id}"),
        &json!({"url": format!("http://localhost{path}"), "params": {"_mounts": 0}, "session": session_token, "static": static_token}),
    )
    .unwrap();
    let Joined::Ok { view: rt, reply: response, .. } = join(app.clone(), req).await.unwrap() else {
        panic!("join refused")
    };
    let response: Value = serde_json::from_str(&response).unwrap();
    assert_eq!(response["liveview_version"], "1.2.12");
    let (mut tree, _) = ClientTree::from_join(response["rendered"].clone()).unwrap();
    assert_eq!(tree.to_html().unwrap(), html, "dead render and join render agree");
    (rt, tree)
}

fn click(name: &str, value: Value) -> Event {
    Event { name: name.into(), kind: "click".into(), value, meta: None, cid: None }
}

fn diff_of(answer: &Answer) -> Value {
    match answer {
        Answer::Diff(d) => serde_json::from_str(d).unwrap(),
        other => panic!("expected a diff, got {other:?}"),
    }
}

#[tokio::test]
async fn events_are_processed_in_arrival_order() {
    let app = app();
    let (mut rt, mut tree) = joined(&app, "/probe").await;
    for n in 0..50 {
        let u = rt.event(click("log", json!({"n": n.to_string()}))).await.unwrap();
        if let Answer::Diff(_) = u.answer {
            tree.apply_diff(diff_of(&u.answer)).unwrap();
        }
    }
    let expected: Vec<String> = std::iter::once("params:".to_owned()).chain((0..50).map(|n| format!("e{n}"))).collect();
    assert!(tree.to_html().unwrap().contains(&expected.join(",")));
}

#[tokio::test]
async fn push_patch_runs_handle_params_and_renders_its_changes_in_the_same_update() {
    let app = app();
    let (mut rt, mut tree) = joined(&app, "/probe").await;
    let u = rt.event(click("patch", json!({}))).await.unwrap();
    assert_eq!(u.before.len(), 1);
    assert_eq!(u.before[0].event, "live_patch");
    let lp: Value = serde_json::from_str(&u.before[0].payload).unwrap();
    assert_eq!(lp, json!({"to": "/probe?page=2", "kind": "push"}));
    tree.apply_diff(diff_of(&u.answer)).unwrap();
    let html = tree.to_html().unwrap();
    assert!(html.contains("<p id=\"params\">page=2</p>"), "{html}");
    assert_eq!(rt.socket().url().path_and_query(), "/probe?page=2");
    let u = rt.event(click("patch_replace", json!({}))).await.unwrap();
    let lp: Value = serde_json::from_str(&u.before[0].payload).unwrap();
    assert_eq!(lp["kind"], "replace");
}

#[tokio::test]
async fn push_patch_from_an_info_is_a_live_patch_push_then_a_diff_push() {
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    let u = rt.info(Info::new(Tick(99))).await.unwrap();
    assert_eq!(u.before[0].event, "live_patch");
    let push = u.answer_push().unwrap();
    assert_eq!(push.event, "diff");
    assert!(push.payload.contains("from=info"));
}

#[tokio::test]
async fn push_redirect_answers_live_redirect_with_flash_and_stops_the_view() {
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    let u = rt.event(click("navigate", json!({}))).await.unwrap();
    assert!(u.stop);
    // Push events queued before the redirect still reach the client.
    assert_eq!(u.before[0].event, "diff");
    assert!(u.before[0].payload.contains("before-leaving"));
    let reply: Value = serde_json::from_str(&u.reply_json()).unwrap();
    assert_eq!(reply["live_redirect"]["to"], "/other?from=probe");
    assert_eq!(reply["live_redirect"]["kind"], "push");
    let flash = reply["live_redirect"]["flash"].as_str().unwrap();
    assert_eq!(app.verify_flash(flash).get("info").map(String::as_str), Some("bye"));
    assert!(rt.is_stopped());
    // A stopped view ignores anything still addressed to it.
    let later = rt.info(Info::new(Tick(1))).await.unwrap();
    assert_eq!(later.answer, Answer::Empty);
    assert!(later.before.is_empty());

    // The navigation join mounts the target under the same topic, flash included.
    let Ok(liveview_core::runtime::DeadRender::Page { view_id, session_token, .. }) =
        dead_render(&app, &Url::parse("/probe").unwrap(), Session::default(), Default::default()).await
    else {
        panic!()
    };
    let req = JoinRequest::from_payload(
        &format!("lv:{view_id}"),
        &json!({"redirect": "http://localhost/other?from=probe", "params": {"_mounts": 0}, "session": session_token, "static": null, "flash": flash}),
    )
    .unwrap();
    let Joined::Ok { view: rt2, reply: response, .. } = join(app.clone(), req).await.unwrap() else { panic!() };
    assert!(response.contains("<h1>other</h1>"));
    assert!(rt2.socket().flash_of("info") == Some("bye"));
}

#[tokio::test]
async fn redirect_answers_a_full_page_redirect() {
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    let u = rt.event(click("external", json!({}))).await.unwrap();
    assert!(u.stop);
    assert_eq!(u.reply_json(), r#"{"redirect":{"to":"https://example.com/"}}"#);
}

#[tokio::test]
async fn push_event_title_and_hook_reply_travel_in_the_diff() {
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    let d = diff_of(&rt.event(click("push", json!({}))).await.unwrap().answer);
    assert_eq!(d["e"], json!([["hello", {"n": 1}]]));
    assert_eq!(d["t"], "Title 1");
    let d = diff_of(&rt.event(click("ping", json!({}))).await.unwrap().answer);
    assert_eq!(d["r"], json!({"pong": true}));
}

#[tokio::test]
async fn a_payload_that_does_not_decode_is_acknowledged_without_a_crash() {
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    let u = rt.event(click("log", json!({"n": "not a number"}))).await.expect("no crash");
    assert_eq!(u.answer, Answer::Empty);
    assert_eq!(u.reply_json(), "{}");
    let ok = rt.event(click("log", json!({"n": "5"}))).await.unwrap();
    assert!(diff_of(&ok.answer)["0"].as_str().unwrap().ends_with("e5"));
}

#[tokio::test]
async fn an_unknown_event_is_acknowledged_and_a_failing_handler_crashes_the_view() {
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    assert_eq!(rt.event(click("nope", json!({}))).await.unwrap().reply_json(), "{}");
    assert!(rt.event(click("boom", json!({}))).await.is_err());
}

#[tokio::test]
async fn timers_are_handed_to_the_transport_and_flash_clears_with_the_reserved_event() {
    let app = app();
    let (mut rt, mut tree) = joined(&app, "/probe").await;
    let s = rt.event(click("later", json!({}))).await.unwrap().effects.scheduled;
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].delay, Some(Duration::from_millis(5)));
    let u = rt.event(click("flash", json!({}))).await.unwrap();
    tree.apply_diff(diff_of(&u.answer)).unwrap();
    assert!(tree.to_html().unwrap().contains("<p id=\"flash\">saved</p>"));
    let u = rt.event(click("lv:clear-flash", json!({"key": "info"}))).await.unwrap();
    tree.apply_diff(diff_of(&u.answer)).unwrap();
    assert!(tree.to_html().unwrap().contains("<p id=\"flash\"></p>"));
}

#[tokio::test]
async fn a_broadcast_made_just_before_navigating_away_is_still_handed_to_the_transport() {
    use liveview_core::socket::PubSubOp;
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    let u = rt.event(click("announce_and_leave", json!({}))).await.unwrap();
    assert!(u.stop, "the view navigated away");
    assert!(
        matches!(&u.effects.pubsub[..], [PubSubOp::Broadcast { topic, payload }] if topic == "room" && payload == br#"{"left":true}"#),
        "{:?}",
        u.effects.pubsub
    );
    assert_eq!(u.effects.scheduled.len(), 1, "the transport decides what a stopped view's timers mean");
    // Nothing is handed over twice.
    assert!(rt.event(click("push", json!({}))).await.unwrap().effects.is_empty());
}

#[tokio::test]
async fn handle_params_may_chain_20_patches_and_crashes_the_view_past_that() {
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    // 20 patches in a row (the client's own patch to hops=20 runs no live_patch push).
    let u = rt.live_patch("http://localhost/probe?hops=20").await.unwrap();
    assert_eq!(u.before.len(), 20, "one live_patch push per patch");
    assert_eq!(rt.socket().url().path_and_query(), "/probe?hops=0");
    // One more is a loop: the view crashes (the client rejoins), as Phoenix raises.
    let Err(e) = rt.live_patch("http://localhost/probe?hops=21").await else {
        panic!("21 patches in a row were followed")
    };
    assert!(e.to_string().contains("too many redirects"), "{e}");
    let (mut rt, _) = joined(&app, "/probe").await;
    let Err(e) = rt.live_patch("http://localhost/probe?hops=forever").await else {
        panic!("an endless patch loop ended")
    };
    assert!(e.to_string().contains("endless push_patch loop"), "{e}");
}

#[tokio::test]
async fn connect_params_reach_mount_over_the_websocket_only_and_only_while_it_mounts() {
    let app = app();
    let Ok(liveview_core::runtime::DeadRender::Page { view_id, session_token, static_token, .. }) =
        dead_render(&app, &Url::parse("/probe").unwrap(), Session::default(), Default::default()).await
    else {
        panic!("dead render failed");
    };
    let params = json!({"_csrf_token": "t", "_mounts": 2, "timezone": "Europe/Paris"});
    let req = JoinRequest::from_payload(
        &format!("lv:{view_id}"),
        &json!({"url": "http://localhost/probe", "params": params, "session": session_token, "static": static_token}),
    )
    .unwrap();
    assert_eq!(req.mounts, 2);
    let Joined::Ok { view: mut rt, .. } = join(app.clone(), req).await.unwrap() else { panic!("join refused") };
    let u = rt.event(click("connect", json!({}))).await.unwrap();
    let reply: Value = serde_json::from_str(&u.reply_json()).unwrap();
    assert_eq!(reply["diff"]["r"], json!({"at_mount": params, "later": false}), "{reply}");
}

#[tokio::test]
async fn client_live_patch_runs_handle_params_or_asks_for_a_live_redirect() {
    let app = app();
    let (mut rt, _) = joined(&app, "/probe").await;
    let u = rt.live_patch("http://localhost/probe?page=9").await.unwrap();
    assert!(u.before.is_empty(), "no live_patch push for a client patch");
    assert!(diff_of(&u.answer)["1"].as_str().unwrap().contains("page=9"));
    let u = rt.live_patch("http://localhost/other").await.unwrap();
    assert_eq!(u.reply_json(), r#"{"link_redirect":true}"#);
}

#[tokio::test]
async fn a_patch_never_crosses_into_another_live_session_of_the_same_view() {
    // The same view type is routed in the default group and in a group with a hook that
    // must authorize every mount: a patch (which runs no hooks) must not get there.
    let mut app = App::new(Signer::new([SECRET]));
    app.route(Pattern::new("/probe"), Arc::new(Factory::<Probe>::new()));
    let admin = liveview_core::live_session::LiveSession::new("admin");
    app.route_in(Pattern::new("/admin/probe"), Arc::new(Factory::<Probe>::new()), admin);
    let app = Arc::new(app);
    let (mut rt, _) = joined(&app, "/probe").await;
    let u = rt.live_patch("http://localhost/admin/probe?page=9").await.unwrap();
    assert_eq!(u.reply_json(), r#"{"link_redirect":true}"#, "the client navigates, and the join is checked");
    assert_eq!(rt.socket().url().path(), "/probe", "handle_params did not run with the other group's URL");
    let u = rt.live_patch("http://localhost/probe?page=2").await.unwrap();
    assert!(diff_of(&u.answer)["1"].as_str().unwrap().contains("page=2"), "within the group a patch still patches");
}

#[tokio::test]
async fn joins_with_bad_tokens_or_redirecting_mounts_are_refused_properly() {
    let app = app();
    let Ok(liveview_core::runtime::DeadRender::Page { view_id, session_token, .. }) =
        dead_render(&app, &Url::parse("/probe").unwrap(), Session::default(), Default::default()).await
    else {
        panic!()
    };
    let try_join = |topic: String, payload: Value| {
        let app = app.clone();
        async move {
            match join(app, JoinRequest::from_payload(&topic, &payload).unwrap()).await.unwrap() {
                Joined::Refused(r) => serde_json::from_str::<Value>(&r).unwrap(),
                Joined::Ok { .. } => panic!("join should be refused"),
            }
        }
    };
    let url = "http://localhost/probe";
    let tampered = format!("{}x", &session_token[..session_token.len() - 1]);
    assert_eq!(
        try_join(format!("lv:{view_id}"), json!({"url": url, "session": tampered})).await,
        json!({"reason": "stale"})
    );
    let foreign = Signer::new([b"another-secret-another-secret-another-secret!!" as &[u8]])
        .sign("session", &json!({"id": view_id}));
    assert_eq!(
        try_join(format!("lv:{view_id}"), json!({"url": url, "session": foreign})).await,
        json!({"reason": "stale"})
    );
    // A token for another view id is refused.
    assert_eq!(
        try_join("lv:phx-other".into(), json!({"url": url, "session": session_token})).await,
        json!({"reason": "stale"})
    );
    // Expired.
    let old = Signer::new([SECRET]).sign_at("session", &json!({"id": view_id}), 1);
    assert_eq!(
        try_join(format!("lv:{view_id}"), json!({"url": url, "session": old})).await,
        json!({"reason": "stale"})
    );
    // Mount redirect → live_redirect error reply.
    let r = try_join(
        format!("lv:{view_id}"),
        json!({"url": "http://localhost/probe?redirect_on_mount=1", "session": session_token}),
    )
    .await;
    assert_eq!(r["live_redirect"]["to"], "/other");
    // No route → unauthorized (client does a full page load).
    assert_eq!(
        try_join(format!("lv:{view_id}"), json!({"url": "http://localhost/nowhere", "session": session_token})).await,
        json!({"reason": "unauthorized"})
    );
}

#[tokio::test]
async fn dead_render_flash_applies_to_the_first_connected_mount_only() {
    let app = app();
    let mut flash = liveview_core::socket::Flash::new();
    flash.insert("info".into(), "from cookie".into());
    let Ok(liveview_core::runtime::DeadRender::Page { view_id, session_token, static_token, html, .. }) =
        dead_render(&app, &Url::parse("/probe").unwrap(), Session::default(), flash).await
    else {
        panic!()
    };
    assert!(html.contains("from cookie"));
    for (mounts, expect) in [(0, true), (1, false)] {
        let req = JoinRequest::from_payload(
            &format!("lv:{view_id}"),
            &json!({"url": "http://localhost/probe", "params": {"_mounts": mounts}, "session": session_token, "static": static_token}),
        )
        .unwrap();
        let Joined::Ok { reply: response, .. } = join(app.clone(), req).await.unwrap() else { panic!() };
        assert_eq!(response.contains("from cookie"), expect, "_mounts={mounts}");
    }
}

#[test]
fn a_handler_error_keeps_the_callbacks_error_as_its_source() {
    let io = std::io::Error::other("disk full");
    let e = Error::handler(io);
    assert_eq!(e.to_string(), "disk full");
    let source = std::error::Error::source(&e).expect("the handler's error is the source");
    assert_eq!(source.to_string(), "disk full");
    assert!(source.downcast_ref::<std::io::Error>().is_some(), "the original type survives");
}
