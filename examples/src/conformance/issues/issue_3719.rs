//! Upstream issue #3719: `test/e2e/support/issues/issue_3719.ex` + `tests/issues/3719.spec.js`.
//!
//! `/issues/3719`: a form whose inputs are named `foo` and `foo[bar]`; its `phx-change` shows
//! the `_target` the server decoded, as Elixir's `inspect` of a list of strings.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3719` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<TargetLive>("/issues/3719"));
}

/// `/issues/3719`.
#[live_view]
#[derive(Debug, Default)]
pub struct TargetLive {
    target: Option<Vec<String>>,
}

#[live_view]
impl TargetLive {
    #[event("inc")]
    fn inc(&mut self, event: Event) {
        self.target = event.form().and_then(|form| form.target().map(<[String]>::to_vec));
    }

    fn render(&self) -> Rendered {
        let shown = match &self.target {
            None => "nil".to_owned(),
            Some(path) => format!("[{}]", path.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")),
        };
        html! {
            <form phx-change="inc">
                <input id="a" type="text" name="foo">
                <input id="b" type="text" name="foo[bar]">
            </form>
            <span id="target">{shown}</span>
        }
    }
}
