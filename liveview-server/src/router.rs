//! `LiveRouter`: which LiveView serves which path, plus page and security settings.

use crate::page::{Layout, Page, default_layout};
use liveview_core::pubsub::{LocalPubSub, PubSub};
use liveview_core::route::{Pattern, PatternError};
use liveview_core::runtime::App;
use liveview_core::token::{SecretError, Signer};
use liveview_core::view::{Factory, LiveView};
use std::sync::Arc;
use std::time::Duration;

/// Routes and settings of a LiveView server.
///
/// ```no_run
/// # use liveview_server::LiveRouter;
/// # fn demo<Counter: liveview_core::LiveView, Item: liveview_core::LiveView>() {
/// let app = LiveRouter::new().live::<Counter>("/").live::<Item>("/items/:id");
/// # }
/// ```
pub struct LiveRouter {
    pub(crate) routes: Vec<(Pattern, Arc<dyn liveview_core::view::ViewFactory>)>,
    /// Route patterns that did not parse; reported by `Server::bind`.
    pub(crate) bad_routes: Vec<PatternError>,
    pub(crate) secrets: Vec<Vec<u8>>,
    pub(crate) layout: Arc<Layout>,
    pub(crate) hooks_js: String,
    pub(crate) extra_head: String,
    pub(crate) static_files: Vec<(String, String, &'static str)>,
    pub(crate) allowed_origins: Option<Vec<String>>,
    pub(crate) limits: Limits,
    pub(crate) pubsub: Arc<dyn PubSub>,
}

/// A router that cannot serve: reported by [`Server::bind`](crate::Server::bind) (and so by
/// [`serve`](crate::serve)) before anything listens.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A route pattern that does not parse (`.live::<V>("items")`).
    #[error(transparent)]
    Route(#[from] PatternError),
    /// Signing secrets (from `.secret(..)` or `LIVEVIEW_SECRET`) that cannot be used.
    #[error(transparent)]
    Secret(#[from] SecretError),
}

/// Protective limits (see the reliability guide in the README).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Limits {
    /// Largest websocket message accepted, in bytes (larger: the socket is closed, code 1009).
    pub max_frame_bytes: usize,
    /// Messages queued for one view before the socket is considered abusive.
    pub view_mailbox: usize,
    /// Bytes of client messages received on one socket and not yet handled by its views (all
    /// of them together) before the socket is considered abusive and closed (code 1008).
    pub queued_bytes: usize,
    /// Frames queued for one client before it is considered too slow and disconnected.
    pub outbound_queue: usize,
    /// A socket that sends nothing (not even heartbeats) for this long is closed.
    pub idle_timeout: Duration,
    /// LiveViews joined on one socket at most.
    pub max_views_per_socket: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_frame_bytes: 1 << 20,
            view_mailbox: 1024,
            queued_bytes: 8 << 20,
            outbound_queue: 1024,
            idle_timeout: Duration::from_secs(60),
            max_views_per_socket: 64,
        }
    }
}

impl Default for LiveRouter {
    fn default() -> Self {
        Self::new()
    }
}

impl LiveRouter {
    /// An empty router with the default layout. Signing secrets come from `LIVEVIEW_SECRET`
    /// (comma-separated, newest first) unless set with [`LiveRouter::secret`].
    pub fn new() -> Self {
        LiveRouter {
            routes: Vec::new(),
            bad_routes: Vec::new(),
            secrets: Vec::new(),
            layout: Arc::new(default_layout),
            hooks_js: "export default {}\n".to_owned(),
            extra_head: String::new(),
            static_files: Vec::new(),
            allowed_origins: None,
            limits: Limits::default(),
            pubsub: Arc::new(LocalPubSub::new()),
        }
    }

    /// Serves LiveView `V` at `pattern` (`/`, `/items/:id`).
    ///
    /// A pattern that does not parse (no leading `/`, a `:` without a name) makes
    /// [`Server::bind`](crate::Server::bind) fail with [`ConfigError::Route`].
    pub fn live<V: LiveView>(mut self, pattern: &str) -> Self {
        match Pattern::parse(pattern) {
            Ok(p) => self.routes.push((p, Arc::new(Factory::<V>::new()))),
            Err(e) => self.bad_routes.push(e),
        }
        self
    }

    /// Adds a signing secret (at least 32 bytes). The first one added signs; all verify, so
    /// a new secret can be rolled out while tokens signed with the old one stay valid. A
    /// shorter secret makes [`Server::bind`](crate::Server::bind) fail with
    /// [`ConfigError::Secret`].
    pub fn secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.secrets.push(secret.as_ref().to_vec());
        self
    }

    /// Replaces the page layout.
    pub fn layout(mut self, layout: impl Fn(&Page) -> String + Send + Sync + 'static) -> Self {
        self.layout = Arc::new(layout);
        self
    }

    /// The client hooks: an ES module whose default export is the `hooks` object given to
    /// `LiveSocket` (e.g. `export default { Chart: { mounted() { ... } } }`).
    pub fn hooks(mut self, module_source: impl Into<String>) -> Self {
        self.hooks_js = module_source.into();
        self
    }

    /// Extra HTML for `<head>` (stylesheets, scripts).
    pub fn head(mut self, html: impl Into<String>) -> Self {
        self.extra_head.push_str(&html.into());
        self
    }

    /// Serves `body` at `path` with `content_type` (small static files such as CSS).
    pub fn file(mut self, path: &str, body: impl Into<String>, content_type: &'static str) -> Self {
        self.static_files.push((path.to_owned(), body.into(), content_type));
        self
    }

    /// Accepts websocket upgrades from these origins (`https://example.com`). By default only
    /// the request's own host is accepted.
    pub fn allowed_origins<S: Into<String>>(mut self, origins: impl IntoIterator<Item = S>) -> Self {
        self.allowed_origins = Some(origins.into_iter().map(Into::into).collect());
        self
    }

    /// Replaces the pubsub backend (default: in-process). Use a distributed backend such as
    /// `liveview-redis` to share broadcasts between nodes.
    pub fn pubsub(mut self, pubsub: Arc<dyn PubSub>) -> Self {
        self.pubsub = pubsub;
        self
    }

    /// The pubsub backend, to broadcast from outside views (background jobs, HTTP handlers).
    pub fn pubsub_handle(&self) -> Arc<dyn PubSub> {
        self.pubsub.clone()
    }

    /// Replaces the protective limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The runtime's view of this router: routes and the token signer.
    ///
    /// # Errors
    /// The first route that did not parse, or unusable secrets.
    pub(crate) fn build_app(&self) -> Result<App, ConfigError> {
        if let Some(e) = self.bad_routes.first() {
            return Err(e.clone().into());
        }
        let mut secrets = self.secrets.clone();
        if secrets.is_empty()
            && let Ok(env) = std::env::var("LIVEVIEW_SECRET")
        {
            secrets.extend(env.split(',').filter(|s| !s.is_empty()).map(|s| s.as_bytes().to_vec()));
        }
        let signer = if secrets.is_empty() {
            tracing::warn!(
                "no signing secret configured (LIVEVIEW_SECRET): using a random one; pages from before a restart will reload"
            );
            Signer::random()
        } else {
            Signer::try_new(secrets)?
        };
        let mut app = App::new(signer);
        for (pattern, factory) in &self.routes {
            app.route(pattern.clone(), factory.clone());
        }
        Ok(app)
    }
}
