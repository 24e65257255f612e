//! `/`: the gallery's index.

use liveview::prelude::*;

/// Links to every example.
#[live_view]
#[derive(Debug, Default)]
pub struct Index;

const EXAMPLES: &[(&str, &str)] = &[
    ("/counter", "Counter: the smallest LiveView"),
    ("/components", "Components: reusable stateful cards with their own events"),
    ("/list", "List: 100 rows, one-row diffs"),
    ("/push", "Push API: push_event, push_patch, push_redirect, flash, title"),
    ("/js", "JS commands: toggle, show, classes and attributes in the browser; a push with a value"),
    ("/form", "Form: live validation and submit"),
    ("/rtcounter", "Shared counter: pubsub across viewers and nodes"),
    ("/chat", "Chat: a room over pubsub"),
    ("/feed", "Feed: a stream the server does not keep (prepend, append, edit, delete, reset)"),
    ("/upload", "Upload: files in chunks over the socket, limits enforced by the server, progress, cancel"),
    ("/async", "Async: a value loaded in the background, with loading, reload and failure states"),
    ("/nested", "Nested: LiveViews inside a LiveView, each with its own state and crashes; a sticky one"),
    ("/secret", "Secret: live_session with an on_mount login check (log in at /login)"),
];

#[live_view]
impl Index {
    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"liveview examples"</h1>
                <ul>
                    for (href, label) in EXAMPLES {
                        <li><a href={*href}>{*label}</a></li>
                    }
                </ul>
            </main>
        }
    }
}
