//! Upstream issue #3448: `test/e2e/support/issues/issue_3448.ex` + `tests/issues/3448.spec.js`.
//!
//! Checking a box dispatches `input` (the form's `phx-change`) and focuses `#search`; the
//! patch that answers the change, applied while the form is locked, must leave the focus
//! on `#search`.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3448` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3448Live>("/issues/3448"));
}

/// `/issues/3448`: the checked values of `a[]`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3448Live {
    a: Vec<String>,
}

/// The form's fields.
#[derive(Debug, serde::Deserialize)]
pub struct FormParams {
    #[serde(default)]
    a: Vec<String>,
}

#[live_view]
impl Issue3448Live {
    #[event("validate")]
    fn validate(&mut self, params: FormParams) {
        self.a = params.a;
    }

    #[event("search")]
    fn search(&mut self) {}

    fn render(&self) -> Rendered {
        let check = || JS::new().dispatch("input").focus("#search");
        let checked = |v: &str| self.a.iter().any(|a| a == v);
        html! {
            <form id="my_form" phx-change="validate" class="flex flex-col gap-2">
                {my_component(&self.a)}
                <div class="flex gap-2">
                    <input type="checkbox" name="a[]" value="settings" checked={checked("settings")} phx-click={check()} />
                    <input type="checkbox" name="a[]" value="content" checked={checked("content")} phx-click={check()} />
                </div>
            </form>
        }
    }
}

/// Upstream's `my_component` function component: one block per `left_content` slot entry
/// (one per checked value), then the search input.
fn my_component(left_content: &[String]) -> Rendered {
    html! {
        <div>
            for value in left_content {
                <div><div>{value}</div></div>
            }
            <input id="search" type="search" name="value" phx-change="search" />
        </div>
    }
}
