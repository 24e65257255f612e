//! Upstream issue #4334: `test/e2e/support/issues/issue_4334.ex` + `tests/issues/4334.spec.js`.
//!
//! `/issues/4334`: a live component whose root element (with a hook) changes its `id` on a
//! click; the hook must mount again and the new children must stay. The `RootChange` hook
//! comes from upstream's `pre_script`.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/4334` (live_session `default`, with the `pre_script`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<RootIdLive>("/issues/4334", PageOptions::new().layout(layout::live_with(PRE_SCRIPT, "")))
    });
}

/// Upstream's `pre_script`: the `RootChange` hook logs its callbacks.
const PRE_SCRIPT: &str = r#"<script>
window.hooks.RootChange = {
  mounted() {
    console.log("MyHook mounted");
  },
  updated() {
    console.log("MyHook updated");
  },
};
</script>
"#;

/// Upstream's `RootChangingComponent`.
#[live_component]
#[derive(Debug, Default)]
pub struct RootChangingComponent {
    changed: bool,
}

#[live_component]
impl RootChangingComponent {
    #[event("change-root-id")]
    fn change_root_id(&mut self) {
        self.changed = true;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let (root, child, text) = if self.changed {
            ("new-root", "new-child", "NEW CHILD SHOULD REMAIN VISIBLE")
        } else {
            ("old-root", "old-child", "Old child is visible")
        };
        html! {
            <section id={root} data-testid="component-root" phx-hook="RootChange" style="min-height: 10rem; margin-top: 2rem; padding: 1.5rem; border: 4px solid #dc2626;">
                <button id="change-root" phx-click="change-root-id" phx-target={socket.myself()} style="padding: 0.75rem 1rem; background: #111827; color: white;">
                    "Change component root ID"
                </button>
                <p id={child} style="font-size: 1.25rem;">{text}</p>
            </section>
        }
    }
}

/// `/issues/4334`.
#[live_view]
#[derive(Debug, Default)]
pub struct RootIdLive;

#[live_view]
impl RootIdLive {
    fn render(&self) -> Rendered {
        html! {
            <main style="max-width: 48rem; margin: 4rem auto; font-family: system-ui;">
                <h1>"LiveComponent root ID corruption repro"</h1>
                <p id="instructions">
                    "Click the button. The component root changes from " <code>"old-root"</code>
                    " to " <code>"new-root"</code> ". On affected LiveView versions, the replacement root remains but all of its new children disappear."
                </p>
                {live_component::<RootChangingComponent>("demo-component", ())}
            </main>
        }
    }
}
