//! Upstream issue #4095: `test/e2e/support/issues/issue_4095.ex` + `tests/issues/4095.spec.js`.
//!
//! `/issues/4095`: a form whose button is teleported by a portal (`<.portal>`'s markup written
//! out) to `#portal_target`, outside the form; quick changes under latency must not leave the
//! button as a `data-phx-skip` placeholder.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/4095` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<PortalFormLive>("/issues/4095"));
}

/// The form's `show?` value: `true` on mount, then what the last change sent (absent when the
/// change did not carry it).
#[derive(Debug, Clone, PartialEq)]
enum Show {
    True,
    Text(String),
    Missing,
}

/// `/issues/4095`.
#[live_view]
#[derive(Debug)]
pub struct PortalFormLive {
    show: Show,
}

impl Default for PortalFormLive {
    fn default() -> Self {
        PortalFormLive { show: Show::True }
    }
}

#[live_view]
impl PortalFormLive {
    #[event("validate")]
    fn validate(&mut self, event: Event) {
        let value = event.form().and_then(|f| f.params().get("show?").and_then(|p| p.as_str().map(str::to_owned)));
        self.show = value.map_or(Show::Missing, Show::Text);
    }

    fn render(&self) -> Rendered {
        // HEEx renders `value={true}` as a bare attribute; any string (even "") is truthy.
        let (bare, text) = match &self.show {
            Show::True => (true, None),
            Show::Text(s) => (false, Some(s.as_str())),
            Show::Missing => (false, None),
        };
        let visible = self.show != Show::Missing;
        html! {
            <form phx-change="validate">
                if bare {
                    <input type="text" name="show?" id="show?" value>
                } else {
                    <input type="text" name="show?" id="show?" value={text}>
                }
                <template id="portal" data-phx-portal="#portal_target">
                    <div id="_lv_portal_wrap_portal">
                        <div>
                            if visible {
                                <button>"Show?"</button>
                            }
                        </div>
                    </div>
                </template>
            </form>
            <div id="portal_target"></div>
        }
    }
}
