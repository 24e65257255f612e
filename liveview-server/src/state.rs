//! What every request handler and socket of one server shares, built once from the router.

use crate::assets::{Asset, ClientAssets};
use crate::inspect::Inspect;
use crate::page::Layout;
use crate::paths::Paths;
use crate::presence::Tracker;
use crate::router::{ConfigError, Limits, LiveRouter, SessionFn};
use liveview_core::pubsub::PubSub;
use liveview_core::route::Pattern;
use liveview_core::runtime::App;
use std::collections::HashMap;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Everything request handlers share.
pub(crate) struct Shared {
    pub(crate) app: Arc<App>,
    pub(crate) assets: ClientAssets,
    pub(crate) hooks: Asset,
    /// The bootstrap module (it names the socket and hooks paths).
    pub(crate) app_js: Asset,
    /// Where the socket and assets are served.
    pub(crate) paths: Paths,
    pub(crate) files: HashMap<String, Asset>,
    pub(crate) layout: Arc<Layout>,
    /// How each route's page differs from the router's, in route order (`PageOptions`).
    pub(crate) pages: Vec<RoutePage>,
    pub(crate) extra_head: String,
    pub(crate) allowed_origins: Option<Vec<String>>,
    pub(crate) limits: Limits,
    pub(crate) pubsub: Arc<dyn PubSub>,
    /// This node's presence tracker, over `pubsub`.
    pub(crate) presence: Arc<Tracker>,
    /// Builds each dead render's session from its request (`LiveRouter::session_from`).
    pub(crate) session_fn: Option<Arc<SessionFn>>,
    /// Cancelled to shut down: sockets close with 1012, timers stop.
    pub(crate) shutdown: CancellationToken,
    /// Every task the server spawns, so shutdown can wait for them.
    pub(crate) tracker: TaskTracker,
    /// Set only by the test harness.
    pub(crate) inspect: Option<Arc<Inspect>>,
    /// Where uploads are stored while they arrive.
    pub(crate) upload_dir: std::path::PathBuf,
}

/// How the page of one route is built: resolved from its `PageOptions`, its group's and the
/// router's.
pub(crate) struct RoutePage {
    pattern: Pattern,
    /// The layout.
    pub(crate) layout: Arc<Layout>,
    /// Path of the bootstrap module (it carries the `LiveSocket` options).
    pub(crate) app: String,
    /// Extra attributes of the container, rendered.
    pub(crate) container_attrs: String,
}

impl Shared {
    /// The page settings of the route serving `path` (the first that matches, as the
    /// runtime routes).
    pub(crate) fn page_for(&self, path: &str) -> Option<&RoutePage> {
        self.pages.iter().find(|p| p.pattern.matches(path).is_some())
    }

    /// # Errors
    /// When the router's routes or signing secrets are unusable.
    pub(crate) fn new(
        router: LiveRouter,
        assets: ClientAssets,
        shutdown: CancellationToken,
    ) -> Result<Self, ConfigError> {
        let app = Arc::new(router.build_app()?);
        let mut files: HashMap<String, Asset> =
            router.static_files.iter().map(|(p, body, ct)| (p.clone(), Asset::new(body.clone(), ct))).collect();
        let paths = Paths::new(&router.prefix);
        // One bootstrap module per distinct set of client options; the router's is the first.
        let mut variants: Vec<Option<String>> = vec![router.client_options.clone()];
        let mut pages = Vec::with_capacity(router.route_pages.len());
        for (pattern, page) in &router.route_pages {
            let options = page.client_options.clone().or_else(|| router.client_options.clone());
            let n = match variants.iter().position(|v| *v == options) {
                Some(n) => n,
                None => {
                    variants.push(options.clone());
                    let n = variants.len() - 1;
                    let js = paths.app_js_with(options.as_deref());
                    files.insert(paths.app_variant(n), Asset::new(js, "text/javascript; charset=utf-8"));
                    n
                }
            };
            pages.push(RoutePage {
                pattern: pattern.clone(),
                layout: page.layout.clone().unwrap_or_else(|| router.layout.clone()),
                app: paths.app_variant(n),
                container_attrs: crate::page::container_attrs(&page.container_attrs),
            });
        }
        Ok(Shared {
            app_js: Asset::new(paths.app_js_with(router.client_options.as_deref()), "text/javascript; charset=utf-8"),
            pages,
            paths,
            app,
            assets,
            hooks: Asset::new(router.hooks_js.clone(), "text/javascript; charset=utf-8"),
            files,
            layout: router.layout.clone(),
            extra_head: router.extra_head.clone(),
            allowed_origins: router.allowed_origins.clone(),
            limits: router.limits.clone(),
            pubsub: router.pubsub.clone(),
            presence: Tracker::new(router.pubsub.clone(), router.presence.clone()),
            session_fn: router.session_fn.clone(),
            shutdown,
            tracker: TaskTracker::new(),
            inspect: None,
            upload_dir: router.upload_dir.clone().unwrap_or_else(private_upload_dir),
        })
    }
}

/// The default upload directory: `liveview-uploads-<random>` in the system temp dir, one per
/// server. A fixed name in a shared temp dir could be created beforehand by another local user
/// (who could then swap a finished file for a link); an unguessable one is created by this
/// process, with mode 0700, on the first upload.
fn private_upload_dir() -> std::path::PathBuf {
    let mut b = [0u8; 12];
    rand::fill(&mut b);
    let suffix: String = b.iter().map(|x| format!("{x:02x}")).collect();
    std::env::temp_dir().join(format!("liveview-uploads-{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::private_upload_dir;

    #[test]
    fn the_default_upload_dir_is_unguessable_and_per_server() {
        let (a, b) = (private_upload_dir(), private_upload_dir());
        assert_ne!(a, b, "a fresh name per server");
        assert_eq!(a.parent(), Some(std::env::temp_dir().as_path()));
        let name = a.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(name.starts_with("liveview-uploads-") && name.len() == "liveview-uploads-".len() + 24, "{name}");
    }
}
