//! Infos a view sends itself (`send_info`, e.g. a component telling its parent) over a real
//! websocket. The server handles them right after the update that sent them when nothing else
//! waits in the mailbox, so their diffs leave in the same write as its reply. These tests pin
//! what must not change with that: the reply comes first and carries only the update's own
//! change; the infos follow as `diff` pushes in the order they were sent (an info sent by an
//! info after those sent before it); a crash in such an info (an error, a panic, too many
//! async tasks) still lets the reply through first; an info that navigates closes the view
//! after the reply; and an info whose handler waits does not hold the reply back.

mod support;

use liveview::prelude::*;
use serde_json::{Value, json};
use std::time::Duration;
use support::{Client, Incoming, SECRET, get, start_router};

/// Step `n` of a chain of infos.
struct Step(u32);
/// Makes the info handler panic.
struct Boom;
/// Makes the info handler navigate away.
struct Away;
/// Makes the info handler wait for [`GATE`].
struct Wait;
/// Makes the info handler start more async tasks than a view may run.
struct Flood;

/// Opened by the test once it has the reply of `wait`.
static GATE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(0);

#[live_view]
#[derive(Default)]
struct Chain {
    log: Vec<String>,
}

#[live_view]
impl Chain {
    #[event("go")]
    fn go(&mut self, socket: &mut Socket) {
        self.log.push("go".into());
        socket.send_info(Step(1));
        socket.send_info(Step(2));
    }

    #[event("boom")]
    fn boom(&mut self, socket: &mut Socket) {
        self.log.push("boom".into());
        socket.send_info(Boom);
    }

    #[event("away")]
    fn away(&mut self, socket: &mut Socket) {
        self.log.push("away".into());
        socket.send_info(Away);
    }

    /// "Show loading, then do the slow work in an info."
    #[event("wait")]
    fn wait(&mut self, socket: &mut Socket) {
        self.log.push("wait".into());
        socket.send_info(Wait);
    }

    #[event("flood")]
    fn flood(&mut self, socket: &mut Socket) {
        self.log.push("flood".into());
        socket.send_info(Flood);
    }

    #[info]
    async fn waited(&mut self, _: Wait) {
        let _ = GATE.acquire().await.map(tokio::sync::SemaphorePermit::forget);
        self.log.push("waited".into());
    }

    #[info]
    fn flooded(&mut self, _: Flood, socket: &mut Socket) {
        for n in 0..1100 {
            socket.start_async(format!("t{n}"), std::future::pending::<Result<(), ()>>(), |_| Step(0));
        }
    }

    #[info]
    fn step(&mut self, Step(n): Step, socket: &mut Socket) {
        self.log.push(n.to_string());
        // Sent after step 2 was: it must come after it.
        if n == 1 {
            socket.send_info(Step(3));
        }
    }

    #[info]
    fn boom_info(&mut self, _: Boom) {
        panic!("on purpose: an info handled right after the event crashes");
    }

    #[info]
    fn away_info(&mut self, _: Away, socket: &mut Socket) {
        socket.push_navigate("/chain/elsewhere");
    }

    fn render(&self) -> Rendered {
        html! { <p id="log">{self.log.join(",")}</p> }
    }
}

const WAIT: Duration = Duration::from_secs(10);

/// A joined `Chain` view: the client, topic and join ref.
async fn open() -> (Client, String, String, tokio_util::sync::CancellationToken) {
    let router = LiveRouter::new().secret(SECRET).live::<Chain>("/chain").live::<Chain>("/chain/elsewhere");
    let (addr, stop) = start_router(router).await;
    let page = get(addr, "/chain", None).await;
    let mut c = Client::connect(addr, &page).await;
    let (jr, reply) = c.join(&page, "/chain").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    (c, format!("lv:{}", page.view_id), jr, stop)
}

/// The text of every string in `diff` (the log is the view's only dynamic).
fn log_of(diff: &Value) -> String {
    diff["0"].as_str().unwrap_or_else(|| panic!("a diff of the log: {diff}")).to_owned()
}

/// The next frame, or what came instead.
async fn next(c: &mut Client) -> Value {
    match c.next_incoming(WAIT).await {
        Incoming::Frame(f) => f,
        other => panic!("expected a frame, got {other:?}"),
    }
}

#[tokio::test]
async fn infos_sent_by_an_event_follow_its_reply_as_pushes_in_the_order_sent() {
    let (mut c, topic, jr, _stop) = open().await;
    let r = c.click(&topic, &jr, "go", json!({})).await;
    let (before, reply) = c.reply_to(&r, WAIT).await.expect("a reply");
    assert!(before.is_empty(), "nothing before the reply: {before:?}");
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    // The reply carries the event's own change only, as when the infos went through the mailbox.
    assert_eq!(log_of(&reply[4]["response"]["diff"]), "go");
    let mut logs = Vec::new();
    for _ in 0..3 {
        let f = next(&mut c).await;
        assert_eq!(
            (f[0].clone(), f[1].clone(), f[2].clone(), f[3].clone()),
            (json!(jr), Value::Null, json!(topic), json!("diff")),
            "{f}"
        );
        logs.push(log_of(&f[4]));
    }
    assert_eq!(logs, ["go,1", "go,1,2", "go,1,2,3"]);
    // And the view goes on.
    let r = c.click(&topic, &jr, "go", json!({})).await;
    let (_, reply) = c.reply_to(&r, WAIT).await.expect("a reply");
    assert_eq!(log_of(&reply[4]["response"]["diff"]), "go,1,2,3,go");
}

#[tokio::test]
async fn an_info_that_crashes_right_after_the_event_lets_the_reply_through_first() {
    let (mut c, topic, jr, _stop) = open().await;
    let r = c.click(&topic, &jr, "boom", json!({})).await;
    let (before, reply) = c.reply_to(&r, WAIT).await.expect("a reply before the crash");
    assert!(before.is_empty(), "{before:?}");
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert_eq!(log_of(&reply[4]["response"]["diff"]), "boom");
    let f = next(&mut c).await;
    assert_eq!((f[2].clone(), f[3].clone()), (json!(topic), json!("phx_error")), "{f}");
}

#[tokio::test]
async fn an_info_that_navigates_right_after_the_event_closes_the_view_after_the_reply() {
    let (mut c, topic, jr, _stop) = open().await;
    let r = c.click(&topic, &jr, "away", json!({})).await;
    let (before, reply) = c.reply_to(&r, WAIT).await.expect("a reply");
    assert!(before.is_empty(), "{before:?}");
    assert_eq!(log_of(&reply[4]["response"]["diff"]), "away");
    let f = next(&mut c).await;
    assert_eq!(f[3], "live_redirect", "{f}");
    assert_eq!(f[4]["to"], "/chain/elsewhere", "{f}");
    let f = next(&mut c).await;
    assert_eq!((f[0].clone(), f[3].clone()), (json!(jr), json!("phx_close")), "{f}");
}

#[tokio::test]
async fn an_info_that_waits_does_not_hold_back_the_reply_of_the_event_that_sent_it() {
    let (mut c, topic, jr, _stop) = open().await;
    let r = c.click(&topic, &jr, "wait", json!({})).await;
    // The reply comes while the info still waits (the gate opens only after it).
    let (_, reply) = c.reply_to(&r, WAIT).await.expect("the reply, before the info is done");
    assert_eq!(log_of(&reply[4]["response"]["diff"]), "wait");
    GATE.add_permits(1);
    let f = next(&mut c).await;
    assert_eq!((f[3].clone(), log_of(&f[4])), (json!("diff"), "wait,waited".to_owned()), "{f}");
}

#[tokio::test]
async fn an_info_that_crashes_the_view_by_overflow_lets_the_reply_through_first() {
    let (mut c, topic, jr, _stop) = open().await;
    let r = c.click(&topic, &jr, "flood", json!({})).await;
    let (_, reply) = c.reply_to(&r, WAIT).await.expect("a reply before the crash");
    assert_eq!(log_of(&reply[4]["response"]["diff"]), "flood");
    let f = next(&mut c).await;
    assert_eq!((f[2].clone(), f[3].clone()), (json!(topic), json!("phx_error")), "{f}");
}
