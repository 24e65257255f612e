//! Upstream issue #3656: `test/e2e/support/issues/issue_3656.ex` + `tests/issues/3656.spec.js`.
//!
//! A sticky child holds a navigate link: after the navigation the link must lose its
//! `phx-click-loading` class (the sticky view is not re-joined, so nothing else clears it).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3656` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3656Live>("/issues/3656"));
}

const STYLE: &str = "
* { font-size: 1.1em }
nav { margin-top: 1em }
nav a { padding: 8px 16px; border: 1px solid black; text-decoration: none }
nav a:visited { color: inherit }
nav a.active { border: 3px solid green }
nav a.phx-click-loading { animation: pulsate 2s infinite }
@keyframes pulsate { 0% { background-color: white; } 50% { background-color: red; } 100% { background-color: white; } }
";

/// `/issues/3656` (also with `?navigated=true`).
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3656Live;

#[live_view]
impl Issue3656Live {
    fn render(&self) -> Rendered {
        html! {
            <style>{STYLE}</style>
            {live_render::<StickyLive>("sticky").sticky()}
        }
    }
}

/// The sticky child: one navigate link.
#[live_view]
#[derive(Debug, Default)]
pub struct StickyLive;

#[live_view]
impl StickyLive {
    fn render(&self) -> Rendered {
        html! {
            <nav>
                <a {Link::navigate("/issues/3656?navigated=true")}>"Link 1"</a>
            </nav>
        }
    }
}
