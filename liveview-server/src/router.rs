//! `LiveRouter`: which LiveView serves which path, plus page and security settings.

use crate::page::{Layout, Page, PageOptions, default_layout};
use liveview_core::live_session::{LiveSession, OnMountHook};
use liveview_core::presence::PresenceConfig;
use liveview_core::pubsub::{LocalPubSub, PubSub};
use liveview_core::route::{Pattern, PatternError};
use liveview_core::runtime::App;
use liveview_core::token::{SecretError, Signer};
use liveview_core::view::{Factory, LiveView, Session, ViewFactory};
use std::sync::Arc;
use std::time::Duration;

/// Builds the LiveView session from the HTTP request of a dead render: its headers, cookies
/// and the extensions other tower layers put there.
pub type SessionFn = dyn Fn(&http::request::Parts) -> Session + Send + Sync;

/// Routes and settings of a LiveView server.
///
/// ```no_run
/// # use liveview_server::LiveRouter;
/// # fn demo<Counter: liveview_core::LiveView, Item: liveview_core::LiveView>() {
/// let app = LiveRouter::new().live::<Counter>("/").live::<Item>("/items/:id");
/// # }
/// ```
pub struct LiveRouter {
    pub(crate) routes: Vec<(Pattern, Arc<dyn ViewFactory>, LiveSession)>,
    /// What each route's page sets (its own, else its group's), in the order of `routes`.
    pub(crate) route_pages: Vec<(Pattern, PageOptions)>,
    /// `LiveSocket` options of every page (`LiveRouter::client_options`).
    pub(crate) client_options: Option<String>,
    pub(crate) session_fn: Option<Arc<SessionFn>>,
    /// Names given to [`LiveRouter::live_session`], to refuse a name used twice.
    pub(crate) group_names: Vec<String>,
    /// Route patterns that did not parse; reported by `Server::bind`.
    pub(crate) bad_routes: Vec<PatternError>,
    /// A `live_session` name used twice; reported by `Server::bind`.
    pub(crate) bad_group: Option<String>,
    pub(crate) secrets: Vec<Vec<u8>>,
    pub(crate) layout: Arc<Layout>,
    pub(crate) hooks_js: String,
    pub(crate) extra_head: String,
    pub(crate) static_files: Vec<(String, String, &'static str)>,
    pub(crate) allowed_origins: Option<Vec<String>>,
    /// Where the socket and the client's assets are served (`""` or `/app`).
    pub(crate) prefix: String,
    /// A prefix that is not a usable path; reported by `Server::bind`.
    pub(crate) bad_prefix: Option<String>,
    pub(crate) limits: Limits,
    pub(crate) pubsub: Arc<dyn PubSub>,
    /// Presence timing (`LiveRouter::presence`).
    pub(crate) presence: PresenceConfig,
    /// Where uploads are stored while they arrive (`LiveRouter::upload_dir`).
    pub(crate) upload_dir: Option<std::path::PathBuf>,
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
    /// Two `live_session` groups with one name (or one named `""`, the default group's).
    #[error("live_session {0:?} is defined twice (or is the default group's empty name)")]
    LiveSession(String),
    /// A [`LiveRouter::prefix`] that is not a plain path such as `/app`.
    #[error(
        "prefix {0:?} is not a path such as \"/app\" (a leading '/', then letters, digits, '/', '-', '_', '.', '~')"
    )]
    Prefix(String),
}

/// A route of a group as added: its pattern (or why it does not parse), view and page options.
type GroupRoute = (Result<Pattern, PatternError>, Arc<dyn ViewFactory>, PageOptions);

/// The routes of one `live_session` group, built in [`LiveRouter::live_session`].
pub struct LiveSessionRoutes {
    group: LiveSession,
    routes: Vec<GroupRoute>,
    page: PageOptions,
}

impl std::fmt::Debug for LiveSessionRoutes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSessionRoutes").field("group", &self.group).field("routes", &self.routes.len()).finish()
    }
}

impl LiveSessionRoutes {
    /// Adds a hook that runs before `mount` of every view of the group, on the dead render
    /// and on the join; hooks run in the order they were added. See
    /// [`OnMount`](liveview_core::live_session::OnMount).
    pub fn on_mount(mut self, hook: impl OnMountHook) -> Self {
        self.group = self.group.on_mount(hook);
        self
    }

    /// Serves LiveView `V` at `pattern` within the group.
    pub fn live<V: LiveView>(self, pattern: &str) -> Self {
        self.live_with::<V>(pattern, PageOptions::new())
    }

    /// Serves LiveView `V` at `pattern` within the group, with a page that differs from the
    /// group's as `page` says (see [`PageOptions`]).
    pub fn live_with<V: LiveView>(mut self, pattern: &str, page: PageOptions) -> Self {
        liveview_core::nested::register_children::<V>();
        self.routes.push((Pattern::parse(pattern), Arc::new(Factory::<V>::new()), page));
        self
    }

    /// The layout of the group's pages, instead of the router's (Phoenix's
    /// `live_session :name, layout: ..`). Live navigation stays within a group, so every
    /// page reached by it has this layout.
    ///
    /// ```no_run
    /// # use liveview_server::{LiveRouter, Page};
    /// # fn demo<Admin: liveview_core::LiveView>() {
    /// fn admin_layout(page: &Page) -> String {
    ///     format!("<!DOCTYPE html><html><head>{}</head><body><nav>Admin</nav>{}</body></html>", page.head, page.body)
    /// }
    /// let app = LiveRouter::new().live_session("admin", |s| s.layout(admin_layout).live::<Admin>("/admin"));
    /// # }
    /// ```
    pub fn layout(mut self, layout: impl Fn(&Page) -> String + Send + Sync + 'static) -> Self {
        self.page = self.page.layout(layout);
        self
    }

    /// Options for the client's `LiveSocket` on the group's pages, instead of the router's
    /// (see [`PageOptions::client_options`]).
    pub fn client_options(mut self, js_object: impl Into<String>) -> Self {
        self.page = self.page.client_options(js_object);
        self
    }
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

impl std::fmt::Debug for LiveRouter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveRouter")
            .field("routes", &self.routes.iter().map(|(p, _, g)| (p.as_str(), g.name())).collect::<Vec<_>>())
            .field("live_sessions", &self.group_names)
            .field("prefix", &self.prefix)
            .field("session_from", &self.session_fn.is_some())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
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
            route_pages: Vec::new(),
            client_options: None,
            session_fn: None,
            group_names: Vec::new(),
            bad_routes: Vec::new(),
            bad_group: None,
            secrets: Vec::new(),
            layout: Arc::new(default_layout),
            hooks_js: "export default {}\n".to_owned(),
            extra_head: String::new(),
            static_files: Vec::new(),
            allowed_origins: None,
            prefix: String::new(),
            bad_prefix: None,
            limits: Limits::default(),
            upload_dir: None,
            pubsub: Arc::new(LocalPubSub::new()),
            presence: PresenceConfig::default(),
        }
    }

    /// Serves LiveView `V` at `pattern` (`/`, `/items/:id`).
    ///
    /// A pattern that does not parse (no leading `/`, a `:` without a name) makes
    /// [`Server::bind`](crate::Server::bind) fail with [`ConfigError::Route`].
    pub fn live<V: LiveView>(self, pattern: &str) -> Self {
        self.live_with::<V>(pattern, PageOptions::new())
    }

    /// Serves LiveView `V` at `pattern`, with a page that differs from the router's as `page`
    /// says: its own layout, `LiveSocket` options or container attributes (see
    /// [`PageOptions`], which has an example).
    pub fn live_with<V: LiveView>(mut self, pattern: &str, page: PageOptions) -> Self {
        liveview_core::nested::register_children::<V>();
        match Pattern::parse(pattern) {
            Ok(p) => {
                self.route_pages.push((p.clone(), page));
                self.routes.push((p, Arc::new(Factory::<V>::new()), LiveSession::default()));
            }
            Err(e) => self.bad_routes.push(e),
        }
        self
    }

    /// A `live_session` group, as in Phoenix's router: its routes share `on_mount` hooks,
    /// which run before `mount` on the dead render and on the join, and live navigation
    /// (`push_navigate`, [`Link::navigate`](liveview_core::link::Link::navigate)) stays on the
    /// socket only between routes of one group. Navigating to another group's route is a
    /// full page load, and a page's session token cannot join another group's view.
    ///
    /// ```no_run
    /// # use liveview_server::LiveRouter;
    /// # use liveview_core::{Params, Session, Socket, live_session::OnMount};
    /// # fn demo<Counter: liveview_core::LiveView, Secret: liveview_core::LiveView>() {
    /// fn require_user(_: &Params, session: &Session, socket: &mut Socket) -> OnMount {
    ///     match session.get::<String>("user") {
    ///         Some(user) => { socket.assign(user); OnMount::Continue }
    ///         None => { socket.redirect("/login"); OnMount::Halt }
    ///     }
    /// }
    /// let app = LiveRouter::new()
    ///     .live::<Counter>("/counter")
    ///     .live_session("authenticated", |s| s.on_mount(require_user).live::<Secret>("/secret"));
    /// # }
    /// ```
    ///
    /// A name used twice makes [`Server::bind`](crate::Server::bind) fail with
    /// [`ConfigError::LiveSession`].
    pub fn live_session(mut self, name: &str, routes: impl FnOnce(LiveSessionRoutes) -> LiveSessionRoutes) -> Self {
        let group =
            routes(LiveSessionRoutes { group: LiveSession::new(name), routes: Vec::new(), page: PageOptions::new() });
        if name.is_empty() || self.group_names.iter().any(|n| n == name) {
            self.bad_group.get_or_insert_with(|| name.to_owned());
        }
        self.group_names.push(name.to_owned());
        for (pattern, factory, page) in group.routes {
            match pattern {
                Ok(p) => {
                    self.route_pages.push((p.clone(), page.or(&group.page)));
                    self.routes.push((p, factory, group.group.clone()));
                }
                Err(e) => self.bad_routes.push(e),
            }
        }
        self
    }

    /// Builds the LiveView [`Session`] from the HTTP request of each dead render (its
    /// headers, cookies, and extensions set by tower layers before this service, such as a
    /// cookie session or an authentication layer). What it returns is signed into the page's
    /// session token, so `mount` and the `on_mount` hooks receive it on the dead render and
    /// again on the websocket join, on any node. Without it the session is empty.
    ///
    /// ```no_run
    /// # use liveview_server::LiveRouter;
    /// # use liveview_core::Session;
    /// let app = LiveRouter::new().session_from(|req: &http::request::Parts| {
    ///     let mut session = Session::default();
    ///     if let Some(lang) = req.headers.get("accept-language").and_then(|v| v.to_str().ok()) {
    ///         session.insert("lang", lang);
    ///     }
    ///     session
    /// });
    /// ```
    pub fn session_from(mut self, f: impl Fn(&http::request::Parts) -> Session + Send + Sync + 'static) -> Self {
        self.session_fn = Some(Arc::new(f));
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

    /// Options for the client's `LiveSocket` on every page, as the source of a JavaScript
    /// object literal; a group or a route can replace them (see
    /// [`PageOptions::client_options`]).
    ///
    /// ```no_run
    /// # use liveview_server::LiveRouter;
    /// let app = LiveRouter::new().client_options("{reloadJitterMin: 1000, reloadJitterMax: 5000}");
    /// ```
    pub fn client_options(mut self, js_object: impl Into<String>) -> Self {
        self.client_options = Some(js_object.into());
        self
    }

    /// The client hooks: an ES module whose default export is the `hooks` object given to
    /// `LiveSocket` (e.g. `export default { Chart: { mounted() { ... } } }`). An `uploaders`
    /// export becomes `LiveSocket`'s `uploaders` (the client half of external uploads,
    /// `UploadConfig::external`).
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

    /// Sets how often this node heartbeats its presence entries and how long other nodes keep
    /// them after its last heartbeat (default 2 s and 10 s; see the README's "Presence").
    /// Every node should use the same values.
    pub fn presence(mut self, config: PresenceConfig) -> Self {
        self.presence = config;
        self
    }

    /// The pubsub backend, to broadcast from outside views (background jobs, HTTP handlers).
    pub fn pubsub_handle(&self) -> Arc<dyn PubSub> {
        self.pubsub.clone()
    }

    /// Serves the websocket and the client's assets under `prefix` (`/app`: the socket at
    /// `/app/live/websocket`, the assets at `/app/assets/…`), for an application that gives
    /// the live pages a part of its URL space. Routes keep their full paths
    /// (`.live::<Counter>("/app/counter")`); add the service with `merge` or
    /// `fallback_service`, not `nest` (which strips the prefix from the request).
    ///
    /// A prefix that is not a plain path (`/` and `[A-Za-z0-9-_.~]`) makes
    /// [`Server::bind`](crate::Server::bind) fail with [`ConfigError::Prefix`].
    pub fn prefix(mut self, prefix: &str) -> Self {
        match crate::paths::normalize_prefix(prefix) {
            Some(p) => self.prefix = p,
            None => self.bad_prefix = Some(prefix.to_owned()),
        }
        self
    }

    /// Where uploaded files are stored while they arrive and until they are consumed
    /// (default: a `liveview-uploads-<random>` directory of this server's own in
    /// [`std::env::temp_dir`], so no other local user can prepare it). Created with mode 0700
    /// if missing; each file
    /// has a random name and is deleted when consumed without being moved, cancelled, failed,
    /// or when its view ends.
    pub fn upload_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.upload_dir = Some(dir.into());
        self
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
        if let Some(prefix) = &self.bad_prefix {
            return Err(ConfigError::Prefix(prefix.clone()));
        }
        if let Some(name) = &self.bad_group {
            return Err(ConfigError::LiveSession(name.clone()));
        }
        let mut secrets = self.secrets.clone();
        if secrets.is_empty()
            && let Ok(env) = std::env::var("LIVEVIEW_SECRET")
        {
            secrets.extend(env.split(',').filter(|s| !s.is_empty()).map(|s| s.as_bytes().to_vec()));
        }
        if secrets.is_empty() && crate::dev::enabled() {
            let file = crate::dev::secret_file();
            match crate::dev::secret(&file) {
                Ok(secret) => {
                    tracing::info!(file = %file.display(), "development mode: signing with the secret kept in this file; open pages rejoin after a restart");
                    secrets.push(secret);
                }
                Err(e) => {
                    tracing::warn!(file = %file.display(), error = %e, "development mode: cannot keep a secret in this file")
                }
            }
        }
        let signer = if secrets.is_empty() {
            tracing::warn!(
                "no signing secret configured (LIVEVIEW_SECRET): using a random one; pages from before a restart will reload (LIVEVIEW_DEV=1 keeps a development secret across restarts)"
            );
            Signer::random()
        } else {
            Signer::try_new(secrets)?
        };
        let mut app = App::new(signer);
        for (pattern, factory, group) in &self.routes {
            app.route_in(pattern.clone(), factory.clone(), group.clone());
        }
        Ok(app)
    }
}
