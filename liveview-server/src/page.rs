//! The HTML page around a dead render: container, tokens, CSRF meta, import map, bootstrap.

use crate::paths::Paths;
use liveview_core::escape::escape;
use std::sync::Arc;

/// What a layout puts on the page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page title (`page_title`), unescaped.
    pub title: Option<String>,
    /// Everything `<head>` needs for LiveView: charset, CSRF meta, import map, bootstrap.
    /// Insert it verbatim.
    pub head: String,
    /// The LiveView container with the rendered view inside. Insert it verbatim.
    pub body: String,
}

/// A function that wraps a [`Page`] in a full HTML document.
pub type Layout = dyn Fn(&Page) -> String + Send + Sync;

/// How the pages of some routes differ from the router's defaults: their layout, the options
/// their client's `LiveSocket` is built with, and attributes of the LiveView container.
///
/// A group sets the layout and the client options of all its routes
/// ([`LiveSessionRoutes::layout`](crate::LiveSessionRoutes::layout),
/// [`LiveSessionRoutes::client_options`](crate::LiveSessionRoutes::client_options)); the whole
/// `PageOptions`, container attributes included, goes to one route
/// ([`LiveRouter::live_with`](crate::LiveRouter::live_with),
/// [`LiveSessionRoutes::live_with`](crate::LiveSessionRoutes::live_with)). What a route sets
/// wins over its group, which wins over the router. These settings shape the page of a dead
/// render (a full page load); live navigation within a `live_session` keeps the page it
/// started on, as in Phoenix, so give the routes of one group the same layout.
///
/// From the facade crate: `use liveview::{LiveRouter, Page, PageOptions, default_layout};`.
///
/// ```no_run
/// # use liveview_server::{LiveRouter, PageOptions, Page, default_layout};
/// # fn demo<Errors: liveview_core::LiveView, Modal: liveview_core::LiveView>() {
/// let app = LiveRouter::new()
///     // This page's client gives up sooner and rejoins faster.
///     .live_with::<Errors>("/errors", PageOptions::new().client_options("{maxReloads: 5, rejoinAfterMs: () => 50}"))
///     // This page has a layout of its own and a `phx-remove` transition on its container.
///     .live_with::<Modal>(
///         "/modal",
///         PageOptions::new()
///             .layout(|page: &Page| default_layout(page).replace("<body>", "<body class=\"modal\">"))
///             .container_attr("phx-remove", r#"[["transition",{"time":100,"transition":[["fade"],[],[]]}]]"#),
///     );
/// # }
/// ```
#[derive(Clone, Default)]
pub struct PageOptions {
    pub(crate) layout: Option<Arc<Layout>>,
    pub(crate) client_options: Option<String>,
    pub(crate) container_attrs: Vec<(String, String)>,
}

impl std::fmt::Debug for PageOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageOptions")
            .field("layout", &self.layout.is_some())
            .field("client_options", &self.client_options)
            .field("container_attrs", &self.container_attrs)
            .finish()
    }
}

impl PageOptions {
    /// No differences: the router's (or the group's) settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// The layout of these pages (see [`LiveRouter::layout`](crate::LiveRouter::layout)).
    pub fn layout(mut self, layout: impl Fn(&Page) -> String + Send + Sync + 'static) -> Self {
        self.layout = Some(Arc::new(layout));
        self
    }

    /// Options for the client's `LiveSocket` on these pages, as the source of a JavaScript
    /// object literal (`{reloadJitterMin: 50, rejoinAfterMs: (tries) => 50}`): it is spread
    /// after the options the framework passes (`hooks`, `uploaders`), so a key given here
    /// replaces the framework's. `params` (connect params, read in `mount` with
    /// `Socket::connect_params`: `{params: {tz: Intl.DateTimeFormat().resolvedOptions().timeZone}}`,
    /// or a function of the view's element) are merged with the CSRF token the framework sends,
    /// which always stays. The expression is evaluated when the client starts, after the page
    /// has been parsed, so it may read what the page's own scripts set up
    /// (`{hooks: {...window.myHooks}}`). It is served in a bootstrap script of its own, never
    /// interpolated with user data: pass only source you wrote.
    pub fn client_options(mut self, js_object: impl Into<String>) -> Self {
        self.client_options = Some(js_object.into());
        self
    }

    /// Adds attribute `name="value"` to the LiveView container of these pages (Phoenix's
    /// `live(.., container: {:div, attrs})`), e.g. a `phx-remove` transition the client runs
    /// when the view is navigated away from. The value is escaped.
    pub fn container_attr(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.container_attrs.push((name.into(), value.into()));
        self
    }

    /// `self`, with what it leaves unset taken from `outer`.
    pub(crate) fn or(mut self, outer: &PageOptions) -> PageOptions {
        if self.layout.is_none() {
            self.layout = outer.layout.clone();
        }
        if self.client_options.is_none() {
            self.client_options = outer.client_options.clone();
        }
        if self.container_attrs.is_empty() {
            self.container_attrs = outer.container_attrs.clone();
        }
        self
    }
}

/// The default layout: a minimal HTML5 document.
pub fn default_layout(page: &Page) -> String {
    let title = escape(page.title.as_deref().unwrap_or("liveview"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{}<title data-default=\"liveview\">{title}</title>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        page.head, page.body
    )
}

/// The LiveView part of `<head>`; `app` is the path of the bootstrap module.
pub(crate) fn head(csrf: &str, paths: &Paths, app: &str, extra_head: &str) -> String {
    format!(
        "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n\
         <meta name=\"csrf-token\" content=\"{}\">\n\
         <script type=\"importmap\">{{\"imports\":{{\"phoenix\":\"{}\",\"phoenix_live_view\":\"{}\"}}}}</script>\n\
         <script type=\"module\" src=\"{}\"></script>\n{extra_head}",
        escape(csrf),
        paths.phoenix,
        paths.live_view,
        app
    )
}

/// The main container; `attrs` are extra attributes, already rendered (`container_attrs`).
pub(crate) fn container(view_id: &str, session: &str, static_token: &str, attrs: &str, inner: &str) -> String {
    format!(
        "<div id=\"{}\" data-phx-main data-phx-session=\"{}\" data-phx-static=\"{}\"{attrs}>{inner}</div>",
        escape(view_id),
        escape(session),
        escape(static_token)
    )
}

/// ` name="value"` for each attribute, escaped; names that are not plain attribute names
/// (letters, digits, `-`, `_`, `:`, `.`) are left out.
pub(crate) fn container_attrs(attrs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, value) in attrs {
        let plain = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'));
        if plain {
            out.push_str(&format!(" {name}=\"{}\"", escape(value)));
        } else {
            tracing::warn!(name = %name, "container attribute with an unusable name left out");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_attributes_are_escaped_and_bad_names_left_out() {
        let attrs = vec![
            ("phx-remove".to_owned(), r#"[["transition",{"time":100}]]"#.to_owned()),
            ("bad name".to_owned(), "x".to_owned()),
            ("onclick\"".to_owned(), "x".to_owned()),
        ];
        let html = container("phx-1", "s", "t", &container_attrs(&attrs), "<p>hi</p>");
        assert_eq!(
            html,
            r#"<div id="phx-1" data-phx-main data-phx-session="s" data-phx-static="t" phx-remove="[[&quot;transition&quot;,{&quot;time&quot;:100}]]"><p>hi</p></div>"#
        );
    }

    #[test]
    fn route_options_win_over_the_groups() {
        let group = PageOptions::new().client_options("{a: 1}").container_attr("x", "1");
        let route = PageOptions::new().client_options("{b: 2}").or(&group);
        assert_eq!(route.client_options.as_deref(), Some("{b: 2}"));
        assert_eq!(route.container_attrs, vec![("x".to_owned(), "1".to_owned())]);
        assert!(route.layout.is_none());
    }
}
