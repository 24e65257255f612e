//! Upstream issue #4325: `test/e2e/support/issues/issue_4325.ex` + `tests/issues/4325.spec.js`.
//!
//! `/issues/4325`: an element whose hook sets its `id` to the value it already has (through
//! `this.js().setAttribute`); a later patch must keep the element (no remount) and count one
//! `updated`. The hook comes from upstream's `pre_script`.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/4325` (live_session `default`, with the `pre_script`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<PassthroughLive>("/issues/4325", PageOptions::new().layout(layout::live_with(PRE_SCRIPT, "")))
    });
}

/// Upstream's `pre_script`: the `IdPassthrough` hook, counting its callbacks.
const PRE_SCRIPT: &str = r#"<script>
window.issue4325Lifecycle = { mounted: 0, updated: 0, destroyed: 0 };
window.hooks.IdPassthrough = {
  mounted() {
    window.issue4325Lifecycle.mounted++;
    this.js().setAttribute(this.el, "id", this.el.id);
  },
  updated() {
    window.issue4325Lifecycle.updated++;
  },
  destroyed() {
    window.issue4325Lifecycle.destroyed++;
  },
};
</script>
"#;

/// `/issues/4325`.
#[live_view]
#[derive(Debug, Default)]
pub struct PassthroughLive {
    count: u64,
}

#[live_view]
impl PassthroughLive {
    #[event("increment")]
    fn increment(&mut self) {
        self.count += 1;
    }

    fn render(&self) -> Rendered {
        html! {
            <button phx-click="increment">"Increment"</button>
            <div id="hooked" phx-hook="IdPassthrough">"count is " {self.count}</div>
        }
    }
}
