//! Upstream issue #3107: `test/e2e/support/issues/issue_3107.ex` + `tests/issues/3107.spec.js`.
//!
//! A form whose `phx-change` enables its button: the patch that follows a change must not
//! reset the `<select>` the user just changed.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3107` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3107Live>("/issues/3107"));
}

/// `/issues/3107`: the button stays disabled until the first change.
#[live_view]
#[derive(Debug)]
pub struct Issue3107Live {
    disabled: bool,
}

impl Default for Issue3107Live {
    fn default() -> Self {
        Issue3107Live { disabled: true }
    }
}

#[live_view]
impl Issue3107Live {
    #[event("validate")]
    fn validate(&mut self) {
        self.disabled = false;
    }

    fn render(&self) -> Rendered {
        html! {
            <form phx-change="validate" style="display: flex;">
                <select>
                    <option value="ONE">"ONE"</option>
                    <option value="TWO">"TWO"</option>
                </select>
                <button disabled={self.disabled}>"OK"</button>
            </form>
        }
    }
}
