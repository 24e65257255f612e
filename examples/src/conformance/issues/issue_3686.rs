//! Upstream issue #3686: `test/e2e/support/issues/issue_3686.ex` + `tests/issues/3686.spec.js`.
//!
//! Three views that each put a flash and leave: A live-navigates to B (same live_session), B
//! redirects to C (a page load), C live-navigates to A, which is in another live_session, so
//! the client falls back to a page load: the flash must survive each way. Each page shows its
//! flash as Elixir's `inspect` of the map.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3686/a`, `/issues/3686/b` (live_session `default`) and `/issues/3686/c`
/// (live_session `other`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<ALive>("/issues/3686/a").live::<BLive>("/issues/3686/b"));
    r.other_session(|s| s.live::<CLive>("/issues/3686/c"));
}

/// The flash as `inspect(@flash)` shows it: `%{}`, `%{"info" => "Flash from A"}`.
fn inspect_flash(socket: &Socket) -> String {
    let entries: Vec<String> = socket.flash().iter().map(|(k, v)| format!("{k:?} => {v:?}")).collect();
    format!("%{{{}}}", entries.join(", "))
}

/// One page: its letter, the button to the next one, its flash.
fn page(letter: &str, next: &str, socket: &Socket) -> Rendered {
    html! {
        <h1>{letter}</h1>
        <button phx-click={elsewhere("go")}>"To " {next}</button>
        <div id="flash">{inspect_flash(socket)}</div>
    }
}

/// `/issues/3686/a`.
#[live_view]
#[derive(Debug, Default)]
pub struct ALive;

#[live_view]
impl ALive {
    #[event("go")]
    fn go(&mut self, socket: &mut Socket) {
        socket.put_flash("info", "Flash from A");
        socket.push_navigate("/issues/3686/b");
    }

    fn render(&self, socket: &Socket) -> Rendered {
        page("A", "B", socket)
    }
}

/// `/issues/3686/b`.
#[live_view]
#[derive(Debug, Default)]
pub struct BLive;

#[live_view]
impl BLive {
    #[event("go")]
    fn go(&mut self, socket: &mut Socket) {
        socket.put_flash("info", "Flash from B");
        socket.redirect("/issues/3686/c");
    }

    fn render(&self, socket: &Socket) -> Rendered {
        page("B", "C", socket)
    }
}

/// `/issues/3686/c` (live_session `other`).
#[live_view]
#[derive(Debug, Default)]
pub struct CLive;

#[live_view]
impl CLive {
    #[event("go")]
    fn go(&mut self, socket: &mut Socket) {
        socket.put_flash("info", "Flash from C");
        socket.push_navigate("/issues/3686/a");
    }

    fn render(&self, socket: &Socket) -> Rendered {
        page("C", "A", socket)
    }
}
