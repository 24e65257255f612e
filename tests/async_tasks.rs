//! `start_async` over a real websocket: a task's result arrives as a `diff` push while the view
//! keeps answering events; starting a name again cancels the task running under it; an error
//! or a panic in a task arrives as a failure and the view keeps working; a view that stops
//! cancels its tasks.
//!
//! The tasks wait on gates the test opens, so nothing depends on how long anything takes.

mod support;

use liveview::prelude::*;
use liveview_core::client::ClientTree;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use support::{Client, SECRET, get, start_router};
use tokio::sync::Semaphore;

/// A task's gate (opened by the test) and the flag its future sets when dropped.
#[derive(Clone)]
struct Gate {
    open: Arc<Semaphore>,
    dropped: Arc<AtomicBool>,
}

/// Gates by name, shared by the tests (each uses names of its own) and the view.
static GATES: LazyLock<Mutex<HashMap<String, Gate>>> = LazyLock::new(Mutex::default);

fn gate(name: &str) -> Gate {
    let mut gates = GATES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    gates
        .entry(name.to_owned())
        .or_insert_with(|| Gate { open: Arc::new(Semaphore::new(0)), dropped: Arc::new(AtomicBool::new(false)) })
        .clone()
}

/// Sets its flag when dropped: the future holding it ended or was cancelled.
struct Guard(Arc<AtomicBool>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// What a task does once its gate opens.
#[derive(serde::Deserialize)]
struct Job {
    gate: String,
    /// `"ok"`, `"err"` or `"panic"`.
    outcome: String,
    n: u32,
}

struct Done(Result<u32, AsyncError<String>>);

#[live_view]
#[derive(Default)]
struct Jobs {
    result: AsyncResult<u32>,
    clicks: u32,
}

#[live_view]
impl Jobs {
    #[event("start")]
    fn start(&mut self, job: Job, socket: &mut Socket) {
        self.result = AsyncResult::Loading;
        let Gate { open, dropped } = gate(&job.gate);
        let guard = Guard(dropped);
        socket.start_async(
            "job",
            async move {
                let _guard = guard;
                let _ = open.acquire().await;
                match job.outcome.as_str() {
                    "ok" => Ok(job.n),
                    "err" => Err(format!("job {} failed", job.n)),
                    _ => panic!("job {} panicked", job.n),
                }
            },
            Done,
        );
    }

    #[event("cancel")]
    fn cancel(&mut self, socket: &mut Socket) {
        socket.cancel_async("job");
    }

    #[event("click")]
    fn click(&mut self) {
        self.clicks += 1;
    }

    #[info]
    fn done(&mut self, msg: Done) {
        self.result = msg.0.into();
    }

    fn render(&self) -> Rendered {
        html! {
            match &self.result {
                AsyncResult::Loading => <p id="status">"loading"</p>,
                AsyncResult::Ok(n) => <p id="status">"done: " {n}</p>,
                AsyncResult::Failed(why) => <p id="status">"failed: " {why}</p>,
            }
            <span id="clicks">{self.clicks}</span>
        }
    }
}

/// Generous bound on anything the test waits for.
const WAIT: Duration = Duration::from_secs(10);

/// A joined `Jobs` view and the client's model of its DOM.
struct View {
    client: Client,
    topic: String,
    join_ref: String,
    tree: ClientTree,
}

impl View {
    async fn open() -> (View, SocketAddr) {
        let (addr, _stop) = start_router(LiveRouter::new().secret(SECRET).live::<Jobs>("/jobs")).await;
        let page = get(addr, "/jobs", None).await;
        let mut client = Client::connect(addr, &page).await;
        let (join_ref, reply) = client.join(&page, "/jobs").await;
        assert_eq!(reply["status"], "ok", "{reply}");
        let (tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).expect("join render");
        (View { client, topic: format!("lv:{}", page.view_id), join_ref, tree }, addr)
    }

    fn html(&mut self) -> String {
        self.tree.to_html().expect("render")
    }

    /// Sends event `name` and applies its reply; returns the frames that came before it.
    async fn event(&mut self, name: &str, value: Value) -> Vec<Value> {
        let r = self.client.click(&self.topic, &self.join_ref, name, value).await;
        let (before, reply) = self.client.reply_to(&r, WAIT).await.expect("a reply");
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        for f in &before {
            self.apply_push(f);
        }
        if let Some(diff) = reply[4]["response"].get("diff") {
            self.tree.apply_diff(diff.clone()).expect("reply diff");
        }
        before
    }

    fn apply_push(&mut self, f: &Value) {
        assert_eq!(f[3], "diff", "only diffs are pushed here: {f}");
        assert_eq!(f[0], json!(self.join_ref), "{f}");
        self.tree.apply_diff(f[4].clone()).expect("pushed diff");
    }

    /// Waits for the next pushed diff (a task's result) and applies it.
    async fn pushed(&mut self) {
        let f = self.client.try_recv(WAIT).await.expect("a pushed diff");
        self.apply_push(&f);
    }

    async fn start(&mut self, gate: &str, outcome: &str, n: u32) {
        self.event("start", json!({"gate": gate, "outcome": outcome, "n": n})).await;
    }
}

fn has(html: &str, needle: &str) -> bool {
    html.contains(needle)
}

async fn until_dropped(flag: &AtomicBool) {
    let wait = async {
        while !flag.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(WAIT, wait).await.expect("the task's future was dropped");
}

#[tokio::test]
async fn a_result_arrives_as_a_diff_push_while_events_are_served_meanwhile() {
    let (mut v, _) = View::open().await;
    v.start("serve-1", "ok", 7).await;
    assert!(has(&v.html(), r#"<p id="status">loading</p>"#), "{}", v.html());
    // The task waits: the view still answers events, and nothing else arrives.
    for _ in 0..3 {
        assert!(v.event("click", json!({})).await.is_empty());
    }
    assert!(has(&v.html(), r#"<span id="clicks">3</span>"#) && has(&v.html(), "loading"));
    gate("serve-1").open.add_permits(1);
    v.pushed().await;
    assert!(has(&v.html(), r#"<p id="status">done: 7</p>"#), "{}", v.html());
    assert!(gate("serve-1").dropped.load(Ordering::SeqCst), "a finished task's future is dropped");
}

#[tokio::test]
async fn starting_the_same_name_again_cancels_the_running_task() {
    let (mut v, _) = View::open().await;
    v.start("restart-old", "ok", 1).await;
    v.start("restart-new", "ok", 2).await;
    until_dropped(&gate("restart-old").dropped).await;
    // Opening the old gate now wakes nobody; the new task's result is the only one.
    gate("restart-old").open.add_permits(1);
    gate("restart-new").open.add_permits(1);
    v.pushed().await;
    assert!(has(&v.html(), "done: 2"), "{}", v.html());
    // Nothing else was queued: the next event's reply comes with no push before it.
    assert!(v.event("click", json!({})).await.is_empty());
    assert!(has(&v.html(), "done: 2"), "{}", v.html());
}

#[tokio::test]
async fn cancel_async_drops_the_task_and_nothing_is_delivered() {
    let (mut v, _) = View::open().await;
    v.start("cancel-1", "ok", 1).await;
    v.event("cancel", json!({})).await;
    until_dropped(&gate("cancel-1").dropped).await;
    assert!(v.event("click", json!({})).await.is_empty());
    assert!(has(&v.html(), "loading"), "{}", v.html());
}

#[tokio::test]
async fn an_error_or_a_panic_in_a_task_arrives_as_a_failure_and_the_view_keeps_working() {
    let (mut v, _) = View::open().await;
    v.start("fail-err", "err", 3).await;
    gate("fail-err").open.add_permits(1);
    v.pushed().await;
    assert!(has(&v.html(), r#"<p id="status">failed: job 3 failed</p>"#), "{}", v.html());

    v.start("fail-panic", "panic", 4).await;
    gate("fail-panic").open.add_permits(1);
    v.pushed().await;
    assert!(has(&v.html(), r#"<p id="status">failed: panicked: job 4 panicked</p>"#), "{}", v.html());
    // The same view (its state kept) still handles events and tasks.
    assert!(v.event("click", json!({})).await.is_empty());
    assert!(has(&v.html(), r#"<span id="clicks">1</span>"#), "{}", v.html());
    v.start("fail-after", "ok", 5).await;
    gate("fail-after").open.add_permits(1);
    v.pushed().await;
    assert!(has(&v.html(), "done: 5"), "{}", v.html());
}

#[tokio::test]
async fn a_view_that_stops_cancels_its_tasks() {
    let (mut v, _) = View::open().await;
    v.start("stop-leave", "ok", 1).await;
    let leave = v.client.next_ref();
    v.client.send(json!([v.join_ref, leave, v.topic, "phx_leave", {}])).await;
    v.client.reply_to(&leave, WAIT).await.expect("leave answered");
    until_dropped(&gate("stop-leave").dropped).await;
}

#[tokio::test]
async fn a_closed_socket_cancels_its_views_tasks() {
    let (mut v, _) = View::open().await;
    v.start("stop-close", "ok", 1).await;
    drop(v);
    until_dropped(&gate("stop-close").dropped).await;
}
