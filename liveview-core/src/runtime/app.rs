//! What the runtime shares across views: the route table and the token signer.

use crate::route::{Params, Pattern};
use crate::socket::{Flash, Socket};
use crate::token::Signer;
use crate::view::{DynView, Result, Session, ViewFactory};
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

    pub(super) fn resolve(&self, path: &str) -> Option<(&Arc<dyn ViewFactory>, Captures)> {
        self.routes.iter().find_map(|r| r.pattern.matches(path).map(|caps| (&r.factory, caps)))
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

/// Mounts a view and, unless mount navigated away, runs its `handle_params`.
pub(super) async fn mount_and_params(
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
