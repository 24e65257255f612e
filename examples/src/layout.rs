//! The gallery's look: the page around every view (a header naming the gallery and linking
//! back to the index, the view, a footer), its stylesheet, and the flash messages as every
//! page shows them.
//!
//! The stylesheet (`gallery.css`, served at [`STYLESHEET_PATH`]) is our own and small. It
//! styles elements rather than class names, so a page written with plain `<main>`, `<h1>`,
//! `<button>`, `<form>`, `<table>` … looks right without knowing it; the few classes it has
//! belong to the layout, the index and [`flash`].

use liveview::prelude::*;
use liveview::{Page, Rendered};

/// Where the router serves the stylesheet.
pub const STYLESHEET_PATH: &str = "/gallery.css";

/// The stylesheet.
pub const STYLESHEET: &str = include_str!("gallery.css");

/// The gallery's name, in the header and the window title.
pub const NAME: &str = "liveview gallery";

/// What `<head>` gets besides what LiveView needs (see [`LiveRouter::head`]).
pub fn head() -> String {
    format!("<link rel=\"stylesheet\" href=\"{STYLESHEET_PATH}\">\n")
}

/// The `<head>` of a gallery page that is not a LiveView (a source file, the login form).
pub fn static_head() -> String {
    format!(
        "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n{}",
        head()
    )
}

/// The whole document around a page (see [`LiveRouter::layout`]): `page.head` and
/// `page.body` go in verbatim, the title gets the gallery's name as a suffix (also when the
/// view changes it with `page_title`, through the client's `data-suffix`).
pub fn document(page: &Page) -> String {
    let suffix = format!(" · {NAME}");
    let title = match page.title.as_deref() {
        Some(t) if !t.trim().is_empty() => format!("{t}{suffix}"),
        _ => NAME.to_owned(),
    };
    let chrome = html! {
        <header id="site-header">
            <a id="site-home" href="/">{NAME}</a>
            <span>"Phoenix LiveView, served from Rust"</span>
        </header>
    };
    let footer = html! {
        <footer id="site-footer">
            "Server: the "<code>"liveview"</code>" crates · browser: the official, unmodified "
            <code>"phoenix_live_view"</code>" 1.2.12 client · "<a href="/">"all examples"</a>
        </footer>
    };
    let title_tag = html! { <title data-suffix={&suffix}>{title}</title> };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{}{}\n</head>\n<body>\n{}\n{}\n{}\n</body>\n</html>\n",
        page.head,
        title_tag.to_html(),
        chrome.to_html(),
        page.body,
        footer.to_html()
    )
}

/// The flash messages (`socket.put_flash("info" | "error", ..)`), as every gallery page shows
/// them: inside `#flash`, each kind in its own `#flash-<kind>` (present only while set), which
/// a click dismisses (`lv:clear-flash`). `#flash`'s text is the messages' text alone.
pub fn flash(socket: &Socket) -> Rendered {
    html! {
        <div id="flash" class="flash-group">
            for kind in ["info", "error"] {
                if let Some(message) = socket.flash_of(kind) {
                    <p id={format_args!("flash-{kind}")} class={format_args!("flash {kind}")} role="alert"
                        title="Click to dismiss" phx-click="lv:clear-flash" phx-value-key={kind}>{message}</p>
                }
            }
        </div>
    }
}
