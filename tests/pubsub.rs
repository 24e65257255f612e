//! Pubsub end to end: gallery nodes sharing `/rtcounter` and `/chat` through a real
//! `redis-server` (started by each test on a free port), surviving a Redis restart; and no
//! subscription leaks after many join/leave cycles in memory.

mod support;

use liveview::{LocalPubSub, PubSub};
use liveview_core::client::ClientTree;
use liveview_examples::{router_with, rtcounter};
use liveview_redis::RedisPubSub;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::redis_server::RedisServer;
use support::{Client, SECRET, get, start_router};
use tokio::time::Instant;

/// Panics on runtime worker threads (view tasks, servers, pubsub tasks), counted process-wide.
static WORKER_PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_worker_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name().is_none_or(|n| n.starts_with("tokio-runtime-worker")) {
                WORKER_PANICS.fetch_add(1, Ordering::SeqCst);
            }
            default(info)
        }));
    });
}

/// A gallery node using `pubsub`.
async fn node(pubsub: Arc<dyn PubSub>) -> SocketAddr {
    // The server runs until the test's runtime ends.
    let (addr, _stop) = start_router(router_with(Some(pubsub)).secret(SECRET)).await;
    addr
}

/// A view joined over its own websocket, with the client's model of its DOM.
struct View {
    client: Client,
    topic: String,
    join_ref: String,
    tree: ClientTree,
}

impl View {
    async fn open(addr: SocketAddr, path: &str) -> View {
        let page = get(addr, path, None).await;
        assert_eq!(page.status, 200, "GET {path}");
        let mut client = Client::connect(addr, &page).await;
        let (join_ref, reply) = client.join(&page, path).await;
        assert_eq!(reply["status"], "ok", "{reply}");
        let (tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).expect("join render");
        View { client, topic: format!("lv:{}", page.view_id), join_ref, tree }
    }

    fn html(&mut self) -> String {
        self.tree.to_html().expect("merged html")
    }

    /// Sends an event and applies its reply's diff.
    async fn event(&mut self, kind: &str, event: &str, value: Value) {
        let r = self.client.next_ref();
        let (jr, topic) = (self.join_ref.clone(), self.topic.clone());
        self.client.send(json!([jr, r, topic, "event", {"type": kind, "event": event, "value": value}])).await;
        let (pushes, reply) = self.client.until_reply(&r).await;
        for p in pushes {
            self.apply_push(&p);
        }
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        if let Some(diff) = reply[4]["response"].get("diff") {
            self.tree.apply_diff(diff.clone()).expect("reply diff");
        }
    }

    fn apply_push(&mut self, frame: &Value) {
        if frame[2] == json!(self.topic) && frame[3] == "diff" {
            self.tree.apply_diff(frame[4].clone()).expect("diff push");
        }
    }

    /// Applies `diff` pushes until the HTML satisfies `done`, or `wait` passes; returns whether
    /// it did.
    async fn until(&mut self, wait: Duration, mut done: impl FnMut(&str) -> bool) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            if done(&self.html()) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.client.try_recv(left).await {
                Some(frame) => self.apply_push(&frame),
                None => return done(&self.html()),
            }
        }
    }
}

/// The number in `<span id="count">N</span>`.
fn count(html: &str) -> i64 {
    let start = html.find("<span id=\"count\">").expect("a #count span") + "<span id=\"count\">".len();
    let end = start + html[start..].find('<').expect("closing tag");
    html[start..end].parse().expect("a number")
}

/// Clicks `#inc` on `view`; returns the count its reply shows.
async fn inc(view: &mut View) -> i64 {
    view.event("click", "inc", json!({})).await;
    count(&view.html())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_node_a_reaches_a_view_on_node_b_through_redis_within_a_second() {
    count_worker_panics();
    let redis = RedisServer::start().await;
    let a = node(RedisPubSub::connect(&redis.url()).await.expect("node a connects")).await;
    let b = node(RedisPubSub::connect(&redis.url()).await.expect("node b connects")).await;
    assert_ne!(a, b);

    let mut on_a = View::open(a, "/rtcounter").await;
    let mut on_b = View::open(b, "/rtcounter").await;
    // One Redis subscription per node, made when its view subscribed on mount.
    redis.wait_numsub("liveview:rtcounter", 2).await;
    for _ in 0..3 {
        let clicked = Instant::now();
        let n = inc(&mut on_a).await;
        assert!(
            on_b.until(Duration::from_secs(1), |html| count(html) == n).await,
            "node b shows {} within a second of the click that made {n} on node a",
            count(&on_b.html())
        );
        assert!(clicked.elapsed() < Duration::from_secs(1));
    }
    // And back: a click on node B reaches node A.
    let n = inc(&mut on_b).await;
    assert!(on_a.until(Duration::from_secs(1), |html| count(html) == n).await, "{}", on_a.html());

    // The chat room, across nodes: a message sent on B appears on A and on B.
    let mut chat_a = View::open(a, "/chat").await;
    let mut chat_b = View::open(b, "/chat").await;
    redis.wait_numsub("liveview:chat:lobby", 2).await;
    chat_b.event("form", "send", json!("message=hello+from+b")).await;
    for chat in [&mut chat_a, &mut chat_b] {
        let seen = chat.until(Duration::from_secs(5), |html| html.contains(": hello from b</li>")).await;
        assert!(seen, "{}", chat.html());
        assert!(chat.html().contains("<ul id=\"messages\"><li>"), "{}", chat.html());
    }
    assert_eq!(WORKER_PANICS.load(Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcasts_flow_again_after_redis_restarts_without_restarting_the_nodes() {
    count_worker_panics();
    let mut redis = RedisServer::start().await;
    let pubsub_a = RedisPubSub::connect(&redis.url()).await.expect("node a connects");
    let pubsub_b = RedisPubSub::connect(&redis.url()).await.expect("node b connects");
    let a = node(pubsub_a.clone()).await;
    let b = node(pubsub_b.clone()).await;
    let mut on_a = View::open(a, "/rtcounter").await;
    let mut on_b = View::open(b, "/rtcounter").await;
    redis.wait_numsub("liveview:rtcounter", 2).await;
    let n = inc(&mut on_a).await;
    assert!(on_b.until(Duration::from_secs(5), |html| count(html) == n).await, "flows before the restart");

    redis.stop();
    // During the outage the nodes keep serving: clicks are answered (their broadcasts are
    // dropped), pages render, views join.
    let during = inc(&mut on_a).await;
    let mut joined_during = View::open(b, "/rtcounter").await;
    redis.restart().await;

    // Without touching the nodes, broadcasts flow again within a few seconds: keep clicking on
    // A until one reaches both views on B (a click made before a node has reconnected is
    // dropped, as documented).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let n = inc(&mut on_a).await;
        assert!(n > during);
        if on_b.until(Duration::from_millis(500), |html| count(html) >= n).await {
            assert!(
                joined_during.until(Duration::from_secs(5), |html| count(html) >= n).await,
                "a view that subscribed during the outage receives broadcasts too"
            );
            break;
        }
        assert!(Instant::now() < deadline, "broadcasts did not flow again within 10 s of the restart");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(pubsub_a.is_connected() && pubsub_b.is_connected()) {
        assert!(Instant::now() < deadline, "both nodes report Redis as reachable again");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Both nodes still serve fresh pages and joins.
    for addr in [a, b] {
        let mut fresh = View::open(addr, "/rtcounter").await;
        let n = inc(&mut fresh).await;
        assert!(on_b.until(Duration::from_secs(5), |html| count(html) >= n).await);
    }
    assert_eq!(WORKER_PANICS.load(Ordering::SeqCst), 0, "no node panicked");
}

/// Waits (10 s at most) until `topic` has `n` subscribers in `pubsub`.
async fn wait_subscribers(pubsub: &LocalPubSub, topic: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = pubsub.local_subscribers(topic);
        if got == n {
            return;
        }
        assert!(Instant::now() < deadline, "{topic}: {got} local subscribers, expected {n}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_join_leave_cycles_leave_no_subscription_behind() {
    let pubsub = Arc::new(LocalPubSub::new());
    let addr = node(pubsub.clone()).await;
    let topic = rtcounter::TOPIC;

    // 50 joins and explicit leaves on one socket.
    let page = get(addr, "/rtcounter", None).await;
    let mut c = Client::connect(addr, &page).await;
    let lv = format!("lv:{}", page.view_id);
    for _ in 0..50 {
        let (jr, reply) = c.join(&page, "/rtcounter").await;
        assert_eq!(reply["status"], "ok");
        wait_subscribers(&pubsub, topic, 1).await;
        let leave = c.next_ref();
        c.send(json!([jr, leave, lv, "phx_leave", {}])).await;
        c.until_reply(&leave).await;
        wait_subscribers(&pubsub, topic, 0).await;
    }

    // 50 rejoins of the same topic: each replaces the previous view.
    for _ in 0..50 {
        let (_, reply) = c.rejoin(&page, "/rtcounter").await;
        assert_eq!(reply["status"], "ok");
    }
    wait_subscribers(&pubsub, topic, 1).await;
    drop(c);
    wait_subscribers(&pubsub, topic, 0).await;

    // 50 sockets dropped abruptly (no leave, no close frame) right after joining.
    for _ in 0..50 {
        let page = get(addr, "/rtcounter", None).await;
        let mut c = Client::connect(addr, &page).await;
        c.join(&page, "/rtcounter").await;
        drop(c);
    }
    wait_subscribers(&pubsub, topic, 0).await;

    // 50 views on one socket, then the socket is dropped.
    let first = get(addr, "/rtcounter", None).await;
    let mut c = Client::connect(addr, &first).await;
    c.join(&first, "/rtcounter").await;
    for _ in 1..50 {
        let page = get(addr, "/rtcounter", Some(&first.cookie)).await;
        c.join(&page, "/rtcounter").await;
    }
    wait_subscribers(&pubsub, topic, 50).await;
    drop(c);
    wait_subscribers(&pubsub, topic, 0).await;
    assert!(pubsub.topics().is_empty(), "no topic is left behind: {:?}", pubsub.topics());
}
