//! Upstream group `errors` (`test/e2e/support/error_live.ex`, `tests/errors.spec.js`): `/errors`
//! ([`ErrorLive`]), outside any live_session, with a layout of its own and the client options
//! of upstream's (quick reloads and rejoins, failsafe after 5 reloads, 3 child join tries).
//!
//! What fails, chosen by the query string:
//! - `?dead-mount=raise`: mount fails, also over HTTP (a 500 page);
//! - `?connected-mount=raise`: the connected mount fails (the client reloads the page);
//! - `?child`: a nested child ([`ChildLive`], id `child`) that mounts fine; both views have a
//!   button whose event fails ("Crash main", "Crash child");
//! - `?connected-child-mount-raise=N`: the child's connected mount fails `N` times, then
//!   succeeds;
//! - `?connected-child-mount-raise=link`: the child is "linked" to its parent: whenever the
//!   child fails (its first connected mount, or "Crash child" later), the parent fails too.
//!
//! Upstream's child asks its parent at each connected mount whether to fail (it sends the
//! parent its pid and waits for the answer), and the linked child calls `Process.link` so that
//! BEAM takes the parent down with it; the parent only crashes the child on its first mount
//! (`get_connect_params(socket)["_mounts"] == 0`; here `socket.connect_params()`). The
//! parent's connected mount puts that decision in `LINKS`, under its container id and the
//! browser session's CSRF token (both stable across its remounts): the child reads and counts
//! its failures there, and a linked child wakes the parent's watcher task, whose message fails
//! the parent.

use super::routes::Routes;
use liveview::prelude::*;
use liveview::{Page, PageOptions};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::Notify;

/// Adds `/errors`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| {
        r.live_with::<ErrorLive>("/errors", PageOptions::new().layout(layout).client_options(CLIENT_OPTIONS))
    });
}

/// Upstream's `LiveSocket` options on this page.
pub const CLIENT_OPTIONS: &str = "{reloadJitterMax: 50, reloadJitterMin: 50, maxReloads: 5, failsafeJitter: 1000, maxChildJoinTries: 3, rejoinAfterMs: (_tries) => 50}";

/// The page: the CSRF tag and the client (in `page.head`), then the view.
fn layout(page: &Page) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{}<title>Errors</title>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        page.head, page.body
    )
}

/// What a parent decided for its child's connected mounts.
#[derive(Debug)]
pub struct Link {
    /// How many connected mounts of the child fail.
    want_fails: u32,
    /// How many have failed so far.
    have_fails: AtomicU32,
    /// The child takes the parent down when it fails.
    linked: bool,
    /// Woken by a failing linked child: the parent's watcher then fails the parent.
    child_failed: Notify,
}

impl Link {
    fn new(want_fails: u32, have_fails: u32, linked: bool) -> Arc<Link> {
        Arc::new(Link { want_fails, have_fails: AtomicU32::new(have_fails), linked, child_failed: Notify::new() })
    }
}

/// The parents' decisions, by the parent's container id.
static LINKS: LazyLock<Mutex<HashMap<String, Arc<Link>>>> = LazyLock::new(Mutex::default);

/// Most parents remembered (each test page adds one; older ones are forgotten past this).
const MAX_LINKS: usize = 10_000;

fn links() -> std::sync::MutexGuard<'static, HashMap<String, Arc<Link>>> {
    LINKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Upstream's `DateTime.utc_now()` in the render-time paragraphs: it differs between renders.
fn now() -> String {
    let t = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    format!("{}.{:06}", t.as_secs(), t.subsec_micros())
}

/// The status paragraphs each view shows while its container has that class.
fn status() -> Rendered {
    html! {
        <p class="if-phx-error">"Error"</p>
        <p class="if-phx-client-error">"Client Error"</p>
        <p class="if-phx-server-error">"Server Error"</p>
        <p class="if-phx-disconnected">"Disconnected"</p>
        <p class="if-phx-loading">"Loading"</p>
    }
}

const STYLE: &str = "
[data-phx-session] .if-phx-error { display: none; }
[data-phx-session].phx-error > .if-phx-error { display: block; }
[data-phx-session] .if-phx-client-error { display: none; }
[data-phx-session].phx-client-error > .if-phx-client-error { display: block; }
[data-phx-session] .if-phx-server-error { display: none; }
[data-phx-session].phx-server-error > .if-phx-server-error { display: block; }
[data-phx-session] .if-phx-disconnected { display: none; }
[data-phx-session].phx-disconnected > .if-phx-disconnected { display: block; }
[data-phx-session] .if-phx-loading { display: none; }
[data-phx-session].phx-loading > .if-phx-loading { display: block; }
";

/// A linked child failed (the parent's watcher task delivers it).
#[derive(Debug)]
pub struct LinkedChildFailed;

/// `/errors`.
#[live_view]
#[derive(Debug, Default)]
pub struct ErrorLive {
    /// Renders [`ChildLive`].
    child: bool,
    /// The container id and CSRF token, under which `LINKS` keeps this parent's decisions.
    key: String,
}

#[live_view]
impl ErrorLive {
    fn mount(params: &Params, socket: &mut Socket) -> Result<Self> {
        let has = |k: &str| params.query().iter().any(|(key, _)| key == k);
        if params.get("dead-mount") == Some("raise") {
            return Err(Error::msg("boom"));
        }
        if params.get("connected-mount") == Some("raise") && socket.connected() {
            return Err(Error::msg("boom"));
        }
        // The container id is unique within a page only; the CSRF token the client sends with
        // the join is the browser session's, the same across the container's remounts.
        let connect = socket.connect_params();
        let csrf = connect.and_then(|p| p.get("_csrf_token")).and_then(|v| v.as_str()).unwrap_or_default();
        let key = format!("{}:{csrf}", socket.view_id());
        let mounts = connect.and_then(|p| p.get("_mounts")).and_then(serde_json::Value::as_u64).unwrap_or(0);
        let link = match params.get("connected-child-mount-raise") {
            // the child fails on the first mount of this container only
            Some("link") => {
                let remount = mounts > 0;
                Some(Link::new(1, u32::from(remount), true))
            }
            Some(n) => Some(Link::new(n.parse().map_err(|_| Error::msg("not a number of failures"))?, 0, false)),
            None if has("child") => Some(Link::new(0, 0, false)),
            None => None,
        };
        let Some(link) = link else { return Ok(ErrorLive { child: false, key }) };
        if socket.connected() {
            let mut all = links();
            if all.len() >= MAX_LINKS {
                all.clear();
            }
            all.insert(key.clone(), link.clone());
            drop(all);
            if link.linked {
                let watched = link.clone();
                socket.start_async(
                    "linked-child",
                    async move {
                        watched.child_failed.notified().await;
                        Ok::<(), ()>(())
                    },
                    |_| LinkedChildFailed,
                );
            }
        }
        Ok(ErrorLive { child: true, key })
    }

    #[event("boom")]
    fn boom(&mut self) -> Result<()> {
        Err(Error::msg("boom"))
    }

    /// The linked child failed: so does this view (upstream: the BEAM link's exit signal).
    #[info]
    fn linked_child_failed(&mut self, _: LinkedChildFailed) -> Result<()> {
        Err(Error::msg("a linked child failed"))
    }

    fn render(&self) -> Rendered {
        html! {
            <p id="render-time">"main rendered at: "{now()}</p>
            <button phx-click="boom">"Crash main"</button>
            {status()}
            <div style="border: 1px solid lightgray; padding: 4px; margin-top: 16px;">
                if self.child {
                    {live_render::<ChildLive>("child").session("parent", &self.key)}
                }
            </div>
            <style>{liveview::raw(STYLE)}</style>
        }
    }
}

/// The nested view of `/errors` (id `child`).
#[live_view]
#[derive(Debug, Default)]
pub struct ChildLive {
    connected: bool,
    /// This child's failures fail its parent too.
    link: Option<Arc<Link>>,
}

impl ChildLive {
    /// Takes the parent down with this child, if they are linked.
    fn fail_parent(link: Option<&Link>) {
        if let Some(link) = link.filter(|l| l.linked) {
            link.child_failed.notify_one();
        }
    }
}

#[live_view]
impl ChildLive {
    fn mount(session: &Session, socket: &mut Socket) -> Result<Self> {
        if !socket.connected() {
            return Ok(ChildLive { connected: false, link: None });
        }
        let parent: String = session.get("parent").unwrap_or_default();
        let link = links().get(&parent).cloned();
        if let Some(l) = &link
            && l.have_fails.fetch_add(1, Ordering::SeqCst) < l.want_fails
        {
            Self::fail_parent(Some(l));
            return Err(Error::msg("boom"));
        }
        Ok(ChildLive { connected: true, link })
    }

    #[event("boom")]
    fn boom(&mut self) -> Result<()> {
        Self::fail_parent(self.link.as_deref());
        Err(Error::msg("boom"))
    }

    fn render(&self) -> Rendered {
        html! {
            if self.connected { "Child connected" } else { "Child rendered (dead)" }
            <p id="child-render-time">"child rendered at: "{now()}</p>
            <button phx-click="boom">"Crash child"</button>
            {status()}
        }
    }
}
