//! Test your views without a browser: [`LiveTest`] mounts a view the way the official client
//! does — the dead render over HTTP, then a websocket join with that page's tokens — and acts
//! on the page through its own bindings.
//!
//! Everything runs in-process: the server's real request handling, connection task and view
//! task, over a memory pipe instead of TCP. The HTML you query is what the browser would show:
//! every diff is merged with the same model of the client's merge algorithm that the
//! framework's own property tests check against a fresh render, and it is parsed by html5ever.
//!
//! Enable the `test` feature of `liveview` in your dev-dependencies only, so release builds do
//! not carry the harness:
//!
//! ```toml
//! [dev-dependencies]
//! liveview = { version = "…", features = ["test"] }
//! ```
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), liveview::test::TestError> {
//! use liveview::test::LiveTest;
//!
//! let mut lv = LiveTest::connect(liveview_examples::router(), "/counter").await?;
//! assert_eq!(lv.text("#count")?, "0");
//! lv.click("#inc").await?;
//! assert_eq!(lv.text("#count")?, "1");
//! # Ok(()) }
//! ```
//!
//! Actions fail when the page lacks what they need — a selector that matches nothing (the
//! error lists the ids on the page), an element without the binding, a form without the
//! field — and when the view crashes (the error carries the handler's error). Each action
//! returns once the view has handled it and everything it asked for (pushes, broadcasts to
//! other views, scheduled infos) has been sent.
//!
//! Async tasks (`socket.start_async`) report in their own time: [`LiveTest::await_async`]
//! waits for them and applies what they changed.

mod conn;
mod dom;
mod error;
mod form;
mod upload;

pub use error::TestError;

use crate::assets::ClientAssets;
use crate::cookie::FLASH_COOKIE;
use crate::inspect::Inspect;
use crate::mailbox::ViewMsg;
use crate::router::LiveRouter;
use crate::state::Shared;
use conn::Conn;
use dom::Dom;
use http_body_util::BodyExt;
use liveview_core::client::{Applied, ClientTree};
use liveview_core::info::Info;
use liveview_core::socket::Flash;
use serde_json::{Map, Value, json};
use std::any::Any;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// A server for tests: the router's views, served in-process. Connect several [`LiveTest`]s
/// to one app to test views that talk to each other (they share its pubsub).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), liveview::test::TestError> {
/// use liveview::test::TestApp;
///
/// let app = TestApp::new(liveview_examples::router())?;
/// let mut alice = app.connect("/rtcounter").await?;
/// let mut bob = app.connect("/rtcounter").await?;
/// alice.click("#inc").await?;
/// bob.sync().await?; // handle what other views sent it
/// assert_eq!(bob.text("#count")?, alice.text("#count")?);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TestApp {
    shared: Arc<Shared>,
    inspect: Arc<Inspect>,
}

impl std::fmt::Debug for TestApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestApp").field("app", &self.shared.app).finish()
    }
}

impl TestApp {
    /// Serves `router` in-process (no port, no JS client needed).
    ///
    /// # Errors
    /// [`TestError::Config`] when the router has a bad route pattern or signing secret.
    pub fn new(router: LiveRouter) -> Result<TestApp, TestError> {
        let mut shared = Shared::new(router, ClientAssets::none(), CancellationToken::new())?;
        // Time may be advanced by hours in a test: the harness sends no heartbeats.
        shared.limits.idle_timeout = Duration::from_secs(100 * 365 * 24 * 3600);
        let inspect = Arc::new(Inspect::default());
        shared.inspect = Some(inspect.clone());
        Ok(TestApp { shared: Arc::new(shared), inspect })
    }

    /// Mounts the view at `path` (path and query) as a browser would: dead render, then join.
    ///
    /// # Errors
    /// When no view is routed there ([`TestError::NotLive`]), mount redirects
    /// ([`TestError::Redirected`]), the join is refused or mount crashes.
    pub async fn connect(&self, path: &str) -> Result<LiveTest, TestError> {
        self.mount(path, None, &[]).await
    }

    /// [`TestApp::connect`] with request headers on the dead render (and on every page load
    /// that follows): a `cookie` header for a session, what an auth layer would have set.
    /// The router's `session_from` sees them; an `on_mount` hook that halts with a redirect
    /// surfaces as [`TestError::Redirected`].
    ///
    /// # Errors
    /// As [`TestApp::connect`].
    pub async fn connect_with(&self, path: &str, headers: &[(&str, &str)]) -> Result<LiveTest, TestError> {
        let headers: Vec<(String, String)> = headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.mount(path, None, &headers).await
    }

    /// [`TestApp::connect`] with connect params: what the client's `LiveSocket` `params` option
    /// sends with every join (a JSON object; `Socket::connect_params` reads it in `mount`).
    /// They are sent again on the page loads that follow, as the browser would.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// use liveview::prelude::*;
    /// use liveview::test::TestApp;
    ///
    /// #[live_view]
    /// #[derive(Default)]
    /// struct Clock {
    ///     zone: String,
    /// }
    ///
    /// #[live_view]
    /// impl Clock {
    ///     fn mount(socket: &mut Socket) -> Self {
    ///         let zone = socket.connect_params().and_then(|p| p["tz"].as_str()).unwrap_or("UTC");
    ///         Clock { zone: zone.to_owned() }
    ///     }
    ///
    ///     fn render(&self) -> Rendered {
    ///         html! { <p id="zone">{&self.zone}</p> }
    ///     }
    /// }
    ///
    /// let app = TestApp::new(liveview::LiveRouter::new().live::<Clock>("/"))?;
    /// let lv = app.connect_with_params("/", serde_json::json!({"tz": "Europe/Paris"})).await?;
    /// assert_eq!(lv.text("#zone")?, "Europe/Paris");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`TestApp::connect`]; [`TestError::Assertion`] when `params` is not a JSON object.
    pub async fn connect_with_params(&self, path: &str, params: Value) -> Result<LiveTest, TestError> {
        let Value::Object(params) = params else {
            return Err(TestError::Assertion(format!("connect params are a JSON object, not {params}")));
        };
        self.mount_with(path, None, &[], params).await
    }

    async fn mount(
        &self,
        path: &str,
        flash_token: Option<&str>,
        headers: &[(String, String)],
    ) -> Result<LiveTest, TestError> {
        self.mount_with(path, flash_token, headers, Map::new()).await
    }

    async fn mount_with(
        &self,
        path: &str,
        flash_token: Option<&str>,
        headers: &[(String, String)],
        connect_params: Map<String, Value>,
    ) -> Result<LiveTest, TestError> {
        let page = self.dead_render(path, flash_token, headers).await?;
        let mut lv = LiveTest {
            connect_params,
            headers: headers.to_vec(),
            app: self.clone(),
            conn: Conn::open(&self.shared).await,
            topic: format!("lv:{}", page.view_id),
            join_ref: String::new(),
            session: page.session,
            static_token: page.static_token,
            url: path.to_owned(),
            tree: None,
            html: String::new(),
            title: page.title,
            events: VecDeque::new(),
            patches: VecDeque::new(),
            redirects: VecDeque::new(),
            used: HashSet::new(),
            stopped: None,
        };
        lv.join(json!({ "url": absolute(path) })).await?;
        Ok(lv)
    }

    /// GETs `path` and reads the LiveView container of the page.
    async fn dead_render(
        &self,
        path: &str,
        flash_token: Option<&str>,
        headers: &[(String, String)],
    ) -> Result<DeadPage, TestError> {
        let mut req = http::Request::builder().uri(path).header(http::header::HOST, "localhost");
        if let Some(token) = flash_token {
            req = req.header(http::header::COOKIE, format!("{FLASH_COOKIE}={token}"));
        }
        for (name, value) in headers {
            req = req.header(name.as_str(), value.as_str());
        }
        let req = req.body(()).map_err(|e| TestError::Protocol(format!("cannot request {path:?}: {e}")))?;
        let resp = crate::http::dead_render::page(&self.shared, &req.into_parts().0).await;
        let status = resp.status();
        if status.is_redirection() {
            let to = resp.headers().get(http::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("");
            return Err(TestError::Redirected { path: path.to_owned(), to: to.to_owned() });
        }
        let body = match resp.into_body().collect().await {
            Ok(b) => String::from_utf8_lossy(&b.to_bytes()).into_owned(),
            Err(never) => match never {},
        };
        if status != http::StatusCode::OK {
            return Err(TestError::NotLive { path: path.to_owned(), status: status.as_u16() });
        }
        let doc = Dom::parse_document(&body);
        let main = doc.first("[data-phx-main]")?;
        let attr = |name| main.value().attr(name).unwrap_or_default().to_owned();
        let title = doc.first("title").ok().map(dom::text);
        Ok(DeadPage {
            view_id: attr("id"),
            session: attr("data-phx-session"),
            static_token: attr("data-phx-static"),
            title,
        })
    }
}

/// What a dead render gave the page.
struct DeadPage {
    view_id: String,
    session: String,
    static_token: String,
    title: Option<String>,
}

/// Where a view sent the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// `push_navigate` / `push_redirect` (or a patch to another view): the next view mounts
    /// over the same socket.
    Navigate {
        /// The target path and query.
        to: String,
        /// Flash carried to the next view.
        flash: Flash,
    },
    /// `redirect`: a full page load.
    Full {
        /// The target URL.
        to: String,
        /// Flash carried to the next page.
        flash: Flash,
    },
}

impl Redirect {
    /// The target.
    pub fn to(&self) -> &str {
        match self {
            Redirect::Navigate { to, .. } | Redirect::Full { to, .. } => to,
        }
    }

    /// The flash carried along.
    pub fn flash(&self) -> &Flash {
        match self {
            Redirect::Navigate { flash, .. } | Redirect::Full { flash, .. } => flash,
        }
    }
}

/// What following a live link did ([`LiveTest::follow_link`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followed {
    /// A patch link: the same view got `handle_params`.
    Patch,
    /// The target view mounted over the same socket.
    LiveNavigation,
    /// The target is in another `live_session`: the page was loaded over HTTP.
    PageLoad,
}

/// One mounted LiveView, driven as the official client drives it. See the [module
/// docs](self).
pub struct LiveTest {
    app: TestApp,
    /// Request headers of every page load (`TestApp::connect_with`).
    headers: Vec<(String, String)>,
    /// The connect params every join sends (see [`TestApp::connect_with_params`]).
    connect_params: Map<String, Value>,
    conn: Conn,
    topic: String,
    join_ref: String,
    session: String,
    static_token: String,
    /// The current path and query.
    url: String,
    tree: Option<ClientTree>,
    html: String,
    title: Option<String>,
    events: VecDeque<(String, Value)>,
    patches: VecDeque<String>,
    redirects: VecDeque<Redirect>,
    /// Form fields the test has changed (the client marks the others `_unused_`).
    used: HashSet<String>,
    /// Why the view no longer runs.
    stopped: Option<&'static str>,
}

impl std::fmt::Debug for LiveTest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveTest").field("topic", &self.topic).field("url", &self.url).finish()
    }
}

/// What the client does with a `phx-*` binding on an element.
enum Binding {
    /// Push `event` with `value` (and maybe a target).
    Push { event: String, value: Map<String, Value>, target: Option<Value> },
}

impl LiveTest {
    /// Serves `router` and mounts the view at `path`: [`TestApp::new`] then
    /// [`TestApp::connect`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/counter").await?;
    /// assert!(lv.has("#inc"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`TestApp::new`] and [`TestApp::connect`].
    pub async fn connect(router: LiveRouter, path: &str) -> Result<LiveTest, TestError> {
        TestApp::new(router)?.connect(path).await
    }

    /// The view's HTML as the browser shows it (the inside of its container).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/counter").await?;
    /// assert!(lv.html().contains(r#"<span id="count">0</span>"#));
    /// # Ok(()) }
    /// ```
    pub fn html(&self) -> &str {
        &self.html
    }

    /// The text of the first element `selector` matches, trimmed.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/counter").await?;
    /// assert_eq!(lv.text("#count")?, "0");
    /// assert!(lv.text("#no-such-thing").unwrap_err().to_string().contains("#count"), "lists the ids");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`TestError::NoMatch`] (listing the ids on the page) or an invalid selector.
    pub fn text(&self, selector: &str) -> Result<String, TestError> {
        Ok(dom::text(self.dom().first(selector)?))
    }

    /// Whether `selector` matches an element.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/counter").await?;
    /// assert!(lv.has("button#inc") && !lv.has("#missing"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Panics
    /// On a selector that does not parse (a mistake in the test).
    pub fn has(&self, selector: &str) -> bool {
        match self.dom().select(selector) {
            Ok(found) => !found.is_empty(),
            Err(e) => panic!("{e}"),
        }
    }

    /// How many elements `selector` matches.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/list").await?;
    /// assert_eq!(lv.count("#rows li"), 100);
    /// # Ok(()) }
    /// ```
    ///
    /// # Panics
    /// On a selector that does not parse (a mistake in the test).
    pub fn count(&self, selector: &str) -> usize {
        match self.dom().select(selector) {
            Ok(found) => found.len(),
            Err(e) => panic!("{e}"),
        }
    }

    /// The value of attribute `name` on the first element `selector` matches (`None` when the
    /// element has no such attribute).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/counter").await?;
    /// assert_eq!(lv.attr("#inc", "phx-click")?.as_deref(), Some("inc"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`TestError::NoMatch`] or an invalid selector.
    pub fn attr(&self, selector: &str, name: &str) -> Result<Option<String>, TestError> {
        Ok(self.dom().first(selector)?.value().attr(name).map(str::to_owned))
    }

    /// The current path and query (changed by `push_patch` and live navigation).
    pub fn path(&self) -> &str {
        &self.url
    }

    /// The page title: the dead render's `<title>`, then every `page_title` the view sets.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Clicks the first element `selector` matches: sends its `phx-click` (an event name, or
    /// a `JS` command list whose `push` commands are sent, each with its `value` merged in and
    /// to its `target` if it has one) with its `phx-value-*` attributes. Commands that act in
    /// the browser alone (`show`, `add_class`, …) change nothing here, and an `exec` is not
    /// followed into the attribute it names: a `push` reached only through `exec` is not sent.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let mut lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/counter").await?;
    /// lv.click("#inc").await?;
    /// lv.click("#inc").await?;
    /// assert_eq!(lv.text("#count")?, "2");
    /// assert!(lv.click("#count").await.is_err(), "a span has no phx-click");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// No such element, no `phx-click` on it, or the view crashed.
    pub async fn click(&mut self, selector: &str) -> Result<(), TestError> {
        self.element_event(selector, "phx-click", "click", Map::new()).await.map(drop)
    }

    /// A `phx-keyup` on the first element `selector` matches, with `key` (as `KeyboardEvent.key`
    /// names it: `"Enter"`, `"a"`), or its `phx-window-keyup` when it has no `phx-keyup` (a key
    /// released anywhere on the page, as Phoenix's `render_keyup` does). Honours `phx-key`:
    /// another key sends nothing.
    ///
    /// # Errors
    /// As [`LiveTest::click`].
    pub async fn keyup(&mut self, selector: &str, key: &str) -> Result<(), TestError> {
        self.key_event(selector, ["phx-keyup", "phx-window-keyup"], "keyup", key).await
    }

    /// A `phx-keydown` (or `phx-window-keydown`), as [`LiveTest::keyup`].
    ///
    /// # Errors
    /// As [`LiveTest::click`].
    pub async fn keydown(&mut self, selector: &str, key: &str) -> Result<(), TestError> {
        self.key_event(selector, ["phx-keydown", "phx-window-keydown"], "keydown", key).await
    }

    /// A `phx-blur` on the first element `selector` matches.
    ///
    /// # Errors
    /// As [`LiveTest::click`].
    pub async fn blur(&mut self, selector: &str) -> Result<(), TestError> {
        self.element_event(selector, "phx-blur", "blur", Map::new()).await.map(drop)
    }

    /// A `phx-focus` on the first element `selector` matches.
    ///
    /// # Errors
    /// As [`LiveTest::click`].
    pub async fn focus(&mut self, selector: &str) -> Result<(), TestError> {
        self.element_event(selector, "phx-focus", "focus", Map::new()).await.map(drop)
    }

    /// Pushes `event` with `payload` as a hook mounted on the first element `selector`
    /// matches would (`this.pushEvent`), and returns the view's reply (`{}` without one).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let mut lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/push").await?;
    /// // The /push view has no handler for "ping": it logs it and replies nothing.
    /// let reply = lv.hook_event("#hook-log", "ping", serde_json::json!({"n": 1})).await?;
    /// assert_eq!(reply, serde_json::json!({}));
    /// assert!(lv.hook_event("#push-event", "ping", serde_json::json!({})).await.is_err(), "no phx-hook there");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// No such element, no `phx-hook` on it, or the view crashed.
    pub async fn hook_event(&mut self, selector: &str, event: &str, payload: Value) -> Result<Value, TestError> {
        let dom = self.dom();
        let el = dom.first(selector)?;
        if el.value().attr("phx-hook").is_none() {
            return Err(no_binding(selector, "phx-hook", el));
        }
        drop(dom);
        let applied =
            self.push("event", json!({ "type": "hook", "event": event, "value": payload, "cid": Value::Null })).await?;
        Ok(applied.reply.unwrap_or_else(|| json!({})))
    }

    /// Changes fields of the form `form_selector` matches and sends its `phx-change`: the
    /// form's current inputs with `fields` merged in (a given name replaces that name's values;
    /// give it several times for several values), `_target` naming the first given field.
    /// Fields never changed by the test are marked `_unused_`, as the client marks fields the
    /// user has not touched.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let mut lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/form").await?;
    /// lv.change("#user-form", &[("user[name]", "Ann")]).await?;
    /// assert_eq!(lv.text("#greeting")?, "Hello, Ann!");
    /// assert!(lv.change("#user-form", &[("user[nmae]", "A")]).await.is_err(), "no such field");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// No such form, no `phx-change` on it, a field the form does not have, or a crash.
    pub async fn change(&mut self, form_selector: &str, fields: &[(&str, &str)]) -> Result<(), TestError> {
        self.used.extend(fields.iter().map(|(n, _)| (*n).to_owned()));
        let target = fields.first().map(|(n, _)| *n).unwrap_or("undefined");
        self.form_event(form_selector, "phx-change", fields, false, Some(target)).await
    }

    /// Submits the form `form_selector` matches (its `phx-submit`), with `fields` merged into
    /// its current inputs as for [`LiveTest::change`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let mut lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/form").await?;
    /// lv.submit("#user-form", &[("user[name]", "Ann")]).await?;
    /// assert_eq!(lv.text("#saved")?, "Saved Ann");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`LiveTest::change`] (with `phx-submit`).
    pub async fn submit(&mut self, form_selector: &str, fields: &[(&str, &str)]) -> Result<(), TestError> {
        // The client marks every input of a submitted form as used (PHX_HAS_SUBMITTED): later
        // changes carry no `_unused_` marker for them.
        let names: Vec<String> = match self.dom().first(form_selector) {
            Ok(form) => form
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
                .filter_map(|el| el.value().attr("name"))
                .map(str::to_owned)
                .collect(),
            Err(_) => Vec::new(),
        };
        self.used.extend(fields.iter().map(|(n, _)| (*n).to_owned()));
        self.used.extend(names);
        self.form_event(form_selector, "phx-submit", fields, true, None).await
    }

    /// Clicks the live link `selector` matches ([`Link`](liveview_core::link::Link): an `<a>`
    /// with `data-phx-link`) as the official client does: a patch link sends `live_patch`; a
    /// navigate link mounts its target over the same socket, or loads the page (with the
    /// headers of [`TestApp::connect_with`]) when the join is refused because the target is
    /// in another `live_session`. Says which happened.
    ///
    /// # Errors
    /// No such element, no `data-phx-link` on it, or the next view failing to mount (an
    /// `on_mount` hook that redirects gives [`TestError::Redirected`]).
    pub async fn follow_link(&mut self, selector: &str) -> Result<Followed, TestError> {
        let (href, kind) = {
            let dom = self.dom();
            let el = dom.first(selector)?;
            let kind = el.value().attr("data-phx-link").ok_or_else(|| no_binding(selector, "data-phx-link", el))?;
            (el.value().attr("href").unwrap_or_default().to_owned(), kind.to_owned())
        };
        if kind == "patch" {
            self.patch(&href).await?;
            return Ok(Followed::Patch);
        }
        let to =
            path_of(&href).ok_or_else(|| TestError::Assertion(format!("{selector:?} links out of the app: {href}")))?;
        self.reset(to.clone());
        match self.join(json!({ "redirect": absolute(&to), "static": Value::Null })).await {
            Ok(()) => Ok(Followed::LiveNavigation),
            Err(TestError::JoinRefused { response }) if response["reason"] == "unauthorized" => {
                *self = self.page_load(&to, None).await?;
                Ok(Followed::PageLoad)
            }
            Err(e) => Err(e),
        }
    }

    /// Sends the view a `live_patch` to `path`, as a patch link or the back button does.
    /// When the view answers with a `push_patch` of its own (`handle_params` replacing a URL
    /// it does not accept), the page ends at that URL, as in the browser.
    ///
    /// # Errors
    /// When the view crashed or is not running.
    pub async fn patch(&mut self, path: &str) -> Result<(), TestError> {
        let patches = self.patches.len();
        self.push("live_patch", json!({ "url": absolute(path) })).await?;
        let repatched = self.patches.len() > patches;
        if !repatched
            && self.stopped.is_none()
            && !self.redirects.iter().any(|r| matches!(r, Redirect::Navigate { .. }))
        {
            self.url = path.to_owned();
        }
        Ok(())
    }

    /// The payload of the oldest `push_event(name, ..)` not yet asserted; events of other
    /// names before it are passed over (they stay for their own assertions).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let mut lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/push").await?;
    /// lv.click("#push-event").await?;
    /// let payload = lv.assert_push_event("my-event")?;
    /// assert!(payload.is_object());
    /// assert!(lv.assert_push_event("my-event").is_err(), "each push is asserted once");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`TestError::Assertion`] naming the events that were pushed.
    pub fn assert_push_event(&mut self, name: &str) -> Result<Value, TestError> {
        match self.events.iter().position(|(n, _)| n == name) {
            Some(i) => Ok(self.events.remove(i).map(|(_, p)| p).unwrap_or_default()),
            None => Err(TestError::Assertion(format!(
                "no push_event {name:?}; pushed and not yet asserted: {:?}",
                self.events.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
            ))),
        }
    }

    /// The path and query of the oldest `push_patch` not yet asserted.
    ///
    /// # Errors
    /// [`TestError::Assertion`] when the view did not patch.
    pub fn assert_patched(&mut self) -> Result<String, TestError> {
        self.patches.pop_front().ok_or_else(|| TestError::Assertion("the view did not push_patch".to_owned()))
    }

    /// The oldest redirect not yet asserted: live navigation ([`Redirect::Navigate`]) or a
    /// full page load ([`Redirect::Full`]).
    ///
    /// # Errors
    /// [`TestError::Assertion`] when the view did not redirect.
    pub fn assert_redirected(&mut self) -> Result<Redirect, TestError> {
        self.redirects.pop_front().ok_or_else(|| TestError::Assertion("the view did not redirect".to_owned()))
    }

    /// Follows the oldest redirect not yet asserted: mounts the view it leads to, as the
    /// client does (live navigation rejoins over the same socket with the redirect's flash; a
    /// full redirect loads the page, with its flash cookie). Returns where it went.
    ///
    /// # Errors
    /// No redirect to follow, a target outside the app, or the next view's mount failing.
    pub async fn follow_redirect(&mut self) -> Result<Redirect, TestError> {
        let redirect = self.assert_redirected()?;
        let to = path_of(redirect.to()).ok_or_else(|| {
            TestError::Assertion(format!("cannot follow a redirect out of the app: {}", redirect.to()))
        })?;
        match &redirect {
            Redirect::Navigate { flash, .. } => {
                let flash = (!flash.is_empty()).then(|| self.app.shared.app.sign_flash(flash)).flatten();
                self.reset(to.clone());
                let mut payload = json!({ "redirect": absolute(&to), "static": Value::Null });
                if let Some(token) = flash {
                    payload["flash"] = token.into();
                }
                match self.join(payload).await {
                    // Another live_session: the client loads the page instead.
                    Err(TestError::JoinRefused { response }) if response["reason"] == "unauthorized" => {
                        *self = self.page_load(&to, None).await?;
                    }
                    joined => joined?,
                }
            }
            Redirect::Full { flash, .. } => {
                let token = (!flash.is_empty()).then(|| self.app.shared.app.sign_flash(flash)).flatten();
                *self = self.page_load(&to, token.as_deref()).await?;
            }
        }
        Ok(redirect)
    }

    /// Sends `msg` to the view's `#[info]` handlers (as `send_info` or a broadcast would) and
    /// waits until it is handled.
    ///
    /// # Errors
    /// When the view is not running or crashed handling it.
    pub async fn send_info<M: Any + Send>(&mut self, msg: M) -> Result<(), TestError> {
        self.running()?;
        let mailbox =
            self.app.inspect.mailbox(&self.inspect_key()).ok_or(TestError::NotRunning("its mailbox is gone"))?;
        mailbox
            .send(Box::new(ViewMsg::Info(Info::new(msg))))
            .await
            .map_err(|_| TestError::NotRunning("its mailbox is gone"))?;
        self.sync().await
    }

    /// Advances the paused tokio clock by `by` and handles what became due (`send_after`).
    /// The test must run on a paused clock: `#[tokio::test(start_paused = true)]`.
    ///
    /// # Errors
    /// When the view crashed handling what came due.
    ///
    /// # Panics
    /// When the clock is not paused (tokio's `advance` panics).
    pub async fn advance(&mut self, by: Duration) -> Result<(), TestError> {
        tokio::time::advance(by).await;
        // Let the timer tasks that came due hand their infos to the view.
        for _ in 0..8 {
            tokio::task::yield_now().await;
        }
        self.sync().await
    }

    /// Waits until every async task the view started (`socket.start_async`) has reported, then
    /// handles the reports and applies what they changed (Phoenix's `render_async`). Tasks
    /// started by those reports' handlers are awaited too, so it returns once none runs: a view
    /// that always starts another task never settles.
    ///
    /// Real time passes while the tasks run; on a paused clock
    /// (`#[tokio::test(start_paused = true)]`) tokio skips their sleeps.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let mut lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/async").await?;
    /// assert_eq!(lv.text("#status")?, "loading");
    /// lv.await_async().await?;
    /// assert_eq!(lv.text("#status")?, "ready: 42");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// When the view crashed handling a report, or is not running.
    ///
    /// # Cancel safety
    /// Cancel-safe: bound it with `tokio::time::timeout` if a task may never end. The view and
    /// this `LiveTest` stay usable, and a report not applied yet is applied by the next action.
    pub async fn await_async(&mut self) -> Result<(), TestError> {
        loop {
            self.running()?;
            self.app.inspect.tasks_done(&self.inspect_key()).await;
            self.sync().await?;
            if self.app.inspect.tasks_idle(&self.inspect_key()) {
                return Ok(());
            }
        }
    }

    /// Handles everything sent to the view so far (broadcasts from other views, infos) and
    /// applies what it pushed.
    ///
    /// # Errors
    /// When the view crashed or is not running.
    pub async fn sync(&mut self) -> Result<(), TestError> {
        // The view handles its mailbox in order, so the reply to this no-op comes after
        // everything queued before it.
        self.push_unsynced("cids_will_destroy", json!({ "cids": [] })).await.map(drop)
    }

    /// The nested LiveView this view renders in its container `id` (`live_render::<V>(id)`),
    /// joined the way the client joins it: with the container's token, without a URL.
    ///
    /// The parent's [`html`](LiveTest::html) shows the child's container empty (the browser
    /// shows the child's own render there): query and drive the child through the returned
    /// `LiveTest`. Its crash surfaces on its own actions; the parent keeps running. The child
    /// runs on a connection of its own, so it outlives what would stop it in a browser (a
    /// parent crash, its container removed): join it again to see a fresh mount.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let mut parent = liveview::test::LiveTest::connect(liveview_examples::router(), "/nested").await?;
    /// let mut child = parent.live_child("child-a").await?;
    /// child.click("#child-a-inc").await?;
    /// assert_eq!(child.text("#child-a-count")?, "1");
    /// assert!(parent.has("#child-a") && !parent.has("#child-a-count"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`TestError::NoMatch`] when no container has that id, [`TestError::Protocol`] when the
    /// element is not a nested view's container, and the errors of a join.
    pub async fn live_child(&self, id: &str) -> Result<LiveTest, TestError> {
        let by_id = format!("[id=\"{}\"]", id.replace('\\', "\\\\").replace('"', "\\\""));
        // Dropped before the awaits below: the parsed page is not `Send`.
        let session = {
            let dom = self.dom();
            match dom.first(&format!("{by_id}[data-phx-session]")) {
                Ok(el) => el.value().attr("data-phx-session").unwrap_or_default().to_owned(),
                Err(e) if dom.first(&by_id).is_ok() => {
                    return Err(TestError::Protocol(format!("#{id} is not a nested LiveView's container ({e})")));
                }
                Err(e) => return Err(e),
            }
        };
        let mut child = LiveTest {
            headers: self.headers.clone(),
            connect_params: self.connect_params.clone(),
            app: self.app.clone(),
            conn: Conn::open(&self.app.shared).await,
            topic: format!("lv:{id}"),
            join_ref: String::new(),
            session,
            static_token: String::new(),
            url: self.url.clone(),
            tree: None,
            html: String::new(),
            title: None,
            events: VecDeque::new(),
            patches: VecDeque::new(),
            redirects: VecDeque::new(),
            used: HashSet::new(),
            stopped: None,
        };
        child.join(json!({ "static": null })).await?;
        Ok(child)
    }

    // ---- internals -------------------------------------------------------------------------

    fn dom(&self) -> Dom {
        Dom::parse_fragment(&self.html)
    }

    /// What the server's inspection knows this view by: its topic on this harness socket.
    fn inspect_key(&self) -> String {
        crate::inspect::socket_key(self.conn.id(), &self.topic)
    }

    fn running(&self) -> Result<(), TestError> {
        match self.stopped {
            Some(why) => Err(TestError::NotRunning(why)),
            None => Ok(()),
        }
    }

    /// Prepares for the next view over the same topic (live navigation).
    fn reset(&mut self, url: String) {
        self.url = url;
        self.tree = None;
        self.html.clear();
        self.stopped = None;
        self.used.clear();
    }

    async fn join(&mut self, mut payload: Value) -> Result<(), TestError> {
        let jr = self.conn.next_ref();
        self.join_ref = jr.clone();
        payload["session"] = self.session.clone().into();
        if payload.get("static").is_none() {
            payload["static"] = self.static_token.clone().into();
        }
        let mut params = Map::new();
        params.insert("_mounts".to_owned(), 0.into());
        params.extend(self.connect_params.clone());
        params.insert(crate::inspect::SOCKET_PARAM.to_owned(), self.conn.id().into());
        payload["params"] = Value::Object(params);
        self.conn.send(json!([jr, jr, self.topic, "phx_join", payload])).await?;
        let (status, response) = self.await_reply(&jr).await?;
        if status != "ok" {
            if let Some(r) = response.get("live_redirect").or_else(|| response.get("redirect")) {
                let live = response.get("live_redirect").is_some();
                self.redirected(r, live);
                return Err(TestError::Redirected {
                    path: self.url.clone(),
                    to: r["to"].as_str().unwrap_or("").into(),
                });
            }
            return Err(TestError::JoinRefused { response });
        }
        let (mut tree, applied) = ClientTree::from_join(response["rendered"].clone())
            .map_err(|e| TestError::Protocol(format!("join render: {e}")))?;
        tree.show_component_ids();
        self.tree = Some(tree);
        self.took(applied)?;
        if let Some(lp) = response.get("live_patch") {
            self.patched(lp);
        }
        Ok(())
    }

    /// A key event through the element's own binding, else its window binding (`[own, window]`).
    async fn key_event(
        &mut self,
        selector: &str,
        [own, window]: [&'static str; 2],
        kind: &str,
        key: &str,
    ) -> Result<(), TestError> {
        let (wanted, binding) = {
            let dom = self.dom();
            let el = dom.first(selector)?.value();
            let binding = if el.attr(own).is_none() && el.attr(window).is_some() { window } else { own };
            (el.attr("phx-key").map(str::to_lowercase), binding)
        };
        if wanted.is_some_and(|k| k != key.to_lowercase()) {
            // The client sends nothing for another key.
            return Ok(());
        }
        let mut extra = Map::new();
        extra.insert("key".to_owned(), key.into());
        self.element_event(selector, binding, kind, extra).await.map(drop)
    }

    /// Sends the event bound to `binding` on the first element `selector` matches.
    async fn element_event(
        &mut self,
        selector: &str,
        binding: &'static str,
        kind: &str,
        extra: Map<String, Value>,
    ) -> Result<Applied, TestError> {
        let pushes: Vec<_> = {
            let dom = self.dom();
            let el = dom.first(selector)?;
            let attr = el.value().attr(binding).ok_or_else(|| no_binding(selector, binding, el))?;
            let mut value = extra;
            value.extend(dom::values(el));
            let pushes =
                bindings(attr, value).map_err(|why| TestError::Protocol(format!("{selector:?} {binding}: {why}")))?;
            // A JS push's `target` replaces the element's phx-target, as in the client.
            let cid = |target: &Option<Value>| match target {
                Some(t) => dom::push_target_cid(&dom, t),
                None => dom::target_cid(&dom, el),
            };
            pushes.into_iter().map(|Binding::Push { event, value, target }| (event, value, cid(&target))).collect()
        };
        let mut applied = Applied::default();
        for (event, value, cid) in pushes {
            applied = self.push("event", json!({ "type": kind, "event": event, "value": value, "cid": cid })).await?;
        }
        Ok(applied)
    }

    async fn form_event(
        &mut self,
        form_selector: &str,
        binding: &'static str,
        fields: &[(&str, &str)],
        submit: bool,
        target: Option<&str>,
    ) -> Result<(), TestError> {
        let (value, pushes) = {
            let dom = self.dom();
            let form = dom.first(form_selector)?;
            if form.value().name() != "form" {
                return Err(TestError::Assertion(format!(
                    "{form_selector:?} is not a form: {}",
                    dom::opening_tag(form)
                )));
            }
            let attr = form.value().attr(binding).ok_or_else(|| no_binding(form_selector, binding, form))?;
            let value = form::serialize(form, form_selector, fields, &self.used, submit)?;
            let mut meta: Map<String, Value> = dom::values(form);
            if let Some(t) = target {
                meta.insert("_target".to_owned(), t.into());
            }
            // A plain event name, or the `push` commands of a JS command list (each sends the
            // form, with the push's value in its meta and its target replacing phx-target).
            let pushes = bindings(attr, meta)
                .map_err(|why| TestError::Protocol(format!("{form_selector:?} {binding}: {why}")))?;
            let cid = |target: &Option<Value>| match target {
                Some(t) => dom::push_target_cid(&dom, t),
                None => dom::target_cid(&dom, form),
            };
            let pushes: Vec<_> =
                pushes.into_iter().map(|Binding::Push { event, value, target }| (event, value, cid(&target))).collect();
            (value, pushes)
        };
        for (event, meta, cid) in pushes {
            let payload = json!({ "type": "form", "event": event, "value": value, "meta": meta, "cid": cid });
            self.push("event", payload).await?;
        }
        Ok(())
    }

    /// Sends a message to the view, applies its answer, then waits until the view has carried
    /// out what the message asked for (its broadcasts reach other views before this returns).
    async fn push(&mut self, event: &str, payload: Value) -> Result<Applied, TestError> {
        let applied = self.push_unsynced(event, payload).await?;
        if self.stopped.is_none() {
            // As the client does after a patch: the components no longer on the page are
            // reported (also the sync point when there are none), then destroyed.
            let gone = self.gone_components();
            self.push_unsynced("cids_will_destroy", json!({ "cids": gone })).await?;
            if !gone.is_empty() {
                self.destroy_components(gone).await?;
            }
        }
        Ok(applied)
    }

    /// The cids the client holds whose root element is no longer on the page.
    fn gone_components(&self) -> Vec<u64> {
        let Some(tree) = &self.tree else { return Vec::new() };
        let cached = tree.component_ids();
        if cached.is_empty() {
            return cached;
        }
        let shown: Vec<u64> = self
            .dom()
            .select("[data-phx-component]")
            .map(|els| els.iter().filter_map(|e| e.value().attr("data-phx-component")?.parse().ok()).collect())
            .unwrap_or_default();
        cached.into_iter().filter(|cid| !shown.contains(cid)).collect()
    }

    /// `cids_destroyed`, then drops the cids the server freed from the client's cache.
    async fn destroy_components(&mut self, cids: Vec<u64>) -> Result<(), TestError> {
        let r = self.conn.next_ref();
        self.conn.send(json!([self.join_ref, r, self.topic, "cids_destroyed", { "cids": cids }])).await?;
        let (status, response) = self.await_reply(&r).await?;
        if status != "ok" {
            return Err(TestError::Protocol(format!("cids_destroyed answered with an error: {response}")));
        }
        let freed: Vec<u64> = response["cids"].as_array().into_iter().flatten().filter_map(Value::as_u64).collect();
        if let Some(tree) = &mut self.tree {
            tree.prune_components(&freed);
        }
        Ok(())
    }

    async fn push_unsynced(&mut self, event: &str, payload: Value) -> Result<Applied, TestError> {
        self.running()?;
        let r = self.conn.next_ref();
        self.conn.send(json!([self.join_ref, r, self.topic, event, payload])).await?;
        let (status, response) = self.await_reply(&r).await?;
        if status != "ok" {
            return Err(TestError::Protocol(format!("{event} answered with an error: {response}")));
        }
        let mut applied = Applied::default();
        if let Some(diff) = response.get("diff") {
            applied = self.apply(diff.clone())?;
        }
        if let Some(r) = response.get("live_redirect") {
            self.redirected(r, true);
        } else if let Some(r) = response.get("redirect") {
            self.redirected(r, false);
        } else if response.get("link_redirect").is_some() {
            let to = payload["url"].as_str().and_then(path_of).unwrap_or_default();
            self.redirects.push_back(Redirect::Navigate { to, flash: Flash::new() });
            self.stopped = Some("it navigated away");
        }
        Ok(applied)
    }

    /// Reads frames until the reply to `msg_ref`, handling the pushes before it.
    async fn await_reply(&mut self, msg_ref: &str) -> Result<(String, Value), TestError> {
        loop {
            let f = self.conn.recv().await?;
            if f[2] != self.topic.as_str() {
                continue;
            }
            let event = f[3].as_str().unwrap_or_default();
            if event == "phx_reply" && f[1] == msg_ref {
                let status = f[4]["status"].as_str().unwrap_or_default().to_owned();
                return Ok((status, f[4]["response"].clone()));
            }
            if f[0] != self.join_ref.as_str() {
                // A push of an earlier view on this topic.
                continue;
            }
            self.take_push(event, &f[4]).await?;
        }
    }

    /// A full page load of `to` by this client: its request headers and connect params again.
    async fn page_load(&self, to: &str, flash_token: Option<&str>) -> Result<LiveTest, TestError> {
        self.app.mount_with(to, flash_token, &self.headers, self.connect_params.clone()).await
    }

    /// Handles a push of this view (a diff, a navigation, its close or its crash); `Ok(false)`
    /// for any other event.
    async fn take_push(&mut self, event: &str, payload: &Value) -> Result<bool, TestError> {
        match event {
            "diff" => {
                self.apply(payload.clone())?;
            }
            "live_patch" => self.patched(payload),
            "live_redirect" => self.redirected(payload, true),
            "redirect" => self.redirected(payload, false),
            "phx_close" => self.stopped = Some("it navigated away"),
            "phx_error" => {
                self.stopped = Some("it crashed");
                // Give the view task a moment to record why.
                tokio::task::yield_now().await;
                let reason = self.app.inspect.crash(&self.inspect_key()).unwrap_or_else(|| "unknown".to_owned());
                return Err(TestError::Crashed { reason });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn apply(&mut self, diff: Value) -> Result<Applied, TestError> {
        let tree = self.tree.as_mut().ok_or(TestError::NotRunning("it has not joined"))?;
        let applied = tree.apply_diff(diff).map_err(|e| TestError::Protocol(format!("diff: {e}")))?;
        self.took(applied.clone())?;
        Ok(applied)
    }

    /// Keeps the extras of an applied frame and re-renders the page.
    fn took(&mut self, applied: Applied) -> Result<(), TestError> {
        self.events.extend(applied.events);
        if let Some(t) = applied.title {
            self.title = Some(t);
        }
        let tree = self.tree.as_mut().ok_or(TestError::NotRunning("it has not joined"))?;
        self.html = tree.to_html().map_err(|e| TestError::Protocol(format!("render: {e}")))?;
        Ok(())
    }

    fn patched(&mut self, payload: &Value) {
        if let Some(to) = payload["to"].as_str() {
            self.url = to.to_owned();
            self.patches.push_back(to.to_owned());
        }
    }

    fn redirected(&mut self, payload: &Value, live: bool) {
        let to = payload["to"].as_str().unwrap_or_default().to_owned();
        let flash = payload["flash"].as_str().map(|t| self.app.shared.app.verify_flash(t)).unwrap_or_default();
        self.redirects.push_back(if live { Redirect::Navigate { to, flash } } else { Redirect::Full { to, flash } });
        self.stopped = Some("it navigated away");
    }
}

/// The error for an element that lacks `binding`.
fn no_binding(selector: &str, binding: &'static str, el: scraper::ElementRef<'_>) -> TestError {
    TestError::NoBinding { selector: selector.to_owned(), binding, element: dom::opening_tag(el) }
}

/// What a binding's value asks the client to push: a plain event name, or the `push`
/// commands of a `JS` command list (`[["push",{"event":"inc","value":{..}}], ["show",..]]`;
/// commands that only act in the browser send nothing).
fn bindings(attr: &str, value: Map<String, Value>) -> Result<Vec<Binding>, String> {
    if !attr.trim_start().starts_with('[') {
        return Ok(vec![Binding::Push { event: attr.to_owned(), value, target: None }]);
    }
    let commands: Vec<(String, Value)> =
        serde_json::from_str(attr).map_err(|e| format!("not a JS command list ({e})"))?;
    let mut out = Vec::new();
    for (kind, args) in commands {
        if kind != "push" {
            continue;
        }
        let event = args["event"].as_str().ok_or("a push command without \"event\"")?.to_owned();
        let mut v = value.clone();
        if let Some(Value::Object(extra)) = args.get("value") {
            v.extend(extra.clone());
        }
        out.push(Binding::Push { event, value: v, target: args.get("target").cloned() });
    }
    Ok(out)
}

/// `http://localhost` + `path`: the URL the page would have.
fn absolute(path: &str) -> String {
    format!("http://localhost{path}")
}

/// The path and query of `to` when it stays in the app (a path, or a `localhost` URL).
fn path_of(to: &str) -> Option<String> {
    if to.starts_with('/') && !to.starts_with("//") {
        return Some(to.to_owned());
    }
    let rest = to.strip_prefix("http://localhost").or_else(|| to.strip_prefix("https://localhost"))?;
    Some(if rest.is_empty() { "/".to_owned() } else { rest.to_owned() })
}
