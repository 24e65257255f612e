//! `/`: the gallery's index.

use liveview::prelude::*;

/// Links to every example.
#[live_view]
#[derive(Debug, Default)]
pub struct Index;

/// One gallery page, as the index lists it.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Where it is routed.
    pub path: &'static str,
    /// Its name.
    pub title: &'static str,
    /// What it shows, in one line.
    pub about: &'static str,
    /// Its source file under `examples/src/`, served at `/source/<file>` (see [`crate::source`]).
    pub source: &'static str,
}

impl Example {
    /// Where the gallery serves this page's source (see [`crate::source`]).
    pub fn source_path(&self) -> String {
        format!("/source/{}", self.source)
    }
}

/// Every page of the gallery, in the order the index lists them. A page added to the router
/// is added here too (a test checks that every listed page is routed).
pub const EXAMPLES: &[Example] = &[
    Example { path: "/counter", title: "Counter", about: "the smallest LiveView", source: "counter.rs" },
    Example {
        path: "/components",
        title: "Components",
        about: "reusable stateful cards with their own events",
        source: "components.rs",
    },
    Example {
        path: "/list",
        title: "List",
        about: "100 rows (?rows=N for up to 10,000), one-row diffs",
        source: "list.rs",
    },
    Example {
        path: "/push",
        title: "Push API",
        about: "push_event, push_patch, push_redirect, flash, title",
        source: "push.rs",
    },
    Example {
        path: "/js",
        title: "JS commands",
        about: "toggle, show, classes and attributes in the browser; a push with a value",
        source: "js.rs",
    },
    Example { path: "/form", title: "Form", about: "live validation and submit", source: "form.rs" },
    Example {
        path: "/rtcounter",
        title: "Shared counter",
        about: "pubsub across viewers and nodes",
        source: "rtcounter.rs",
    },
    Example { path: "/chat", title: "Chat", about: "a room over pubsub", source: "chat.rs" },
    Example {
        path: "/feed",
        title: "Feed",
        about: "a stream the server does not keep (prepend, append, edit, delete, reset)",
        source: "feed.rs",
    },
    Example {
        path: "/upload",
        title: "Upload",
        about: "files in chunks over the socket, limits enforced by the server, progress, cancel",
        source: "upload.rs",
    },
    Example {
        path: "/async",
        title: "Async",
        about: "a value loaded in the background, with loading, reload and failure states",
        source: "async_page.rs",
    },
    Example {
        path: "/nested",
        title: "Nested",
        about: "LiveViews inside a LiveView, each with its own state and crashes; a sticky one",
        source: "nested.rs",
    },
    Example {
        path: "/volunteers",
        title: "Volunteers",
        about: "a sign-up form validated per field, a streamed list, sign-ups and check-outs shared by pubsub",
        source: "volunteers.rs",
    },
    Example {
        path: "/books",
        title: "Books",
        about: "a validated form adding books, a list kept in sync across viewers by pubsub",
        source: "books.rs",
    },
    Example {
        path: "/photos",
        title: "Photos",
        about: "image uploads previewed before sending, drag and drop, consumed into albums shared by pubsub",
        source: "photos.rs",
    },
    Example {
        path: "/decarbonize",
        title: "Decarbonize",
        about: "a carbon calculator of live component cards: a choice re-renders its card and the total",
        source: "decarbonize.rs",
    },
    Example {
        path: "/paginate",
        title: "Paginate",
        about: "a table paged by its URL: patch links, a page-size select that push_patches, handle_params",
        source: "paginate.rs",
    },
    Example {
        path: "/sort",
        title: "Sort",
        about: "the paged table sorted by column, sort and page kept in the URL",
        source: "sort.rs",
    },
    Example {
        path: "/servers",
        title: "Servers",
        about: "live patch links select a server; back, forward and reload keep the selection",
        source: "servers.rs",
    },
    Example {
        path: "/search",
        title: "Search",
        about: "a form whose search runs in the background (start_async) with a loading state",
        source: "search.rs",
    },
    Example {
        path: "/autocomplete",
        title: "Autocomplete",
        about: "suggestions as you type, debounced (phx-debounce), and a submit",
        source: "autocomplete.rs",
    },
    Example {
        path: "/xkcd",
        title: "Comics",
        about: "handle_params loads the comic the URL names in the background; page title, patch links",
        source: "xkcd.rs",
    },
    Example {
        path: "/secret",
        title: "Secret",
        about: "live_session with an on_mount login check (log in at /login)",
        source: "secret.rs",
    },
    Example {
        path: "/volume",
        title: "Volume",
        about: "buttons and window arrow keys (phx-window-keydown, phx-key), a flash at either end",
        source: "volume.rs",
    },
    Example {
        path: "/prints",
        title: "Prints",
        about: "a range input sent with phx-change; the server prices each position",
        source: "prints.rs",
    },
    Example {
        path: "/dashboard",
        title: "Dashboard",
        about: "stats the server pushes every second (send_after), and a refresh button",
        source: "dashboard.rs",
    },
    Example {
        path: "/hello",
        title: "Hello",
        about: "a greeting toggled by a click, and /hi/:name reading its path parameter in mount",
        source: "hello.rs",
    },
    Example {
        path: "/live-nav/one",
        title: "Live navigation",
        about: "the server navigates: push_patch keeps the view and changes the query, push_navigate mounts another",
        source: "live_nav.rs",
    },
];

#[live_view]
impl Index {
    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Examples"</h1>
                <p>
                    "Each page is a LiveView written in Rust; your browser runs the official Phoenix "
                    "LiveView client against it. Open one, then read its source."
                </p>
                <ul id="examples">
                    for e in EXAMPLES {
                        <li>
                            <a href={e.path}>{e.title}</a>
                            <span class="about">{e.about}</span>
                            <a class="source" href={e.source_path()}>"source: "{e.source}</a>
                        </li>
                    }
                </ul>
            </main>
        }
    }
}
