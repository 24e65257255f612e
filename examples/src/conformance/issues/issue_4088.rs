//! Upstream issue #4088: `test/e2e/support/issues/issue_4088.ex` + `tests/issues/4088.spec.js`.
//!
//! `/issues/4088`: a live component whose element has a hook that pushes three events to the
//! component as soon as it is mounted; each changes the component's text while its container
//! is still locked by the previous one. Upstream's colocated hook `.MyHook` is a page script
//! here (`window.hooks["Issue4088.MyHook"]`, read by the layout's hooks module).

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};
use std::sync::atomic::{AtomicU64, Ordering};

/// Adds `/issues/4088` (live_session `default`, with the hook's script).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<LockedLive>("/issues/4088", PageOptions::new().layout(layout::live_with(HOOK, "")))
    });
}

/// The colocated hook.
const HOOK: &str = r#"<script>
window.hooks["Issue4088.MyHook"] = {
  mounted() {
    this.pushEventTo(this.el, "my_update", {});
    this.pushEventTo(this.el, "my_update", {});
    this.pushEventTo(this.el, "my_update", {});
  },
};
</script>
"#;

/// A fresh value for each update (upstream's `:rand.uniform()`).
static NEXT: AtomicU64 = AtomicU64::new(1);

/// Upstream's `LC`.
#[live_component]
#[derive(Debug)]
pub struct Lc {
    test: String,
}

impl Default for Lc {
    fn default() -> Self {
        Lc { test: "value".to_owned() }
    }
}

#[live_component]
impl Lc {
    #[event("my_update")]
    fn my_update(&mut self) {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        self.test = format!("0.{:016}", n.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 10_000_000_000_000_000);
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <div id="foo" phx-hook="Issue4088.MyHook" phx-target={socket.myself()}>
                {self.test}
            </div>
        }
    }
}

/// `/issues/4088`.
#[live_view]
#[derive(Debug, Default)]
pub struct LockedLive;

#[live_view]
impl LockedLive {
    fn render(&self) -> Rendered {
        html! { {live_component::<Lc>("lc", ())} }
    }
}
