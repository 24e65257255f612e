//! Upstream issue #4066: `test/e2e/support/issues/issue_4066.ex` + `tests/issues/4066.spec.js`.
//!
//! `/issues/4066?delay=N`: a live component's input has a hook that, N ms after an input
//! event, pushes an event to the component and marks `body[data-pushed]`; the test removes
//! the component before that, so the event must be dropped instead of reaching the view (which
//! would crash it and remount: the render time would change). Upstream's colocated hook
//! `.MyHook` is a page script here (`window.hooks["Issue4066.MyHook"]`).

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};
use std::time::{SystemTime, UNIX_EPOCH};

/// Adds `/issues/4066` (live_session `default`, with the hook's script).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<ToggleLive>("/issues/4066", PageOptions::new().layout(layout::live_with(HOOK, "")))
    });
}

/// The colocated hook.
const HOOK: &str = r#"<script>
window.hooks["Issue4066.MyHook"] = {
  mounted() {
    this.el.addEventListener("input", () => {
      setTimeout(() => {
        this.pushEventTo(this.el, "do-something", { value: 100 });
        this.liveSocket.js().setAttribute(document.body, "data-pushed", "yes");
      }, parseInt(this.el.dataset.delay));
    });
  },
};
</script>
"#;

/// Upstream's `LiveComponent`.
#[live_component]
#[derive(Debug, Default)]
pub struct InputComponent {
    delay: String,
}

/// What the hook pushes.
#[derive(Debug, serde::Deserialize)]
pub struct Something {
    #[allow(dead_code)]
    value: i64,
}

#[live_component]
impl InputComponent {
    fn update(&mut self, delay: String) {
        self.delay = delay;
    }

    #[event("do-something")]
    fn do_something(&mut self, _payload: Something) {}

    fn render(&self, socket: &Socket) -> Rendered {
        html! { <input phx-hook="Issue4066.MyHook" data-delay={self.delay} target={socket.myself()} id="foo"> }
    }
}

/// `/issues/4066`.
#[live_view]
#[derive(Debug)]
pub struct ToggleLive {
    delay: String,
    render_lc: bool,
    /// When this instance mounted: upstream renders `DateTime.utc_now()`, an expression of no
    /// assign, which change tracking renders once per mount (a remount would change it).
    mounted_at: String,
}

#[live_view]
impl ToggleLive {
    fn mount(params: &Params) -> Self {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        ToggleLive {
            delay: params.get("delay").unwrap_or("3000").to_owned(),
            render_lc: true,
            mounted_at: format!("{}.{:09}", now.as_secs(), now.subsec_nanos()),
        }
    }

    #[event("toggle")]
    fn toggle(&mut self) {
        self.render_lc = !self.render_lc;
    }

    fn render(&self) -> Rendered {
        html! {
            <p id="render-time">{self.mounted_at}</p>
            <button phx-click="toggle">"Toggle"</button>
            if self.render_lc {
                {live_component::<InputComponent>("foo", self.delay.clone())}
            }
        }
    }
}
