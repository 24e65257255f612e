//! A websocket join: tokens verified, the routed view mounted, its first render encoded.

use super::app::{App, SESSION_MAX_AGE_SECS, mount_and_params};
use super::live::{ViewRuntime, nav_payload};
use super::update::{Answer, Effects, Update};
use crate::component::Components;
use crate::diff;
use crate::nested::{self, ChildClaims};
use crate::rendered::Rendered;
use crate::route::{Params, Url};
use crate::socket::{Flash, Navigation, Socket};
use crate::view::{DynView, Result, Session, ViewFactory};
use crate::wire::Rejection;
use serde_json::Value;
use std::sync::Arc;

/// The client version we speak (sent as `liveview_version` in join replies).
pub const LIVEVIEW_VERSION: &str = "1.2.12";

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
    /// `params`: what the client's `LiveSocket` `params` option gave (and `_csrf_token`,
    /// `_mounts`, …), for [`Socket::connect_params`](crate::socket::Socket::connect_params).
    pub params: Value,
    /// The transport's id of the socket (upload tokens are bound to it); set by the transport.
    pub socket_id: String,
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
            params: payload.get("params").filter(|p| p.is_object()).cloned().unwrap_or(Value::Null),
            socket_id: String::new(),
        })
    }
}

/// The outcome of a join.
#[derive(Debug)]
pub enum Joined {
    /// Mounted.
    Ok {
        /// The joined view.
        view: Box<ViewRuntime>,
        /// The ok reply's response object (`{"rendered":…,"liveview_version":…}`).
        reply: String,
        /// What mount and `handle_params` asked of the transport (subscriptions, timers).
        effects: Effects,
    },
    /// Refused or redirected: the error reply's response object (e.g. `{"reason":"stale"}`).
    Refused(String),
}

/// Joins a LiveView: verifies tokens, mounts the view routed at `url`/`redirect`, runs
/// `handle_params` and renders. Errors (`Err`) are crashes of user code during mount.
pub async fn join(app: Arc<App>, req: JoinRequest) -> Result<Joined> {
    let refuse = |why: Rejection| Ok(Joined::Refused(why.to_json()));
    let session = match app.signer().verify("session", &req.session, SESSION_MAX_AGE_SECS) {
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
    if let Some(child) = ChildClaims::read(&session) {
        return join_child(app, req, &child, user_session, token_group(&session)).await;
    }
    let Some(url) = req.url.as_deref().or(req.redirect.as_deref()).and_then(Url::parse) else {
        tracing::info!(view = %req.view_id, "join refused: no usable url/redirect");
        return refuse(Rejection::Stale);
    };
    let Some(route) = app.resolve_route(url.path()) else {
        tracing::info!(view = %req.view_id, path = url.path(), "join refused: no live route");
        return refuse(Rejection::Unauthorized);
    };
    // A page may only join views of its own live_session (Phoenix's authorization boundary):
    // the client then loads the target over HTTP, where the target group's hooks run.
    let token_group = token_group(&session);
    if token_group != route.group.name() {
        tracing::info!(
            view = %req.view_id,
            path = url.path(),
            from = token_group,
            to = route.group.name(),
            "join refused: the session token belongs to another live_session"
        );
        return refuse(Rejection::Unauthorized);
    }
    let factory = route.factory.clone();
    let group = route.group.clone();
    let caps = route.captures;
    let mut flash = Flash::new();
    if let Some(token) = &req.flash {
        flash = app.verify_flash(token);
    } else if req.redirect.is_none() && req.mounts == 0 {
        // The dead render's flash applies to the first connected mount only.
        if let Some(st) = &req.static_token
            && let Ok(v) = app.signer().verify("static", st, SESSION_MAX_AGE_SECS)
            && v.get("id").and_then(Value::as_str) == Some(req.view_id.as_str())
        {
            flash = v.get("f").cloned().and_then(|f| serde_json::from_value(f).ok()).unwrap_or_default();
        }
    }
    let mut socket = Socket::new(req.view_id.clone(), true, url.clone());
    socket.set_socket_id(&req.socket_id);
    socket.set_connect_params(&req.params);
    socket.set_flash(flash);
    let params = Params::new(caps, &url);
    let Some(view) = mount_and_params(factory.as_ref(), &group, &params, &user_session, &mut socket).await? else {
        // A hook halted: the join answers with where it navigated.
        let flash = app.sign_flash(socket.flash());
        return Ok(Joined::Refused(match socket.navigation.take() {
            Some(Navigation::Redirect(l) | Navigation::Patch(l)) => {
                format!("{{\"live_redirect\":{}}}", nav_payload(&l.to_string(), Some(l.kind()), flash))
            }
            Some(Navigation::External(to)) => format!("{{\"redirect\":{}}}", nav_payload(&to, None, flash)),
            None => Rejection::Unauthorized.to_json(),
        }));
    };
    finish(Mounted {
        app,
        factory,
        view,
        socket,
        group: group.name().to_owned(),
        session: user_session,
        nested: false,
        sticky: false,
    })
    .await
}

/// The `live_session` a session token was signed in.
fn token_group(session: &Value) -> &str {
    session.get("g").and_then(Value::as_str).unwrap_or("")
}

/// Joins a nested view (its token names its type): mount, without a route, `on_mount` hooks
/// or `handle_params`.
async fn join_child(
    app: Arc<App>,
    req: JoinRequest,
    child: &ChildClaims<'_>,
    session: Session,
    group: &str,
) -> Result<Joined> {
    let Some(factory) = nested::factory(child.view) else {
        // Routing its parent registers it (or, for a live_render #[live_view] cannot see, the
        // parent's first render on this node does).
        tracing::warn!(view = %req.view_id, child = child.view, "join refused: no routed view on this node names this nested view");
        return Ok(Joined::Refused(Rejection::Unauthorized.to_json()));
    };
    let url = Url::parse(child.url).unwrap_or_default();
    let mut socket = Socket::new(req.view_id.clone(), true, url.clone());
    socket.set_socket_id(&req.socket_id);
    socket.set_connect_params(&req.params);
    let params = Params::new(Vec::new(), &url);
    let view = factory.mount(&params, &session, &mut socket).await?;
    finish(Mounted { app, factory, view, socket, group: group.to_owned(), session, nested: true, sticky: child.sticky })
        .await
}

/// A view just mounted by a join, and what its runtime needs to keep.
struct Mounted {
    app: Arc<App>,
    factory: Arc<dyn ViewFactory>,
    view: Box<dyn DynView>,
    socket: Socket,
    group: String,
    session: Session,
    nested: bool,
    sticky: bool,
}

/// Settles what mount asked for (navigation), renders and encodes the join reply.
async fn finish(m: Mounted) -> Result<Joined> {
    let Mounted { app, factory, view, socket, group, session, nested, sticky } = m;
    let mut rt = ViewRuntime {
        app,
        factory,
        view,
        socket,
        last: Rendered::empty(),
        stopped: false,
        components: Components::new(),
        group,
        session,
        children: None,
        nested,
        sticky,
    };
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
    let (rendered, embedded) = rt.render();
    let cids = rt.components.run(embedded, &mut rt.socket).await?;
    // Updates asked for in mount (the instances exist only now) or by the components run.
    super::live::flush_later(&mut rt.socket);
    let mut out = String::with_capacity(1024);
    out.push_str("{\"rendered\":{");
    let mut first = true;
    diff::write_full_members(&mut out, &rendered, &mut first);
    rt.components.write_members(&mut out, &mut first, &cids);
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
    // Mount, the on_mount hooks and what they set off in the join (handle_params of a patch,
    // components) could read them; after the join reply nothing can, as in Phoenix.
    rt.socket.connect_params = None;
    let effects = rt.take_effects();
    Ok(Joined::Ok { view: Box::new(rt), reply: out, effects })
}
