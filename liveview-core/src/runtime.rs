//! The view runtime: a transport-agnostic state machine per joined LiveView.
//!
//! The transport feeds it inputs (join, event, client `live_patch`, info) one at a time, in
//! arrival order, and sends what it returns. It owns the view, its socket and the last tree the
//! client has, so every update is a minimal diff.

use crate::diff;
use crate::json::{comma, write_str};
use crate::rendered::Rendered;
use crate::route::{Params, Pattern, Url};
use crate::socket::{Flash, Info, Navigation, Scheduled, Socket};
use crate::token::Signer;
use crate::view::{DynView, Error, Event, Reply, Result, Session, ViewFactory};
use crate::wire::Rejection;
use serde_json::{Value, json};
use std::sync::Arc;

/// The client version we speak (sent as `liveview_version` in join replies).
pub const LIVEVIEW_VERSION: &str = "1.2.12";

/// Session tokens stay valid this long (Phoenix's default).
pub const SESSION_MAX_AGE_SECS: u64 = 14 * 24 * 3600;
/// Flash tokens (carried across redirects) stay valid this long.
pub const FLASH_MAX_AGE_SECS: u64 = 60;

/// Path captures of a matched route, in pattern order.
type Captures = Vec<(String, String)>;

/// A route table entry.
struct Route {
    pattern: Pattern,
    factory: Arc<dyn ViewFactory>,
}

/// What the runtime shares across views: routes and the token signer.
pub struct App {
    routes: Vec<Route>,
    signer: Signer,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("routes", &self.routes.iter().map(|r| r.pattern.as_str()).collect::<Vec<_>>())
            .finish()
    }
}

impl App {
    /// An app with no routes.
    pub fn new(signer: Signer) -> Self {
        App { routes: Vec::new(), signer }
    }

    /// Routes `pattern` (e.g. `/items/:id`) to a view.
    pub fn route(&mut self, pattern: Pattern, factory: Arc<dyn ViewFactory>) {
        self.routes.push(Route { pattern, factory });
    }

    /// The token signer.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The route patterns, in order.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.routes.iter().map(|r| r.pattern.as_str())
    }

    fn resolve(&self, path: &str) -> Option<(&Arc<dyn ViewFactory>, Captures)> {
        self.routes.iter().find_map(|r| r.pattern.matches(path).map(|caps| (&r.factory, caps)))
    }

    /// Whether some route handles `path`.
    pub fn handles(&self, path: &str) -> bool {
        self.resolve(path).is_some()
    }

    fn sign_flash(&self, flash: &Flash) -> Option<String> {
        (!flash.is_empty()).then(|| self.signer.sign("flash", &json!({ "f": flash })))
    }

    /// Verifies a flash token (from a `live_redirect` join or the `__phoenix_flash__` cookie).
    pub fn verify_flash(&self, token: &str) -> Flash {
        self.signer
            .verify("flash", token, FLASH_MAX_AGE_SECS)
            .ok()
            .and_then(|v| serde_json::from_value(v.get("f")?.clone()).ok())
            .unwrap_or_default()
    }
}

/// A fresh LiveView id: `phx-` + 9 random bytes as 12 base64url characters.
///
/// The id only has to be unique among the page's containers (it is no secret: tokens are
/// signed); it travels in the topic of every frame, so it is kept short.
pub fn new_view_id() -> String {
    use base64::Engine;
    let mut b = [0u8; 9];
    rand::fill(&mut b);
    format!("phx-{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

/// The outcome of an HTTP (dead) render.
#[derive(Debug)]
pub enum DeadRender {
    /// A page: the container's id, inner HTML and tokens.
    Page {
        /// Container id.
        view_id: String,
        /// The view's HTML.
        html: String,
        /// `page_title`, if set.
        title: Option<String>,
        /// `data-phx-session`.
        session_token: String,
        /// `data-phx-static`.
        static_token: String,
    },
    /// Mount or handle_params redirected: answer with a redirect.
    Redirect {
        /// Where to.
        to: String,
        /// Flash to carry in the `__phoenix_flash__` cookie.
        flash_token: Option<String>,
    },
    /// No route for the path.
    NotFound,
}

/// Renders `url` over HTTP: mount (disconnected), handle_params, render.
///
/// `flash` comes from the `__phoenix_flash__` cookie of a previous redirect.
pub async fn dead_render(app: &App, url: &Url, session: Session, flash: Flash) -> Result<DeadRender> {
    let Some((factory, caps)) = app.resolve(url.path()) else {
        return Ok(DeadRender::NotFound);
    };
    let view_id = new_view_id();
    let mut socket = Socket::new(view_id.clone(), false, url.clone());
    socket.set_flash(flash);
    let params = Params::new(caps, url);
    let view = mount_and_params(factory.as_ref(), &params, &session, &mut socket).await?;
    if let Some(nav) = socket.navigation.take() {
        let to = match nav {
            Navigation::Patch(l) | Navigation::Redirect(l) => l.to_string(),
            Navigation::External(u) => u,
        };
        return Ok(DeadRender::Redirect { to, flash_token: app.sign_flash(socket.flash()) });
    }
    let html = view.render(&socket).to_html();
    let session_token = app.signer.sign("session", &json!({"id": view_id, "s": session.0}));
    let static_token = app.signer.sign("static", &json!({"id": view_id, "f": socket.flash()}));
    Ok(DeadRender::Page { title: socket.title().map(str::to_owned), view_id, html, session_token, static_token })
}

async fn mount_and_params(
    factory: &dyn ViewFactory,
    params: &Params,
    session: &Session,
    socket: &mut Socket,
) -> Result<Box<dyn DynView>> {
    let mut view = factory.mount(params, session, socket).await?;
    if socket.navigation.is_none() {
        view.handle_params(params, socket).await?;
    }
    Ok(view)
}

/// A `phx_join` payload, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinRequest {
    /// The topic's id part (`lv:<id>`).
    pub view_id: String,
    /// `url` (normal join) — absolute URL of the page.
    pub url: Option<String>,
    /// `redirect` (live navigation join) — absolute target URL.
    pub redirect: Option<String>,
    /// `session` token.
    pub session: String,
    /// `static` token.
    pub static_token: Option<String>,
    /// `flash` token (live navigation).
    pub flash: Option<String>,
    /// `params._mounts`: 0 on the first mount of this container.
    pub mounts: u64,
}

impl JoinRequest {
    /// Reads a join payload for `topic`.
    pub fn from_payload(topic: &str, payload: &Value) -> std::result::Result<Self, &'static str> {
        let view_id = topic.strip_prefix("lv:").ok_or("topic must start with lv:")?.to_owned();
        let s = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_owned);
        Ok(JoinRequest {
            view_id,
            url: s("url"),
            redirect: s("redirect"),
            session: s("session").ok_or("join payload has no session")?,
            static_token: s("static"),
            flash: s("flash"),
            mounts: payload.get("params").and_then(|p| p.get("_mounts")).and_then(Value::as_u64).unwrap_or(0),
        })
    }
}

/// The outcome of a join.
#[derive(Debug)]
pub enum Joined {
    /// Mounted: the runtime and the ok reply's response object.
    Ok(Box<ViewRuntime>, String),
    /// Refused or redirected: the error reply's response object (e.g. `{"reason":"stale"}`).
    Refused(String),
}

/// A push sent before the reply (or, for infos, instead of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Push {
    /// Event name: `live_patch`, `diff`, `live_redirect`, `redirect`.
    pub event: &'static str,
    /// Encoded JSON payload.
    pub payload: String,
}

/// What the client must be told after an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// Pushes that precede the answer (`live_patch` before the diff, as Phoenix does).
    pub before: Vec<Push>,
    /// The answer.
    pub answer: Answer,
    /// The view has stopped (navigation away): close the channel after sending.
    pub stop: bool,
}

/// The main answer of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Nothing changed.
    Empty,
    /// A diff object.
    Diff(String),
    /// `live_redirect` payload `{"to","kind","flash"?}`.
    LiveRedirect(String),
    /// `redirect` payload `{"to","flash"?}`.
    Redirect(String),
    /// The patched URL belongs to another view: the client navigates live.
    LinkRedirect,
}

impl Update {
    fn new() -> Self {
        Update { before: Vec::new(), answer: Answer::Empty, stop: false }
    }

    /// The reply's `response` object for a message with a ref.
    pub fn reply_json(&self) -> String {
        let mut out = String::new();
        self.write_reply_json(&mut out);
        out
    }

    /// About how long [`Update::write_reply_json`]'s output is (a capacity hint).
    pub fn reply_len(&self) -> usize {
        match &self.answer {
            Answer::Diff(d) | Answer::LiveRedirect(d) | Answer::Redirect(d) => d.len() + 20,
            Answer::Empty | Answer::LinkRedirect => 24,
        }
    }

    /// Appends the reply's `response` object to `out` (straight into the outgoing frame).
    pub fn write_reply_json(&self, out: &mut String) {
        let (key, value) = match &self.answer {
            Answer::Empty => return out.push_str("{}"),
            Answer::LinkRedirect => return out.push_str("{\"link_redirect\":true}"),
            Answer::Diff(d) => ("{\"diff\":", d),
            Answer::LiveRedirect(p) => ("{\"live_redirect\":", p),
            Answer::Redirect(p) => ("{\"redirect\":", p),
        };
        out.reserve(key.len() + value.len() + 1);
        out.push_str(key);
        out.push_str(value);
        out.push('}');
    }

    /// The answer as a push, for updates without a ref (infos).
    pub fn answer_push(&self) -> Option<Push> {
        match &self.answer {
            Answer::Empty | Answer::LinkRedirect => None,
            Answer::Diff(d) => Some(Push { event: "diff", payload: d.clone() }),
            Answer::LiveRedirect(p) => Some(Push { event: "live_redirect", payload: p.clone() }),
            Answer::Redirect(p) => Some(Push { event: "redirect", payload: p.clone() }),
        }
    }
}

/// One joined LiveView: its state, socket and the tree the client has.
pub struct ViewRuntime {
    app: Arc<App>,
    factory: Arc<dyn ViewFactory>,
    view: Box<dyn DynView>,
    socket: Socket,
    last: Rendered,
    stopped: bool,
}

impl std::fmt::Debug for ViewRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewRuntime")
            .field("view", &self.factory.name())
            .field("id", &self.socket.view_id())
            .field("stopped", &self.stopped)
            .finish()
    }
}

const MAX_PATCH_CHAIN: usize = 8;

fn nav_payload(to: &str, kind: Option<&str>, flash: Option<String>) -> String {
    let mut out = String::from("{\"to\":");
    write_str(&mut out, to);
    if let Some(kind) = kind {
        out.push_str(",\"kind\":");
        write_str(&mut out, kind);
    }
    if let Some(f) = flash {
        out.push_str(",\"flash\":");
        write_str(&mut out, &f);
    }
    out.push('}');
    out
}

/// Joins a LiveView: verifies tokens, mounts the view routed at `url`/`redirect`, runs
/// `handle_params` and renders. Errors (`Err`) are crashes of user code during mount.
pub async fn join(app: Arc<App>, req: JoinRequest) -> Result<Joined> {
    let refuse = |why: Rejection| Ok(Joined::Refused(why.to_json()));
    let session = match app.signer.verify("session", &req.session, SESSION_MAX_AGE_SECS) {
        Ok(s) => s,
        Err(e) => {
            tracing::info!(view = %req.view_id, error = %e, "join refused: session token");
            return refuse(Rejection::Stale);
        }
    };
    if session.get("id").and_then(Value::as_str) != Some(req.view_id.as_str()) {
        tracing::info!(view = %req.view_id, "join refused: session token belongs to another view");
        return refuse(Rejection::Stale);
    }
    let user_session = Session(match session.get("s") {
        Some(Value::Object(m)) => m.clone(),
        _ => Default::default(),
    });
    let Some(url) = req.url.as_deref().or(req.redirect.as_deref()).and_then(Url::parse) else {
        tracing::info!(view = %req.view_id, "join refused: no usable url/redirect");
        return refuse(Rejection::Stale);
    };
    let Some((factory, caps)) = app.resolve(url.path()) else {
        tracing::info!(view = %req.view_id, path = url.path(), "join refused: no live route");
        return refuse(Rejection::Unauthorized);
    };
    let factory = factory.clone();
    let mut flash = Flash::new();
    if let Some(token) = &req.flash {
        flash = app.verify_flash(token);
    } else if req.redirect.is_none() && req.mounts == 0 {
        // The dead render's flash applies to the first connected mount only.
        if let Some(st) = &req.static_token
            && let Ok(v) = app.signer.verify("static", st, SESSION_MAX_AGE_SECS)
            && v.get("id").and_then(Value::as_str) == Some(req.view_id.as_str())
        {
            flash = v.get("f").cloned().and_then(|f| serde_json::from_value(f).ok()).unwrap_or_default();
        }
    }
    let mut socket = Socket::new(req.view_id.clone(), true, url.clone());
    socket.set_flash(flash);
    let params = Params::new(caps, &url);
    let view = mount_and_params(factory.as_ref(), &params, &user_session, &mut socket).await?;
    let mut rt = ViewRuntime { app, factory, view, socket, last: Rendered::empty(), stopped: false };
    let mut update = Update::new();
    let live_patch = rt.settle(&mut update, true).await?;
    match update.answer {
        Answer::LiveRedirect(p) => {
            return Ok(Joined::Refused(format!("{{\"live_redirect\":{p}}}")));
        }
        Answer::Redirect(p) => {
            return Ok(Joined::Refused(format!("{{\"redirect\":{p}}}")));
        }
        _ => {}
    }
    let rendered = rt.view.render(&rt.socket);
    let mut out = String::with_capacity(1024);
    out.push_str("{\"rendered\":{");
    let mut first = true;
    diff::write_full_members(&mut out, &rendered, &mut first);
    rt.write_extras(&mut out, &mut first, None);
    out.push_str("},\"liveview_version\":\"");
    out.push_str(LIVEVIEW_VERSION);
    out.push('"');
    if let Some(lp) = live_patch {
        out.push_str(",\"live_patch\":");
        out.push_str(&lp);
    }
    out.push('}');
    rt.last = rendered;
    Ok(Joined::Ok(Box::new(rt), out))
}

impl ViewRuntime {
    /// The socket (for inspection).
    pub fn socket(&self) -> &Socket {
        &self.socket
    }

    /// The mounted view's type name.
    pub fn view_name(&self) -> &'static str {
        self.factory.name()
    }

    /// Whether the view has stopped (after a navigation away). A stopped view ignores inputs.
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// Infos the view scheduled (`send_info`, `send_after`); the transport delivers them.
    pub fn take_scheduled(&mut self) -> Vec<Scheduled> {
        self.socket.take_scheduled()
    }

    /// Pubsub requests of the view (`subscribe`, `broadcast`...); the transport carries them out.
    pub fn take_pubsub(&mut self) -> Vec<crate::socket::PubSubOp> {
        self.socket.take_pubsub()
    }

    /// Handles a client event. `Err` means the view crashed.
    pub async fn event(&mut self, event: Event) -> Result<Update> {
        if self.stopped {
            return Ok(Update::new());
        }
        self.socket.begin();
        let reply = if event.name == "lv:clear-flash" {
            match event.value.get("key").and_then(Value::as_str) {
                Some(k) => self.socket.clear_flash(k),
                None => self.socket.clear_all_flash(),
            }
            None
        } else {
            let name = event.name.clone();
            match self.view.handle_event(event, &mut self.socket).await {
                Ok(r) => r,
                Err(Error::Payload { event, source }) => {
                    tracing::warn!(view = self.factory.name(), %event, error = %source, "event payload did not decode; event ignored");
                    None
                }
                Err(e) => {
                    tracing::error!(view = self.factory.name(), event = %name, error = %e, "event handler failed; view crashes");
                    return Err(e);
                }
            }
        };
        self.finish(reply.as_ref()).await
    }

    /// Handles an info message. `Err` means the view crashed.
    pub async fn info(&mut self, info: Info) -> Result<Update> {
        if self.stopped {
            return Ok(Update::new());
        }
        self.socket.begin();
        self.view.handle_info(info, &mut self.socket).await?;
        self.finish(None).await
    }

    /// Handles a client `live_patch` (a patch link or back/forward) to `url`.
    pub async fn live_patch(&mut self, url: &str) -> Result<Update> {
        if self.stopped {
            return Ok(Update::new());
        }
        self.socket.begin();
        let Some(url) = Url::parse(url) else {
            tracing::warn!(view = self.factory.name(), url, "live_patch to an unparseable URL ignored");
            return Ok(Update::new());
        };
        match self.app.resolve(url.path()) {
            Some((f, caps)) if f.type_id() == self.factory.type_id() => {
                let params = Params::new(caps, &url);
                self.socket.set_url(url);
                self.view.handle_params(&params, &mut self.socket).await?;
                self.finish(None).await
            }
            _ => Ok(Update { before: Vec::new(), answer: Answer::LinkRedirect, stop: false }),
        }
    }

    /// After a callback: follow navigation, then render and diff.
    async fn finish(&mut self, reply: Option<&Reply>) -> Result<Update> {
        let mut update = Update::new();
        self.settle(&mut update, false).await?;
        if update.stop {
            if !self.socket.events.is_empty() {
                let mut out = String::from("{");
                let mut first = true;
                self.write_extras(&mut out, &mut first, None);
                out.push('}');
                update.before.push(Push { event: "diff", payload: out });
            }
            self.stopped = true;
            return Ok(update);
        }
        let new = self.view.render(&self.socket);
        let mut out = String::with_capacity(128);
        out.push('{');
        let mut first = true;
        diff::write_diff_members(&mut out, &self.last, &new, &mut first);
        self.write_extras(&mut out, &mut first, reply);
        out.push('}');
        self.last = new;
        if !first {
            update.answer = Answer::Diff(out);
        }
        Ok(update)
    }

    /// Applies requested navigation. Patches to this view run `handle_params` (repeatedly if
    /// it patches again); anything else ends the view. In a join, a patch becomes the reply's
    /// `live_patch` field (returned) instead of a push.
    async fn settle(&mut self, update: &mut Update, in_join: bool) -> Result<Option<String>> {
        let mut join_patch = None;
        for _ in 0..MAX_PATCH_CHAIN {
            match self.socket.navigation.take() {
                None => return Ok(join_patch),
                Some(Navigation::Patch(loc)) => {
                    let to = loc.to_string();
                    let target =
                        Url::parse(&to).and_then(|u| self.app.resolve(u.path()).map(|(f, c)| (u, f.type_id(), c)));
                    match target {
                        Some((url, tid, caps)) if tid == self.factory.type_id() => {
                            let payload = nav_payload(&to, Some(loc.kind()), None);
                            if in_join {
                                join_patch = Some(payload);
                            } else {
                                update.before.push(Push { event: "live_patch", payload });
                            }
                            let params = Params::new(caps, &url);
                            self.socket.set_url(url);
                            self.view.handle_params(&params, &mut self.socket).await?;
                        }
                        _ => {
                            tracing::debug!(to, "push_patch to another view becomes push_redirect");
                            self.socket.navigation = Some(Navigation::Redirect(loc));
                        }
                    }
                }
                Some(Navigation::Redirect(loc)) => {
                    let flash = self.app.sign_flash(self.socket.flash());
                    update.answer = Answer::LiveRedirect(nav_payload(&loc.to_string(), Some(loc.kind()), flash));
                    update.stop = true;
                    return Ok(None);
                }
                Some(Navigation::External(to)) => {
                    let flash = self.app.sign_flash(self.socket.flash());
                    update.answer = Answer::Redirect(nav_payload(&to, None, flash));
                    update.stop = true;
                    return Ok(None);
                }
            }
        }
        tracing::warn!(
            view = self.factory.name(),
            "handle_params kept patching; stopped following after {MAX_PATCH_CHAIN}"
        );
        Ok(join_patch)
    }

    /// Writes `"e"`, `"t"` and `"r"` members for this update.
    fn write_extras(&mut self, out: &mut String, first: &mut bool, reply: Option<&Reply>) {
        if !self.socket.events.is_empty() {
            comma(out, first);
            out.push_str("\"e\":[");
            for (i, (name, payload)) in self.socket.events.drain(..).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                write_str(out, &name);
                out.push(',');
                out.push_str(&payload.to_string());
                out.push(']');
            }
            out.push(']');
        }
        if self.socket.title_changed {
            if let Some(t) = self.socket.title() {
                comma(out, first);
                out.push_str("\"t\":");
                write_str(out, t);
            }
            self.socket.title_changed = false;
        }
        if let Some(Reply(r)) = reply {
            comma(out, first);
            out.push_str("\"r\":");
            out.push_str(&r.to_string());
        }
    }
}
