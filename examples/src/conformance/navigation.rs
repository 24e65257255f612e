//! Upstream group `navigation` (`test/e2e/support/navigation.ex`, `tests/navigation.spec.js`):
//! live_session `navigation` with a layout of its own (a sidebar of live links, a checkbox
//! that makes `phx:before-navigate` listeners cancel navigation, console lines for every
//! `phx:before-navigate` and `phx:navigate` event) and these pages:
//!
//! - `/navigation/a` ([`ALive`]): shows the `param` query parameter; patch links (push and
//!   replace) to a fresh `?param=`, a navigate link to `/navigation/b#items-item-42`, and a
//!   button whose event `push_navigate`s to `/navigation/b`;
//! - `/navigation/b` and `/navigation/b/:id` ([`BLive`]): a stream of 100 items whose links
//!   patch to `/navigation/b/item-N`, which shows that item (`?container=1` puts the list in a
//!   scrolling box of its own);
//! - `/navigation/redirectloop` ([`RedirectLoopLive`]): a patch link to `?loop=true`, whose
//!   `handle_params` patches to the same URL again, forever (Phoenix stops the loop by
//!   crashing the view, which remounts with `loop` set and says "Too many redirects");
//! - `/navigation/dead`: a plain HTTP page in the same layout.

use super::routes::Routes;
use axum::response::Html;
use liveview::prelude::*;
use liveview::{Page, Rendered};
use std::sync::atomic::{AtomicU64, Ordering};

/// Adds live_session `navigation`'s routes and the dead page.
pub fn routes(r: &mut Routes) {
    r.navigation_session(|s| {
        s.live::<ALive>("/navigation/a")
            .live::<BLive>("/navigation/b")
            .live::<BLive>("/navigation/b/:id")
            .live::<RedirectLoopLive>("/navigation/redirectloop")
    });
    r.http(|app| app.route("/navigation/dead", axum::routing::get(dead)));
}

/// `LiveSocket` options of the navigation pages: reloads after a failed join come quicker.
pub const CLIENT_OPTIONS: &str = "{reloadJitterMin: 50, reloadJitterMax: 500}";

/// Logs navigation events to the console (`before navigate event {..}`, `navigate event
/// {..}`, which tests read) and cancels live navigation while the sidebar's checkbox is set.
const SCRIPT: &str = r#"<script>
window.liveNavigationPreventEnabled = false;
window.addEventListener("phx:before-navigate", (e) => {
  console.log("before navigate event", JSON.stringify(e.detail));
  if (window.liveNavigationPreventEnabled) e.preventDefault();
});
window.addEventListener("phx:navigate", (e) => {
  console.log("navigate event", JSON.stringify(e.detail));
});
window.addEventListener("change", (e) => {
  if (e.target && e.target.id === "prevent-navigation-toggle") {
    window.liveNavigationPreventEnabled = e.target.checked;
  }
});
</script>
"#;

const STYLE: &str = r#"<style>
html, body { margin: 0; padding: 0; font-family: system-ui, sans-serif; font-size: 1rem; }
#nav-frame { display: flex; width: 100%; height: 100vh; }
#nav-sidebar { position: fixed; height: 100vh; width: 20rem; padding: 1rem; display: flex; flex-direction: column; gap: 0.5rem; background: #f8fafc; border-right: 1px solid; }
#nav-sidebar h1 { font-size: 1.125rem; line-height: 1.75rem; margin-bottom: 1rem; }
#nav-sidebar label { display: flex; align-items: center; gap: 0.5rem; padding: 0.5rem; background: #e2e8f0; cursor: pointer; }
#nav-sidebar a { padding: 0.5rem; background: #f1f5f9; }
#nav-main { margin-left: 22rem; flex: 1; padding: 2rem; }
.nav-button { display: inline-flex; align-items: center; padding: 0.5rem 1rem; border-radius: 0.375rem; background: #e2e8f0; cursor: pointer; }
#my-scroll-container { width: 100%; border: 1px solid #e2e8f0; border-radius: 0.375rem; position: relative; }
#my-scroll-container.boxed { height: 85vh; overflow-y: scroll; }
#items { padding: 1rem; list-style: none; }
#items li { padding: 0.5rem; border-bottom: 1px solid #e2e8f0; }
</style>
"#;

/// The layout of live_session `navigation` and of the dead page.
pub fn layout(page: &Page) -> String {
    let sidebar = html! {
        <div id="nav-sidebar">
            <h1>"Navigation"</h1>
            <label>
                <input id="prevent-navigation-toggle" type="checkbox">
                <span>"Prevent navigation"</span>
            </label>
            <a {Link::navigate("/navigation/a")}>"LiveView A"</a>
            <a {Link::navigate("/navigation/b")}>"LiveView B"</a>
            <a {Link::navigate("/stream")}>"LiveView (other session)"</a>
            <a {Link::navigate("/navigation/dead")}>"Dead View"</a>
        </div>
    };
    let title = html! { <title>{page.title.as_deref().unwrap_or_default()}</title> };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{}{SCRIPT}{STYLE}{}\n</head>\n<body>\n<div id=\"nav-frame\">\n{}\n<div id=\"nav-main\">\n{}\n</div>\n</div>\n</body>\n</html>\n",
        page.head,
        title.to_html(),
        sidebar.to_html(),
        page.body
    )
}

/// `GET /navigation/dead`: no LiveView, the same layout (its links are plain page loads).
async fn dead() -> Html<String> {
    let head = "<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n".to_owned();
    let body = html! { <h1>"Dead view"</h1> }.to_html();
    Html(layout(&Page { title: None, head, body }))
}

/// A fresh number for each `handle_params` of [`ALive`] (upstream's `System.unique_integer`).
static NEXT_PARAM: AtomicU64 = AtomicU64::new(1);

/// `/navigation/a`.
#[live_view]
#[derive(Debug, Default)]
pub struct ALive {
    param_current: Option<String>,
    param_next: u64,
}

#[live_view]
impl ALive {
    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.param_current = params.get("param").map(str::to_owned);
        self.param_next = NEXT_PARAM.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    #[event("server_navigate")]
    fn server_navigate(&mut self, socket: &mut Socket) {
        socket.push_navigate("/navigation/b");
    }

    fn render(&self) -> Rendered {
        let next = Location::new("/navigation/a").param("param", self.param_next);
        html! {
            <h1>"This is page A"</h1>
            <p>"Current param: "{self.param_current.as_deref().unwrap_or_default()}</p>
            <a class="nav-button" {Link::patch(next.clone())}>"Patch this LiveView"</a>
            <a class="nav-button" {Link::patch(next).replace()}>"Patch (Replace)"</a>
            <a class="nav-button" {Link::navigate("/navigation/b#items-item-42")}>"Navigate to 42"</a>
            <button type="button" class="nav-button" phx-click="server_navigate">"Server Navigate"</button>
        }
    }
}

/// One item of [`BLive`]'s list.
#[derive(Debug)]
pub struct Item {
    id: String,
    name: u32,
}

/// `/navigation/b` (the list) and `/navigation/b/:id` (one item).
#[live_view]
#[derive(Debug)]
pub struct BLive {
    /// `?container=…`: the list scrolls in a box of its own.
    container: bool,
    /// `Some(id)` at `/navigation/b/:id`.
    show: Option<String>,
    items: Stream<Item>,
}

impl Default for BLive {
    fn default() -> Self {
        BLive { container: false, show: None, items: Stream::new(|item: &Item| format!("items-{}", item.id)) }
    }
}

#[live_view]
impl BLive {
    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.container = params.query().iter().any(|(k, _)| k == "container");
        self.show = params.get("id").map(str::to_owned);
        if self.show.is_none() {
            self.items.extend((1..=100).map(|n| Item { id: format!("item-{n}"), name: n }));
        }
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! {
            <h1>"This is page B"</h1>
            <a class="nav-button" style="margin-bottom: 8px" href="#items-item-42">"Go to 42."</a>
            if let Some(id) = &self.show {
                <div><p>"Item "{id}</p></div>
            } else {
                <div id="my-scroll-container" class={if self.container { "boxed" } else { "" }}>
                    <ul id="items" phx-update="stream">
                        for (dom_id, item) in &self.items, stream {
                            <li id={dom_id}>
                                <a {Link::patch(format!("/navigation/b/{}", item.id))}>"Item "{item.name}</a>
                            </li>
                        }
                    </ul>
                </div>
            }
        }
    }
}

/// `/navigation/redirectloop`.
#[live_view]
#[derive(Debug)]
pub struct RedirectLoopLive {
    message: Option<&'static str>,
    /// Whether `?loop=true` patches again (not after a remount that started there).
    looping: bool,
}

#[live_view]
impl RedirectLoopLive {
    fn mount(params: &Params) -> Self {
        if params.get("loop").is_some() {
            RedirectLoopLive { message: Some("Too many redirects"), looping: false }
        } else {
            RedirectLoopLive { message: None, looping: true }
        }
    }

    async fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> Result<()> {
        if params.get("loop").is_some() && self.looping {
            socket.push_patch("/navigation/redirectloop?loop=true");
        }
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! {
            if let Some(message) = self.message {
                <div id="message">{message}</div>
            }
            <a {Link::patch("/navigation/redirectloop?loop=true")}>"Redirect Loop"</a>
        }
    }
}
