//! The HTML page around a dead render: container, tokens, CSRF meta, import map, bootstrap.

use crate::paths::Paths;
use liveview_core::escape::escape;

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

/// The default layout: a minimal HTML5 document.
pub fn default_layout(page: &Page) -> String {
    let title = escape(page.title.as_deref().unwrap_or("liveview"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{}<title data-default=\"liveview\">{title}</title>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        page.head, page.body
    )
}

pub(crate) fn head(csrf: &str, paths: &Paths, extra_head: &str) -> String {
    format!(
        "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n\
         <meta name=\"csrf-token\" content=\"{}\">\n\
         <script type=\"importmap\">{{\"imports\":{{\"phoenix\":\"{}\",\"phoenix_live_view\":\"{}\"}}}}</script>\n\
         <script type=\"module\" src=\"{}\"></script>\n{extra_head}",
        escape(csrf),
        paths.phoenix,
        paths.live_view,
        paths.app
    )
}

pub(crate) fn container(view_id: &str, session: &str, static_token: &str, inner: &str) -> String {
    format!(
        "<div id=\"{}\" data-phx-main data-phx-session=\"{}\" data-phx-static=\"{}\">{inner}</div>",
        escape(view_id),
        escape(session),
        escape(static_token)
    )
}
