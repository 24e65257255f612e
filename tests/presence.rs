//! Presence across nodes: gallery nodes behind a real `redis-server` (started by each test on
//! a free port) list who is on `/chat` in `#online`. A view that leaves disappears at once on
//! every node; the users of a node that is SIGKILLed disappear within the presence TTL.
//!
//! The killed node is a real process: this test binary, run again with
//! `PRESENCE_NODE_REDIS` set, where [`node_process`] serves the gallery until it is killed.
//! A kill sends nothing on the way down, which an in-process node could not promise (its
//! view tasks would leave as they are dropped).

mod support;

use liveview::presence::PresenceConfig;
use liveview_core::client::ClientTree;
use liveview_examples::router_with;
use liveview_redis::RedisPubSub;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use support::redis_server::RedisServer;
use support::{Client, SECRET, get, start_router};
use tokio::time::Instant;

/// Set (to a Redis URL) in the node process.
const NODE_ENV: &str = "PRESENCE_NODE_REDIS";
/// The presence TTL of the kill test, in milliseconds, for the node process too.
const TTL_ENV: &str = "PRESENCE_NODE_TTL_MS";

fn config(heartbeat: Duration, ttl: Duration) -> PresenceConfig {
    let mut c = PresenceConfig::default();
    c.heartbeat = heartbeat;
    c.ttl = ttl;
    c
}

/// A gallery node in this process, sharing pubsub and presence through Redis at `url`.
async fn node(url: &str, presence: PresenceConfig) -> SocketAddr {
    let pubsub = RedisPubSub::connect(url).await.expect("node connects to redis");
    // The server runs until the test's runtime ends.
    let (addr, _stop) = start_router(router_with(Some(pubsub)).secret(SECRET).presence(presence)).await;
    addr
}

/// `/chat` joined over its own websocket, with the client's model of its DOM.
struct Chat {
    client: Client,
    topic: String,
    join_ref: String,
    tree: ClientTree,
}

impl Chat {
    async fn open(addr: SocketAddr) -> Chat {
        let page = get(addr, "/chat", None).await;
        assert_eq!(page.status, 200, "GET /chat");
        let mut client = Client::connect(addr, &page).await;
        let (join_ref, reply) = client.join(&page, "/chat").await;
        assert_eq!(reply["status"], "ok", "{reply}");
        let (tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).expect("join render");
        Chat { client, topic: format!("lv:{}", page.view_id), join_ref, tree }
    }

    fn html(&mut self) -> String {
        self.tree.to_html().expect("merged html")
    }

    /// The name this view shows as its own.
    fn me(&mut self) -> String {
        let html = self.html();
        between(&html, "<b id=\"me\">", "</b>").expect("#me").to_owned()
    }

    /// The names in `#online`, in order.
    fn online(&mut self) -> Vec<String> {
        let html = self.html();
        let list = between(&html, "<ul id=\"online\">", "</ul>").expect("#online");
        list.split("<li>").skip(1).filter_map(|li| li.split("</li>").next()).map(str::to_owned).collect()
    }

    /// Applies diff pushes until `#online` lists exactly `names` (in any order), or `wait`
    /// passes; returns what it lists then.
    async fn until_online(&mut self, names: &[&String], wait: Duration) -> Vec<String> {
        let mut want: Vec<String> = names.iter().map(|n| (*n).clone()).collect();
        want.sort();
        let deadline = Instant::now() + wait;
        loop {
            let now = self.online();
            if now == want {
                return now;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return now;
            }
            if let Some(frame) = self.client.try_recv(left).await
                && frame[2] == json!(self.topic)
                && frame[3] == "diff"
            {
                self.tree.apply_diff(frame[4].clone()).expect("diff push");
            }
        }
    }
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    let to = from + html[from..].find(end)?;
    Some(&html[from..to])
}

/// Waits until every chat in `chats` lists exactly `names`.
async fn all_list(chats: &mut [&mut Chat], names: &[&String], wait: Duration) {
    for chat in chats.iter_mut() {
        let got = chat.until_online(names, wait).await;
        let mut want: Vec<&String> = names.to_vec();
        want.sort();
        assert_eq!(got.iter().collect::<Vec<_>>(), want, "{} lists {got:?}", chat.me());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_that_leaves_disappears_at_once_on_both_nodes_and_a_late_node_learns_who_is_there() {
    let redis = RedisServer::start().await;
    // A TTL far longer than the test's waits: leaves here cannot be expiries.
    let presence = config(Duration::from_millis(200), Duration::from_secs(60));
    let a = node(&redis.url(), presence.clone()).await;
    let mut a1 = Chat::open(a).await;
    let n_a1 = a1.me();
    all_list(&mut [&mut a1], &[&n_a1], Duration::from_secs(5)).await;

    // Node b starts after a1 is present, and learns it.
    let b = node(&redis.url(), presence).await;
    let mut b1 = Chat::open(b).await;
    let n_b1 = b1.me();
    all_list(&mut [&mut a1, &mut b1], &[&n_a1, &n_b1], Duration::from_secs(5)).await;

    let mut a2 = Chat::open(a).await;
    let n_a2 = a2.me();
    all_list(&mut [&mut a1, &mut a2, &mut b1], &[&n_a1, &n_a2, &n_b1], Duration::from_secs(5)).await;

    // a2 leaves its channel (live navigation away does the same), b1 closes its socket.
    let leave = a2.client.next_ref();
    let (join_ref, topic) = (a2.join_ref.clone(), a2.topic.clone());
    a2.client.send(json!([join_ref, leave, topic, "phx_leave", {}])).await;
    a2.client.until_reply(&leave).await;
    all_list(&mut [&mut a1, &mut b1], &[&n_a1, &n_b1], Duration::from_secs(5)).await;
    drop(b1);
    all_list(&mut [&mut a1], &[&n_a1], Duration::from_secs(5)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_users_of_a_killed_node_disappear_on_the_other_node_within_the_ttl() {
    let redis = RedisServer::start().await;
    let (heartbeat, ttl) = (Duration::from_millis(200), Duration::from_secs(1));
    let a = node(&redis.url(), config(heartbeat, ttl)).await;
    let mut b_process = NodeProcess::start(&redis.url(), ttl);
    let b = b_process.addr;

    let mut a1 = Chat::open(a).await;
    let mut b1 = Chat::open(b).await;
    let mut b2 = Chat::open(b).await;
    let (n_a1, n_b1, n_b2) = (a1.me(), b1.me(), b2.me());
    let everyone = [&n_a1, &n_b1, &n_b2];
    all_list(&mut [&mut a1, &mut b1, &mut b2], &everyone, Duration::from_secs(5)).await;

    // SIGKILL: node b says nothing more, to anyone.
    b_process.kill();
    let gone = a1.until_online(&[&n_a1], ttl + heartbeat + Duration::from_secs(3)).await;
    assert_eq!(gone, vec![n_a1.clone()], "b's users expired on a");
    // And a keeps working: a new view on a joins the list.
    let mut a2 = Chat::open(a).await;
    let n_a2 = a2.me();
    all_list(&mut [&mut a1, &mut a2], &[&n_a1, &n_a2], Duration::from_secs(5)).await;
}

/// A gallery node in a child process (this test binary, running [`node_process`]).
struct NodeProcess {
    child: Option<Child>,
    addr: SocketAddr,
}

impl NodeProcess {
    fn start(redis_url: &str, ttl: Duration) -> NodeProcess {
        let exe = std::env::current_exe().expect("the test binary");
        let mut child = Command::new(exe)
            .args(["--exact", "node_process", "--nocapture", "--test-threads", "1"])
            .env(NODE_ENV, redis_url)
            .env(TTL_ENV, ttl.as_millis().to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("runs the node process");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut node = NodeProcess { child: Some(child), addr: SocketAddr::from(([127, 0, 0, 1], 0)) };
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("node output");
            // The line starts with libtest's "test node_process ... ".
            if let Some((_, addr)) = line.split_once("NODE_ADDR=") {
                node.addr = addr.trim().parse().expect("an address");
                return node;
            }
        }
        panic!("the node process ended without serving");
    }

    /// SIGKILL, and wait for the process to be gone.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for NodeProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The node process of the kill test: serves the gallery over Redis until killed. Does
/// nothing in a normal test run.
#[test]
fn node_process() {
    let Ok(url) = std::env::var(NODE_ENV) else { return };
    let ttl =
        std::env::var(TTL_ENV).ok().and_then(|t| t.parse().ok()).map_or(Duration::from_secs(1), Duration::from_millis);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        let addr = node(&url, config(ttl / 5, ttl)).await;
        println!("NODE_ADDR={addr}");
        std::future::pending::<()>().await;
    });
}

/// What a [`Room`] tab tracks.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
struct Status {
    away: bool,
}

/// A view that tracks `?user=` on topic "room" and lists who is there with their statuses.
#[liveview::live_view]
#[derive(Default)]
struct Room {
    online: liveview::presence::Presences<Status>,
}

#[liveview::live_view]
impl Room {
    fn mount(params: &liveview::Params, socket: &mut liveview::Socket) -> Self {
        let user = params.get("user").unwrap_or("nobody").to_owned();
        socket.track("room", &user, &Status { away: false });
        socket.subscribe_presence::<Status>("room");
        Room::default()
    }

    #[info]
    fn presence(&mut self, diff: liveview::presence::PresenceDiff<Status>) {
        self.online.apply(diff);
    }

    #[event("away")]
    fn away(&mut self, who: Who, socket: &mut liveview::Socket) {
        socket.track("room", who.user, &Status { away: true });
    }

    #[event("quit")]
    fn quit(&mut self, who: Who, socket: &mut liveview::Socket) {
        socket.untrack("room", who.user);
    }

    #[event("crash")]
    fn crash(&mut self) {
        panic!("a handler crashed");
    }

    #[event("elsewhere")]
    fn elsewhere(&mut self, socket: &mut liveview::Socket) {
        socket.push_redirect("/other");
    }

    fn render(&self) -> liveview::Rendered {
        liveview::html! {
            <ul id="online">
                for (user, metas) in &self.online {
                    <li id={user}>{user} ":" for m in metas { {if m.meta.away { " away" } else { " here" }} } ";"</li>
                }
            </ul>
            <button id="away-ann" phx-click="away" phx-value-user="ann">"away"</button>
            <button id="quit-ann" phx-click="quit" phx-value-user="ann">"quit"</button>
            <button id="crash" phx-click="crash">"crash"</button>
            <button id="elsewhere" phx-click="elsewhere">"elsewhere"</button>
        }
    }
}

#[derive(serde::Deserialize)]
struct Who {
    user: String,
}

/// Where `elsewhere` navigates: tracks nothing.
#[liveview::live_view]
#[derive(Default)]
struct Other;

#[liveview::live_view]
impl Other {
    fn render(&self) -> liveview::Rendered {
        liveview::html! { <p id="other">"other"</p> }
    }
}

/// Syncs `lvs` in order until `lvs[0]`'s `#online` reads `want` (5 s at most).
async fn until_text(lvs: &mut [&mut liveview::test::LiveTest], want: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        for lv in lvs.iter_mut() {
            lv.sync().await.expect("sync");
        }
        let got = lvs[0].text("#online").unwrap_or_default();
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "#online reads {got:?}, expected {want:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn in_memory_tabs_of_one_user_are_one_presence_and_every_way_of_stopping_leaves() {
    use liveview::test::TestApp;
    let app = TestApp::new(liveview::LiveRouter::new().live::<Room>("/").live::<Other>("/other")).expect("app");
    let mut bob = app.connect("/?user=bob").await.expect("bob");
    let mut ann1 = app.connect("/?user=ann").await.expect("ann 1");
    let mut ann2 = app.connect("/?user=ann").await.expect("ann 2");
    until_text(&mut [&mut bob, &mut ann1, &mut ann2], "ann: here here;bob: here;").await;

    // Re-tracking replaces the meta: ann's first tab goes away, still two metas under "ann".
    ann1.click("#away-ann").await.expect("away");
    until_text(&mut [&mut bob, &mut ann1], "ann: here away;bob: here;").await;

    // untrack: that tab leaves, the other keeps ann present.
    ann2.click("#quit-ann").await.expect("quit");
    until_text(&mut [&mut bob, &mut ann2], "ann: away;bob: here;").await;

    // A crash ends the view's task: its entry goes with it.
    assert!(ann1.click("#crash").await.is_err(), "the view crashed");
    until_text(&mut [&mut bob], "bob: here;").await;

    // Live navigation to a view that tracks nothing: bob leaves.
    let mut cy = app.connect("/?user=cy").await.expect("cy");
    until_text(&mut [&mut cy, &mut bob], "bob: here;cy: here;").await;
    bob.click("#elsewhere").await.expect("navigates");
    until_text(&mut [&mut cy], "cy: here;").await;
}

/// A view that tracks whatever key the client names: what a careless handler does.
#[liveview::live_view]
#[derive(Default)]
struct Greedy;

#[liveview::live_view]
impl Greedy {
    #[event("track")]
    fn track(&mut self, who: Who, socket: &mut liveview::Socket) {
        socket.track("room", who.user, &Status { away: false });
    }

    fn render(&self) -> liveview::Rendered {
        liveview::html! { <div id="greedy" phx-hook="Greedy"></div> }
    }
}

#[tokio::test]
async fn a_view_tracking_more_than_64_keys_crashes_and_its_entries_leave() {
    use liveview::test::{TestApp, TestError};
    let app = TestApp::new(liveview::LiveRouter::new().live::<Room>("/").live::<Greedy>("/greedy")).expect("app");
    let mut bob = app.connect("/?user=bob").await.expect("bob");
    let mut greedy = app.connect("/greedy").await.expect("greedy");
    // The same key again only replaces its meta: no new entry.
    for _ in 0..3 {
        greedy.hook_event("#greedy", "track", json!({"user": "u0"})).await.expect("re-track");
    }
    for i in 1..64 {
        greedy.hook_event("#greedy", "track", json!({"user": format!("u{i}")})).await.expect("within the limit");
    }
    let mut keys: Vec<String> = (0..64).map(|i| format!("u{i}")).chain(["bob".to_owned()]).collect();
    keys.sort();
    let all: String = keys.iter().map(|k| format!("{k}: here;")).collect();
    until_text(&mut [&mut bob], &all).await;
    match greedy.hook_event("#greedy", "track", json!({"user": "u64"})).await {
        Err(TestError::Crashed { reason }) => assert!(reason.contains("presence entries"), "{reason}"),
        other => panic!("the 65th key crashes the view, got {other:?}"),
    }
    until_text(&mut [&mut bob], "bob: here;").await;
}

/// A view that tries to read and forge the trackers' messages on `__presence`.
#[liveview::live_view]
#[derive(Default)]
struct Forger {
    seen: usize,
}

#[liveview::live_view]
impl Forger {
    fn mount(_params: &liveview::Params, socket: &mut liveview::Socket) -> Self {
        socket.subscribe::<serde_json::Value>("__presence");
        Forger::default()
    }

    #[info]
    fn overheard(&mut self, _msg: serde_json::Value) {
        self.seen += 1;
    }

    #[event("forge")]
    fn forge(&mut self, socket: &mut liveview::Socket) {
        let entry = json!({"n": 1, "topic": "room", "key": "mallory", "meta": {"away": false}});
        socket.broadcast("__presence", &json!({"type": "state", "node": "evil", "seq": 1, "entries": [entry]}));
    }

    fn render(&self) -> liveview::Rendered {
        liveview::html! { <p id="seen">{self.seen}</p><button id="forge" phx-click="forge">"forge"</button> }
    }
}

#[tokio::test]
async fn a_view_can_neither_forge_nor_overhear_the_trackers_on_reserved_topics() {
    let app = liveview::test::TestApp::new(liveview::LiveRouter::new().live::<Room>("/").live::<Forger>("/forger"))
        .expect("app");
    let mut bob = app.connect("/?user=bob").await.expect("bob");
    let mut forger = app.connect("/forger").await.expect("forger");
    forger.click("#forge").await.expect("forge");
    forger.sync().await.expect("the forged broadcast went out (or not)");
    // A real change after the forgery: once bob lists cy, the forged state had its chance.
    let mut cy = app.connect("/?user=cy").await.expect("cy");
    until_text(&mut [&mut bob, &mut cy], "bob: here;cy: here;").await;
    forger.sync().await.expect("sync");
    assert_eq!(forger.text("#seen").expect("#seen"), "0", "tracker messages are not delivered to views");
}
