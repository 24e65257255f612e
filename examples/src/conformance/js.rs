//! Upstream group `js` (`test/e2e/support/js_live.ex`, `tests/js.spec.js`): `/js` in
//! live_session `default` ([`JsLive`]).
//!
//! A hidden `#my-modal` and three buttons whose JS commands show, hide and toggle it with
//! 50 ms transitions (`fade-in` / `fade-out`) while setting, removing or toggling its
//! `aria-expanded` and `open` attributes; and a `<details>` whose `open` attribute survives
//! server patches because its `phx-mounted` ignores it (a button inside counts clicks on the
//! server, which re-renders the element).

use super::routes::Routes;
use liveview::js::{Hide, RemoveAttribute, SetAttribute, Show, Toggle, ToggleAttribute};
use liveview::prelude::*;

/// Adds `/js` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<JsLive>("/js"));
}

/// `/js`.
#[live_view]
#[derive(Debug, Default)]
pub struct JsLive {
    count: u64,
}

#[live_view]
impl JsLive {
    #[event("increment")]
    fn increment(&mut self) {
        self.count += 1;
    }

    fn render(&self) -> Rendered {
        const MODAL: &str = "#my-modal";
        let show = JS::new()
            .show(Show::new().to(MODAL).transition("fade-in").time(50))
            .set_attribute(SetAttribute::new("aria-expanded", "true").to(MODAL))
            .set_attribute(SetAttribute::new("open", "true").to(MODAL));
        let hide = JS::new()
            .hide(Hide::new().to(MODAL).transition("fade-out").time(50))
            .set_attribute(SetAttribute::new("aria-expanded", "false").to(MODAL))
            .remove_attribute(RemoveAttribute::new("open").to(MODAL));
        let toggle = JS::new()
            .toggle(Toggle::new().to(MODAL).transition_in("fade-in").transition_out("fade-out").time(50))
            .toggle_attribute(ToggleAttribute::between("aria-expanded", "true", "false").to(MODAL))
            .toggle_attribute(ToggleAttribute::new("open", "true").to(MODAL));
        html! {
            <div id="my-modal" aria-expanded="false" style="display: none;">"Test"</div>
            <button phx-click={show}>"show modal"</button>
            <button phx-click={hide}>"hide modal"</button>
            <button phx-click={toggle}>"toggle modal"</button>
            <details phx-mounted={JS::new().ignore_attributes(["open"])}>
                <summary>"Details"</summary>
                <button phx-click="increment">{self.count}</button>
            </details>
        }
    }
}
