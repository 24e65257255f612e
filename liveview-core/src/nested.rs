//! Nested LiveViews: `{live_render::<Clock>("clock")}` in a view's `html!` renders another
//! LiveView inside it, with its own task, state, events and crashes.
//!
//! What goes over the wire (protocol.md §3.4): the parent renders an empty container
//! `<div id="clock" data-phx-session=… data-phx-static="" data-phx-parent-id="<parent id>">`;
//! once the parent has joined, the client joins `lv:clock` with that session token and no URL.
//! The token names the child's view type, so the join finds what to mount without a route.
//! Later patches of the parent never touch the child's content (the client keeps it), and a
//! container the parent stops rendering makes the client leave the child, which stops it.
//! A sticky child (`.sticky()`) carries `data-phx-sticky` instead of a parent id: the client
//! joins it as a root and keeps it across live navigation of the page.
//!
//! In the dead (HTTP) render the child is mounted disconnected and rendered inside its
//! container, so the page shows it before the websocket connects.
//!
//! Cost: a view whose render has no `live_render` pays two thread-local stores per render and
//! keeps its session (children inherit it; usually a few bytes). `#[live_view]` sees the
//! `live_render::<V>` calls written in `render` (in `html!` or not): those views are
//! registered when the parent is routed, and the parent's children state exists before its
//! first render. A `live_render` it cannot see (inside a helper function) still works: its
//! view is registered at that render, which then runs twice (what the first pass allocated
//! is undone) — once per view.

use crate::component::{Components, Pending};
use crate::rendered::{Dynamic, IntoDynamic, Rendered, Text};
use crate::socket::Socket;
use crate::token::Signer;
use crate::view::{DynView, Factory, LiveView, Session, ViewFactory};
use serde_json::{Map, Value, json};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, LazyLock, RwLock};

/// Renders LiveView `V` inside the current view with DOM id `id` (unique on the page: it is
/// also the child's topic). Use it in `html!`: `{live_render::<Clock>("clock")}`.
///
/// The child mounts with the parent's session plus what [`LiveRender::session`] adds (read
/// once, at the child's mount: the browser keeps the container's first token); it gets no
/// route parameters and no `handle_params` (its URL is the page's when the parent first
/// rendered it), and it cannot `push_patch` the page's URL (`push_navigate` instead). It lives
/// as long as the parent keeps rendering it: re-renders of the parent leave it alone. A
/// child's crash restarts only the child; a parent's crash remounts both. Call it in a view's
/// render (a component's render has no children: it renders nothing there, and says so in
/// the log); one id renders one child per render.
///
/// ```
/// use liveview_core::nested::live_render;
/// # use liveview_core::{LiveView, Params, Session, Socket, Result, rendered::Rendered};
/// # struct Clock;
/// # impl LiveView for Clock {
/// #     async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> { Ok(Clock) }
/// #     fn render(&self, _: &Socket) -> Rendered { Rendered::empty() }
/// # }
/// // In a view's render: `html! { <main>{live_render::<Clock>("clock").session("zone", "UTC")}</main> }`
/// let clock = live_render::<Clock>("clock").session("zone", "UTC");
/// assert!(format!("{clock:?}").contains("\"clock\""));
/// ```
///
/// The README's "Nested LiveViews" section has a whole page.
pub fn live_render<V: LiveView>(id: impl Into<String>) -> LiveRender<V> {
    LiveRender { id: id.into(), extra: Map::new(), sticky: false, view: PhantomData }
}

/// A nested LiveView to render: see [`live_render`].
#[must_use = "a nested view renders only when placed in html!: {live_render::<V>(id)}"]
pub struct LiveRender<V> {
    id: String,
    extra: Map<String, Value>,
    sticky: bool,
    view: PhantomData<fn() -> V>,
}

impl<V> std::fmt::Debug for LiveRender<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveRender")
            .field("view", &std::any::type_name::<V>())
            .field("id", &self.id)
            .field("sticky", &self.sticky)
            .finish()
    }
}

impl<V: LiveView> LiveRender<V> {
    /// Adds `key` to the child's session (over the parent's value of the same key). It is
    /// signed into the page, so keep it small. A value that does not serialize is left out
    /// (and logged).
    pub fn session(mut self, key: impl Into<String>, value: impl serde::Serialize) -> Self {
        let key = key.into();
        match serde_json::to_value(value) {
            Ok(v) => {
                self.extra.insert(key, v);
            }
            Err(e) => tracing::warn!(key, error = %e, "nested view session value left out: it does not serialize"),
        }
        self
    }

    /// Keeps the child alive across live navigation (Phoenix `sticky: true`): the client
    /// joins it as a root view and carries it into the next page's container. Render it
    /// with the same id from every view it should survive into.
    pub fn sticky(mut self) -> Self {
        self.sticky = true;
        self
    }
}

impl<V: LiveView> IntoDynamic for LiveRender<V> {
    fn into_dynamic(self) -> Dynamic {
        // A tracked loop must not skip the row that places this view next time.
        crate::rendered::effect();
        let name = register::<V>();
        let text = SCOPE.with(|s| match &mut *s.borrow_mut() {
            None => {
                tracing::warn!(view = name, id = %self.id, "live_render outside a view's render; it renders nothing");
                None
            }
            Some(None) => {
                // The view's first nested child: the runtime sets up its children and renders again.
                WANTED.set(true);
                None
            }
            Some(Some(children)) => Some(children.container(name, self.id, self.extra, self.sticky)),
        });
        text.map(Dynamic::Text).unwrap_or_else(Dynamic::empty)
    }
}

/// Every view type a routed view's render names with `live_render` (registered when the
/// parent is routed) or a render met (a `live_render` `#[live_view]` cannot see), by type
/// name: a child's join finds its factory here.
static FACTORIES: LazyLock<RwLock<HashMap<&'static str, Arc<dyn ViewFactory>>>> = LazyLock::new(Default::default);

fn register<V: LiveView>() -> &'static str {
    register_new::<V>();
    std::any::type_name::<V>()
}

/// Registers `V`; `true` when it was not registered yet.
fn register_new<V: LiveView>() -> bool {
    let name = std::any::type_name::<V>();
    if FACTORIES.read().map(|m| m.contains_key(name)).unwrap_or(true) {
        return false;
    }
    match FACTORIES.write() {
        Ok(mut m) if !m.contains_key(name) => {
            m.insert(name, Arc::new(Factory::<V>::new()));
            true
        }
        _ => false,
    }
}

/// Registers the views `V`'s render embeds (as `#[live_view]` found them), and theirs: what a
/// router does for each routed view, so a child's join finds its view type even before any
/// parent rendered it on this server (a sticky child joins beside the page; a restarted
/// server meets rejoins first).
pub fn register_children<V: LiveView>() {
    V::__register_nested();
}

/// Registers nested view `V` and, the first time, the views it embeds (generated code calls
/// this from `LiveView::__register_nested`).
#[doc(hidden)]
pub fn register_nested<V: LiveView>() {
    // The lock is released before recursing: a view may embed itself.
    if register_new::<V>() {
        V::__register_nested();
    }
}

/// The factory of a view type some `live_render` named.
pub(crate) fn factory(name: &str) -> Option<Arc<dyn ViewFactory>> {
    FACTORIES.read().ok()?.get(name).cloned()
}

/// A child container already rendered, with the token it carries.
struct Cached {
    view: &'static str,
    extra: Map<String, Value>,
    sticky: bool,
    html: String,
}

/// A child of a dead render, mounted and rendered once its parent's HTML is written.
pub(crate) struct DeadChild {
    pub(crate) id: String,
    pub(crate) view: &'static str,
    pub(crate) session: Session,
    /// Replaced by the child's HTML.
    pub(crate) marker: String,
}

/// What a view needs to render its children's containers; created by the first render that
/// embeds one.
pub struct Children {
    signer: Arc<Signer>,
    parent_id: String,
    url: String,
    /// The parent's session: children inherit it.
    session: Session,
    group: String,
    connected: bool,
    /// Connected: the container each child id rendered in this render (a re-render with the
    /// same arguments sends nothing new: the token is signed once).
    cached: HashMap<String, Cached>,
    /// The containers of the previous render, during a render: those not rendered again are
    /// dropped with it.
    previous: HashMap<String, Cached>,
    /// Dead render: the children to mount and render into the page.
    dead: Vec<DeadChild>,
    nonce: String,
}

impl std::fmt::Debug for Children {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Children").field("parent", &self.parent_id).field("ids", &self.cached.keys()).finish()
    }
}

impl Children {
    /// Children of view `parent_id`, rendered at `url` for a `connected` (websocket) or
    /// dead render.
    pub(crate) fn new(
        signer: Arc<Signer>,
        parent_id: &str,
        url: &crate::Url,
        session: &Session,
        group: &str,
        connected: bool,
    ) -> Box<Self> {
        let nonce = if connected { String::new() } else { crate::runtime::app::nonce() };
        Box::new(Children {
            signer,
            parent_id: parent_id.to_owned(),
            url: url.to_string(),
            session: session.clone(),
            group: group.to_owned(),
            connected,
            cached: HashMap::new(),
            previous: HashMap::new(),
            dead: Vec::new(),
            nonce,
        })
    }

    /// The children a dead render embedded, in render order.
    pub(crate) fn into_dead(self: Box<Self>) -> Vec<DeadChild> {
        self.dead
    }

    /// The container HTML for child `id`.
    fn container(&mut self, view: &'static str, id: String, extra: Map<String, Value>, sticky: bool) -> Text {
        if self.cached.contains_key(&id) || self.dead.iter().any(|d| d.id == id) {
            // The client would join only the first: one id is one child (Phoenix refuses it too).
            tracing::error!(
                view,
                id,
                "live_render of an id already rendered by this render; the second renders nothing"
            );
            return Text::new("");
        }
        if self.connected
            && let Some(c) = self.previous.remove(&id)
            && c.view == view
            && c.sticky == sticky
            && c.extra == extra
        {
            let text = Text::new(&c.html);
            self.cached.insert(id, c);
            return text;
        }
        let mut session = self.session.clone();
        session.0.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        let mut claims = json!({"id": id, "s": session.0, "g": self.group, "v": view, "u": self.url});
        if sticky {
            claims["k"] = Value::Bool(true);
        }
        let token = self.signer.sign("session", &claims);
        let mut html = String::with_capacity(token.len() + id.len() + self.parent_id.len() + 96);
        html.push_str("<div id=\"");
        crate::escape::escape_into(&mut html, &id);
        html.push_str("\" data-phx-session=\"");
        crate::escape::escape_into(&mut html, &token);
        html.push_str("\" data-phx-static=\"\"");
        if sticky {
            html.push_str(" data-phx-sticky");
        } else {
            html.push_str(" data-phx-parent-id=\"");
            crate::escape::escape_into(&mut html, &self.parent_id);
            html.push('"');
        }
        html.push('>');
        let text;
        if self.connected {
            html.push_str("</div>");
            text = Text::new(&html);
            self.cached.insert(id, Cached { view, extra, sticky, html });
        } else {
            // The child's own dead render goes here, once the parent's HTML is written.
            let marker = format!("<!--liveview-child:{}:{}-->", self.nonce, self.dead.len());
            html.push_str(&marker);
            html.push_str("</div>");
            text = Text::new(&html);
            self.dead.push(DeadChild { id, view, session, marker });
        }
        text
    }
}

thread_local! {
    /// `None`: no view render on this thread; `Some(None)`: a render of a view without
    /// children yet; `Some(Some(_))`: a render with its children's state.
    static SCOPE: RefCell<Option<Option<Box<Children>>>> = const { RefCell::new(None) };
    /// A render without children state met a `live_render`.
    static WANTED: Cell<bool> = const { Cell::new(false) };
}

struct Clear;

impl Drop for Clear {
    fn drop(&mut self) {
        SCOPE.with(|s| s.borrow_mut().take());
        WANTED.set(false);
    }
}

/// The outcome of one render pass ([`render_pass`]).
enum Pass<R> {
    /// The render is complete.
    Done(R),
    /// The render met a `live_render` while the view had no children state: undo what it
    /// allocated, give the view its children and render again (once per view, and only for a
    /// `live_render` that `#[live_view]` could not see in `render`).
    Again(R),
}

/// Renders `view` with its components' cids and its children's containers (what the join,
/// each update and the dead render call). `make` gives the view its children state: before
/// the first render when `#[live_view]` saw a `live_render` in it, else when a render meets
/// one (that render runs again, its component allocations undone).
pub(crate) fn render_view(
    children: &mut Option<Box<Children>>,
    components: &mut Components,
    view: &dyn DynView,
    socket: &Socket,
    make: impl Fn() -> Box<Children>,
) -> (Rendered, Pending) {
    if children.is_none() && view.nests() {
        *children = Some(make());
    }
    match render_pass(children, || components.render_view(|| view.render(socket))) {
        Pass::Done(r) => r,
        Pass::Again((_, pending)) => {
            components.discard(pending);
            *children = Some(make());
            match render_pass(children, || components.render_view(|| view.render(socket))) {
                Pass::Done(r) | Pass::Again(r) => r,
            }
        }
    }
}

/// Runs `render` (a view's render) so that its `live_render` calls find `children`.
fn render_pass<R>(children: &mut Option<Box<Children>>, render: impl FnOnce() -> R) -> Pass<R> {
    if let Some(c) = children {
        c.previous = std::mem::take(&mut c.cached);
    }
    SCOPE.with(|s| *s.borrow_mut() = Some(children.take()));
    WANTED.set(false);
    let guard = Clear;
    let r = render();
    *children = SCOPE.with(|s| s.borrow_mut().take()).flatten();
    if let Some(c) = children {
        c.previous.clear();
    }
    let wanted = WANTED.get();
    drop(guard);
    if wanted { Pass::Again(r) } else { Pass::Done(r) }
}

/// The claims of a child's session token, when it names one.
pub(crate) struct ChildClaims<'a> {
    pub(crate) view: &'a str,
    pub(crate) url: &'a str,
    /// Rendered with `.sticky()`: its own `push_navigate` navigates the page and leaves it running.
    pub(crate) sticky: bool,
}

impl<'a> ChildClaims<'a> {
    /// Reads a verified session token's claims: `None` for a routed (root) view's token.
    pub(crate) fn read(token: &'a Value) -> Option<Self> {
        Some(ChildClaims {
            view: token.get("v")?.as_str()?,
            url: token.get("u").and_then(Value::as_str).unwrap_or("/"),
            sticky: token.get("k").and_then(Value::as_bool).unwrap_or(false),
        })
    }
}
