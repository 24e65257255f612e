//! The conformance app: Phoenix LiveView's own end-to-end test application (its
//! `test/e2e/test_helper.exs` router and `test/e2e/support/**` views), re-expressed in Rust so
//! that the upstream Playwright scenarios, re-expressed in `tests/e2e/conformance/`, run
//! against our server. Run it with
//! `cargo run -p liveview-examples --bin conformance -- --addr 127.0.0.1:4004`.
//!
//! # Shape (as upstream)
//!
//! - live_session `default` — layout [`layout::live`] (the upstream `live.html`: the client with
//!   the `FormHook`/`FormStreamHook` hooks, `window.hooks`, the `TestExternal` uploader and
//!   `cascadePhxRemoveOnNavigation` from the query string); most pages;
//! - live_session `other` — the same layout, a different session (navigation into it from
//!   `default` is a full page load);
//! - live_session `navigation` — the `/navigation/*` pages with their own layout;
//! - routes outside any live_session, each with a layout of its own
//!   ([`liveview::LiveRouter::live_with`] + [`liveview::PageOptions`]);
//! - plain HTTP endpoints ([`plain`]): `GET /health`, `POST /submit`, and whatever a group
//!   adds (`GET /navigation/dead`).
//!
//! # Adding a page group (one module per upstream group)
//!
//! Each group module (`navigation`, `streams`, `forms`, …, `issues::issue_NNNN`) has one
//! function, `pub fn routes(r: &mut Routes)` ([`Routes`] is in `conformance::routes`), listed in [`GROUPS`] (in `issues`, in
//! `issues::ISSUES`). It adds its routes where upstream has them:
//!
//! ```ignore
//! pub fn routes(r: &mut Routes) {
//!     r.default_session(|s| s.live::<StreamLive>("/stream").live::<StreamResetLive>("/stream/reset"));
//!     r.outside(|r| r.live_with::<ErrorLive>("/errors", PageOptions::new().layout(my_layout)));
//!     r.http(|app| app.route("/navigation/dead", axum::routing::get(dead)));
//! }
//! ```
//!
//! So several people can port groups at once, each touching only their own files and one line
//! of [`GROUPS`]. A group not ported yet adds nothing (its routes 404): no stand-in pages.
//!
//! Views that upstream tests drive with `evalLV` (Elixir evaluated in the view) implement
//! [`sandbox::Sandbox`] instead; see that module.

pub mod colocated;
pub mod components;
pub mod errors;
pub mod forms;
pub mod issues;
pub mod js;
pub mod keyed;
pub mod layout;
pub mod navigation;
pub mod plain;
pub mod portal;
pub mod routes;
pub mod sandbox;
pub mod select;
pub mod streams;
pub mod uploads;

use liveview::{LiveRouter, LiveService};
use routes::HttpFn;
pub use routes::Routes;

/// Every page group, in the order upstream's router lists its routes (the first route that
/// matches a path serves it).
pub const GROUPS: &[fn(&mut Routes)] = &[
    streams::routes,
    uploads::routes,
    forms::routes,
    js::routes,
    select::routes,
    components::routes,
    keyed::routes,
    portal::routes,
    issues::routes,
    navigation::routes,
    errors::routes,
    colocated::routes,
];

/// Runs every group of [`GROUPS`].
fn collect() -> Routes {
    let mut routes = Routes::default();
    for group in GROUPS {
        group(&mut routes);
    }
    routes
}

/// Applies `fs` in order.
fn fold<T>(start: T, fs: Vec<Box<dyn FnOnce(T) -> T>>) -> T {
    fs.into_iter().fold(start, |acc, f| f(acc))
}

/// The live routes and the plain ones the groups add.
fn build() -> (LiveRouter, Vec<HttpFn>) {
    let Routes { default, other, navigation, outside, http } = collect();
    let router = LiveRouter::new()
        .hooks(layout::HOOKS)
        .layout(layout::live)
        .client_options(layout::CLIENT_OPTIONS)
        // Upstream's `default` session has an on_mount hook that evaluates `sandbox:eval`; here
        // each view that needs it handles the event itself (see `sandbox`).
        .live_session("default", |s| fold(s, default))
        .live_session("other", |s| fold(s, other))
        .live_session("navigation", |s| {
            fold(s.layout(navigation::layout).client_options(navigation::CLIENT_OPTIONS), navigation)
        });
    (fold(router, outside), http)
}

/// The live routes alone (what `liveview::serve` or the test harness serves).
pub fn router() -> LiveRouter {
    build().0
}

/// The whole app: the plain endpoints of [`plain`] and the groups, then `live` as the fallback.
fn app_with(live: LiveService, http: Vec<HttpFn>) -> axum::Router {
    fold(plain::routes(axum::Router::new()), http).fallback_service(live)
}

/// The whole app with its live service; the service's shutdown token closes its websockets.
///
/// # Errors
/// When the live router cannot serve (see [`LiveRouter::into_service`]).
pub fn app() -> Result<(axum::Router, LiveService), liveview::ServerError> {
    let (router, http) = build();
    let live = router.into_service()?;
    Ok((app_with(live.clone(), http), live))
}
