//! Upstream issue #3496: `test/e2e/support/issues/issue_3496.ex` + `tests/issues/3496.spec.js`.
//!
//! Page A has a sticky child rendering `<div id="my-component" phx-hook="MyHook">`; page B
//! (live navigation from A, without the sticky child) renders an element with the same id
//! and hook: the hook must mount on both (two "Hook mounted!" lines), with no client error.
//!
//! Upstream's views choose layouts of their own in `mount` (`with_sticky` renders the sticky
//! child after the content, `without_sticky` does not), each with its own `LiveSocket` that
//! defines `MyHook`; here the hook comes from the page's `pre_script` and each view renders
//! its layout's part itself.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};

/// Adds `/issues/3496/a` and `/issues/3496/b` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<ALive>("/issues/3496/a", PageOptions::new().layout(layout::live_with(PRE_SCRIPT, "")))
            .live_with::<BLive>("/issues/3496/b", PageOptions::new().layout(layout::live_with(PRE_SCRIPT, "")))
    });
}

/// The hook upstream's layouts give their `LiveSocket`.
const PRE_SCRIPT: &str = r#"<script>
window.hooks.MyHook = {
  mounted() {
    console.log("Hook mounted!");
  },
};
</script>
"#;

/// Upstream's `MyComponent.my_component`.
fn my_component() -> Rendered {
    html! { <div id="my-component" phx-hook={elsewhere("MyHook")}></div> }
}

/// `/issues/3496/a` (layout `with_sticky`).
#[live_view]
#[derive(Debug, Default)]
pub struct ALive;

#[live_view]
impl ALive {
    fn render(&self) -> Rendered {
        html! {
            <div>
                <h1>"Page A"</h1>
                <a {Link::navigate("/issues/3496/b")}>"Go to page B"</a>
            </div>
            {live_render::<StickyLive>("sticky").sticky()}
        }
    }
}

/// `/issues/3496/b` (layout `without_sticky`).
#[live_view]
#[derive(Debug, Default)]
pub struct BLive;

#[live_view]
impl BLive {
    fn render(&self) -> Rendered {
        html! {
            <div>
                <h1>"Page B"</h1>
                {my_component()}
            </div>
        }
    }
}

/// The sticky child.
#[live_view]
#[derive(Debug, Default)]
pub struct StickyLive;

#[live_view]
impl StickyLive {
    fn render(&self) -> Rendered {
        html! { <div>{my_component()}</div> }
    }
}
