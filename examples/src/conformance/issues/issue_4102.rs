//! Upstream issue #4102: `test/e2e/support/issues/issue_4102.ex` + `tests/issues/4102.spec.js`.
//!
//! `/issues/4102`: a debounced input outside its form (`form="my-form"`); submitting the form
//! while the debounce is pending must not throw.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/4102` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<DebounceLive>("/issues/4102"));
}

/// `/issues/4102`.
#[live_view]
#[derive(Debug)]
pub struct DebounceLive {
    name: String,
}

impl Default for DebounceLive {
    fn default() -> Self {
        DebounceLive { name: "Test".to_owned() }
    }
}

/// The form's one field.
#[derive(Debug, serde::Deserialize)]
pub struct NameForm {
    name: String,
}

#[live_view]
impl DebounceLive {
    #[event("validate")]
    #[event("submit")]
    fn validate(&mut self, form: NameForm) {
        tracing::info!(name = %form.name, "Name");
        self.name = form.name;
    }

    fn render(&self) -> Rendered {
        html! {
            <div>
                <input form="my-form" phx-debounce="500" name="name" id="name" value={self.name} type="text">
                <form id="my-form" phx-change="validate" phx-submit="submit">
                    <button type="submit" phx-disable-with="Submitting...">"Submit"</button>
                </form>
            </div>
        }
    }
}
