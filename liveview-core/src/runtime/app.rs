//! What the runtime shares across views: the route table and the token signer.

use crate::live_session::{LiveSession, OnMount};
use crate::route::{Params, Pattern};
use crate::socket::{Flash, Socket};
use crate::token::Signer;
use crate::view::{DynView, Error, Result, Session, ViewFactory};
use serde_json::json;
use std::sync::Arc;

/// Session tokens stay valid this long (Phoenix's default).
pub const SESSION_MAX_AGE_SECS: u64 = 14 * 24 * 3600;
/// Flash tokens (carried across redirects) stay valid this long.
pub const FLASH_MAX_AGE_SECS: u64 = 60;

/// Path captures of a matched route, in pattern order.
pub(super) type Captures = Vec<(String, String)>;

/// A route table entry.
struct Route {
    pattern: Pattern,
    factory: Arc<dyn ViewFactory>,
    group: LiveSession,
}

/// A route matched by a path.
pub(super) struct Resolved<'a> {
    pub(super) factory: &'a Arc<dyn ViewFactory>,
    pub(super) group: &'a LiveSession,
    pub(super) captures: Captures,
}

/// What the runtime shares across views: routes and the token signer.
pub struct App {
    routes: Vec<Route>,
    signer: Arc<Signer>,
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
        App { routes: Vec::new(), signer: Arc::new(signer) }
    }

    /// Routes `pattern` (e.g. `/items/:id`) to a view of the default `live_session`.
    pub fn route(&mut self, pattern: Pattern, factory: Arc<dyn ViewFactory>) {
        self.route_in(pattern, factory, LiveSession::default());
    }

    /// Routes `pattern` to a view of `group`: its hooks run before the view mounts, and live
    /// navigation to it is allowed only from pages of the same group.
    pub fn route_in(&mut self, pattern: Pattern, factory: Arc<dyn ViewFactory>, group: LiveSession) {
        self.routes.push(Route { pattern, factory, group });
    }

    /// The token signer.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The token signer, shared (nested views sign their children's tokens with it).
    pub(crate) fn shared_signer(&self) -> Arc<Signer> {
        self.signer.clone()
    }

    /// The route patterns, in order.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.routes.iter().map(|r| r.pattern.as_str())
    }

    pub(super) fn resolve(&self, path: &str) -> Option<(&Arc<dyn ViewFactory>, Captures)> {
        self.resolve_route(path).map(|r| (r.factory, r.captures))
    }

    pub(super) fn resolve_route(&self, path: &str) -> Option<Resolved<'_>> {
        self.routes.iter().find_map(|r| {
            r.pattern.matches(path).map(|captures| Resolved { factory: &r.factory, group: &r.group, captures })
        })
    }

    /// Whether some route handles `path`.
    pub fn handles(&self, path: &str) -> bool {
        self.resolve(path).is_some()
    }

    /// Signs flash for a redirect (`None` when there is none).
    pub fn sign_flash(&self, flash: &Flash) -> Option<String> {
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

/// A fresh LiveView id: `phx-` + 2 random bytes as 3 base64url characters.
///
/// The id only has to be unique among the page's containers: it is no secret (tokens are
/// signed, and bind the id), topics are per socket, and a page has one root view whose id the
/// client keeps across live navigation, beside nested views whose ids the application names.
/// It travels in the topic of every frame, so it is kept short: a `/components` click's reply
/// is about 100 bytes, and 9 of them were a longer id's.
pub fn new_view_id() -> String {
    use base64::Engine;
    let mut b = [0u8; 2];
    rand::fill(&mut b);
    format!("phx-{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

/// 9 random bytes as 12 base64url characters: a value page content cannot guess.
pub(crate) fn nonce() -> String {
    use base64::Engine;
    let mut b = [0u8; 9];
    rand::fill(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// Runs the group's `on_mount` hooks, then mounts the view and, unless mount navigated away,
/// runs its `handle_params`. `None`: a hook halted, and the socket holds where it navigated.
///
/// # Errors
/// A hook that halted without navigating, or an error of mount or `handle_params`.
pub(super) async fn mount_and_params(
    factory: &dyn ViewFactory,
    group: &LiveSession,
    params: &Params,
    session: &Session,
    socket: &mut Socket,
) -> Result<Option<Box<dyn DynView>>> {
    if group.run_hooks(params, session, socket).await == OnMount::Halt {
        if socket.navigation.is_none() {
            return Err(Error::msg(format!(
                "an on_mount hook of live_session {:?} halted without redirecting (call socket.redirect(..) or push_navigate(..) before OnMount::Halt)",
                group.name()
            )));
        }
        return Ok(None);
    }
    let mut view = factory.mount(params, session, socket).await?;
    if socket.navigation.is_none() {
        view.handle_params(params, socket).await?;
    }
    Ok(Some(view))
}
