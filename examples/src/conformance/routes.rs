//! [`Routes`]: what the page groups add to the conformance app (see the parent module).

use liveview::{LiveRouter, LiveSessionRoutes};

pub(super) type SessionFn = Box<dyn FnOnce(LiveSessionRoutes) -> LiveSessionRoutes>;
pub(super) type RouterFn = Box<dyn FnOnce(LiveRouter) -> LiveRouter>;
pub(super) type HttpFn = Box<dyn FnOnce(axum::Router) -> axum::Router>;

/// What the page groups add, collected before the router is built.
#[derive(Default)]
pub struct Routes {
    pub(super) default: Vec<SessionFn>,
    pub(super) other: Vec<SessionFn>,
    pub(super) navigation: Vec<SessionFn>,
    pub(super) outside: Vec<RouterFn>,
    pub(super) http: Vec<HttpFn>,
}

impl std::fmt::Debug for Routes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Routes")
            .field("default", &self.default.len())
            .field("other", &self.other.len())
            .field("navigation", &self.navigation.len())
            .field("outside", &self.outside.len())
            .field("http", &self.http.len())
            .finish()
    }
}

impl Routes {
    /// Routes of live_session `default` (layout [`layout::live`](super::layout::live), the views reachable by
    /// `sandbox:eval`).
    pub fn default_session(&mut self, f: impl FnOnce(LiveSessionRoutes) -> LiveSessionRoutes + 'static) {
        self.default.push(Box::new(f));
    }

    /// Routes of live_session `other` (layout [`layout::live`](super::layout::live)).
    pub fn other_session(&mut self, f: impl FnOnce(LiveSessionRoutes) -> LiveSessionRoutes + 'static) {
        self.other.push(Box::new(f));
    }

    /// Routes of live_session `navigation` (layout [`navigation::layout`](super::navigation::layout)).
    pub fn navigation_session(&mut self, f: impl FnOnce(LiveSessionRoutes) -> LiveSessionRoutes + 'static) {
        self.navigation.push(Box::new(f));
    }

    /// Live routes outside any live_session (give each its layout with `live_with`).
    pub fn outside(&mut self, f: impl FnOnce(LiveRouter) -> LiveRouter + 'static) {
        self.outside.push(Box::new(f));
    }

    /// Plain HTTP routes (axum), served before the live routes.
    pub fn http(&mut self, f: impl FnOnce(axum::Router) -> axum::Router + 'static) {
        self.http.push(Box::new(f));
    }
}
