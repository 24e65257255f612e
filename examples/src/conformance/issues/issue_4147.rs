//! Upstream issue #4147: `test/e2e/support/issues/issue_4147.ex` + `tests/issues/4147.spec.js`.
//!
//! `/issues/4147`: the root layout renders (upstream's `render_in_root`) an element with a
//! hook outside the LiveView; after a disconnect and reconnect its hook must not mount again.
//! Upstream's colocated hook `.HookOutside` is a page script here
//! (`window.hooks["Issue4147.HookOutside"]`).

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/4147` (live_session `default`, with the element outside the view).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<InsideLive>("/issues/4147", PageOptions::new().layout(layout::live_with(HOOK, IN_ROOT)))
    });
}

/// The colocated hook.
const HOOK: &str = r#"<script>
window.hooks["Issue4147.HookOutside"] = {
  mounted() {
    console.log("HookOutside mounted");
  },
};
</script>
"#;

/// Upstream's `render_in_root`.
const IN_ROOT: &str = "<div id=\"foobar\" phx-hook=\"Issue4147.HookOutside\"></div>\n";

/// `/issues/4147`.
#[live_view]
#[derive(Debug, Default)]
pub struct InsideLive;

#[live_view]
impl InsideLive {
    fn render(&self) -> Rendered {
        html! { <h1>"Inside"</h1> }
    }
}
