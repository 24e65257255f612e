//! The liveview example gallery, as a library so tests can serve it too.
//!
//! Run it with `cargo run -p liveview-examples --bin gallery -- --addr 127.0.0.1:4000`.

pub mod app;
pub mod async_page;
pub mod auth;
pub mod autocomplete;
pub mod books;
pub mod chat;
pub mod components;
pub mod conformance;
pub mod counter;
pub mod dashboard;
pub mod decarbonize;
pub mod donations;
pub mod external;
pub mod feed;
pub mod form;
pub mod hello;
pub mod index;
pub mod js;
pub mod layout;
pub mod list;
pub mod live_nav;
pub mod nested;
pub mod paginate;
pub mod photos;
pub mod prints;
pub mod push;
pub mod rtcounter;
pub mod search;
pub mod secret;
pub mod servers;
pub mod sort;
pub mod source;
pub mod storage;
pub mod upload;
pub mod volume;
pub mod volunteers;
pub mod xkcd;

use liveview::{LiveRouter, PubSub};
use std::sync::Arc;

/// The hooks used by the examples (`/push` registers `Listener`).
const HOOKS: &str = r#"
window.addEventListener("phx:my-event", (e) => {
  const el = document.getElementById("window-log")
  if (el) el.textContent = `foo=${e.detail.foo} n=${e.detail.n}`
})
// Runs JS commands the server asks for (/js): the commands in the `attr` attribute of each
// element `to` selects, or the commands sent as `js` (liveview::js::JS serializes as their list).
window.addEventListener("phx:js-exec", ({ detail }) => {
  document.querySelectorAll(detail.to).forEach((el) => {
    const js = detail.js || el.getAttribute(detail.attr)
    if (js) window.liveSocket.execJS(el, js)
  })
})
// External uploads (/upload-external): PUT each file to the presigned URL the server gave it.
export const uploaders = {
  LocalStore(entries, onViewError) {
    for (const entry of entries) {
      const xhr = new XMLHttpRequest()
      onViewError(() => xhr.abort())
      xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? entry.progress(100) : entry.error(`storage ${xhr.status}`))
      xhr.onerror = () => entry.error("network")
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable && e.loaded < e.total) entry.progress(Math.floor((e.loaded / e.total) * 100))
      })
      xhr.open("PUT", entry.meta.url, true)
      xhr.send(entry.file)
    }
  }
}
export default {
  Listener: {
    mounted() {
      this.handleEvent("my-event", (p) => { this.el.textContent = `foo=${p.foo} n=${p.n}` })
    }
  }
}
"#;

/// Every example, routed.
pub fn router() -> LiveRouter {
    let live = LiveRouter::new()
        .live::<index::Index>("/")
        .live::<counter::Counter>("/counter")
        .live::<components::Components>("/components")
        .live::<list::List>("/list")
        .live::<push::Push>("/push")
        .live::<js::Js>("/js")
        .live::<form::Form>("/form")
        .live::<rtcounter::RtCounter>("/rtcounter")
        .live::<chat::Chat>("/chat")
        .live::<feed::Feed>("/feed")
        .live::<nested::Nested>("/nested")
        .live::<nested::Other>("/nested/other")
        .live::<upload::Upload>("/upload")
        .live::<upload::LargeUpload>("/upload-large")
        .live::<external::ExternalUpload>("/upload-external")
        .live::<async_page::AsyncPage>("/async")
        .live::<paginate::Paginate>("/paginate")
        .live::<sort::Sort>("/sort")
        .live::<servers::Servers>("/servers")
        .live::<search::Search>("/search")
        .live::<autocomplete::Autocomplete>("/autocomplete")
        .live::<xkcd::Xkcd>("/xkcd")
        .live::<volunteers::Volunteers>("/volunteers")
        .live::<books::Books>("/books")
        .live::<photos::Photos>("/photos")
        .live::<decarbonize::Decarbonize>("/decarbonize")
        .live::<volume::Volume>("/volume")
        .live::<prints::Prints>("/prints")
        .live::<dashboard::Dashboard>("/dashboard")
        // The client sends the browser's time zone with the join (`Socket::connect_params`).
        .live_with::<hello::Hello>("/hello", liveview::PageOptions::new().client_options(hello::CLIENT_OPTIONS))
        .live::<hello::Hi>("/hi/:name")
        .live::<live_nav::LiveNav>("/live-nav/:sub")
        .live_session("authenticated", |s| s.on_mount(auth::require_user).live::<secret::Secret>("/secret"))
        .session_from(auth::session_from_request)
        .hooks(HOOKS);
    // The gallery's look and the source of each page, in both `gallery` and `gallery --bare`.
    let styled = live.layout(layout::document).head(layout::head()).file(
        layout::STYLESHEET_PATH,
        layout::STYLESHEET,
        "text/css; charset=utf-8",
    );
    source::serve(styled)
}

/// Every example, routed; `pubsub` replaces the in-memory backend (e.g. Redis, so that
/// `/rtcounter` and `/chat` are shared between nodes).
pub fn router_with(pubsub: Option<Arc<dyn PubSub>>) -> LiveRouter {
    match pubsub {
        Some(pubsub) => router().pubsub(pubsub),
        None => router(),
    }
}

/// The whole gallery as an axum app: `GET /api/health`, `GET`/`POST /login`, `POST /logout`,
/// then every live route as the fallback; `pubsub` as in [`router_with`].
///
/// # Errors
/// When the live router cannot serve (see [`LiveRouter::into_service`]).
pub fn app(pubsub: Option<Arc<dyn PubSub>>) -> Result<axum::Router, liveview::ServerError> {
    Ok(app::app_with(router_with(pubsub).into_service()?))
}
