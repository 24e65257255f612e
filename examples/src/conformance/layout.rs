//! The page around the views of live_sessions `default` and `other` (upstream's root layout
//! plus `live.html`), its client hooks and `LiveSocket` options.
//!
//! Upstream renders `live.html` inside the LiveView (a live_session layout); here the same
//! pieces go around the container: the CSRF meta tag and the client come from `page.head`,
//! the hooks from [`HOOKS`] (served as the router's hooks module), the options from
//! [`CLIENT_OPTIONS`].
//!
//! Pages that need more (upstream's `pre_script` or `render_in_root` assigns) get a layout of
//! their own from [`live_with`], given to their route with `PageOptions::layout`.

use liveview::Page;
use liveview::prelude::*;

/// The hooks module: `FormHook` and `FormStreamHook` (push `ping`, append `pong` to the
/// element's text on the reply), whatever the page's own scripts put in `window.hooks`
/// (the layout defines it first), and the `TestExternal` uploader (records the upload's start
/// and abort on `document.documentElement.dataset`).
pub const HOOKS: &str = r#"
const pingPong = {
  mounted() {
    this.pushEvent("ping", {}, () => (this.el.innerText += "pong"))
  }
}
export const uploaders = {
  TestExternal(entries) {
    for (const entry of entries) {
      document.documentElement.dataset.externalUploadStarted = entry.ref
      entry.onCancel(() => {
        document.documentElement.dataset.externalUploadAborted = entry.ref
      })
    }
  }
}
// Module scripts run after the document is parsed, so the page's scripts have filled window.hooks.
export default { FormHook: pingPong, FormStreamHook: pingPong, ...(window.hooks || {}) }
"#;

/// `LiveSocket` options of every page of this layout: `?cascadePhxRemoveOnNavigation=false`
/// turns the option off, as upstream.
pub const CLIENT_OPTIONS: &str = r#"{cascadePhxRemoveOnNavigation: new URLSearchParams(window.location.search).get("cascadePhxRemoveOnNavigation") !== "false"}"#;

/// Defines `window.hooks` before any script of the page runs.
const WINDOW_HOOKS: &str = "<script>window.hooks = {};</script>\n";

/// The style upstream's `live.html` sets.
const STYLE: &str = "<style>* { font-size: 1.1rem; }</style>\n";

/// The layout of live_sessions `default` and `other`.
pub fn live(page: &Page) -> String {
    document(page, "", "")
}

/// The same layout with `pre_script` (HTML) before the client starts, and `in_root` (HTML)
/// first in `<body>` (upstream's `pre_script` and `render_in_root` assigns).
pub fn live_with(pre_script: &'static str, in_root: &'static str) -> impl Fn(&Page) -> String + Send + Sync + 'static {
    move |page: &Page| document(page, pre_script, in_root)
}

fn document(page: &Page, pre_script: &str, in_root: &str) -> String {
    let title = html! { <title>{page.title.as_deref().unwrap_or_default()}</title> };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{WINDOW_HOOKS}{pre_script}{}{STYLE}{}\n</head>\n<body>\n{in_root}{}\n</body>\n</html>\n",
        page.head,
        title.to_html(),
        page.body
    )
}
