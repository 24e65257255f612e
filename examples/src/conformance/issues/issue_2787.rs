//! Upstream issue #2787: `test/e2e/support/issues/issue_2787.ex` + `tests/issues/2787.spec.js`.
//!
//! Two selects, the second's options depending on the first; submitting resets the form
//! (both selects back to their prompt) — the client must apply that reset to the selects.
//!
//! Upstream's view loads Tailwind from a CDN for its looks; the test does not depend on it,
//! and the test machine has no network, so the script is left out.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/2787` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue2787Live>("/issues/2787"));
}

const GREETINGS: [&str; 3] = ["hello", "hallo", "hei"];
const GOODBYES: [&str; 3] = ["goodbye", "auf wiedersehen", "ha det bra"];
const SELECT1_OPTS: [&str; 2] = ["greetings", "goodbyes"];

/// The form's values (`demo[..]`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Demo {
    #[serde(default)]
    select1: String,
    #[serde(default)]
    select2: String,
    #[serde(default)]
    dummy: String,
}

/// A form event's payload.
#[derive(Debug, serde::Deserialize)]
pub struct DemoParams {
    demo: Demo,
}

/// `/issues/2787`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue2787Live {
    form: Demo,
    select2_opts: &'static [&'static str],
}

#[live_view]
impl Issue2787Live {
    #[event("updated")]
    fn updated(&mut self, params: DemoParams) {
        self.select2_opts = match params.demo.select1.as_str() {
            "greetings" => &GREETINGS,
            "goodbyes" => &GOODBYES,
            _ => &[],
        };
        // upstream leaves select2 alone when select1 changes, for simplicity
        self.form = params.demo;
    }

    #[event("submitted")]
    fn submitted(&mut self, _params: DemoParams) {
        self.form = Demo::default();
        self.select2_opts = &[];
    }

    fn render(&self) -> Rendered {
        html! {
            <div class="p-20">
                <form phx-change="updated" phx-submit="submitted" class="space-y-4">
                    {select("select1", "select1", &SELECT1_OPTS, &self.form.select1)}
                    {select("select2", "select2", self.select2_opts, &self.form.select2)}
                    {text_input("dummy", "Some text", &self.form.dummy)}
                    <button class="text-sm border bg-zinc-200" type="submit">"Submit"</button>
                </form>
            </div>
        }
    }
}

/// Upstream's `label` component.
fn label(for_id: &str, text: &str) -> Rendered {
    html! { <label for={for_id} class="block text-sm font-semibold leading-6 text-zinc-800">{text}</label> }
}

/// Upstream's `input type="select"` with prompt "Select".
fn select(field: &str, text: &str, options: &[&str], value: &str) -> Rendered {
    let id = format!("demo_{field}");
    html! {
        <div>
            {label(&id, text)}
            <select
                id={&id}
                name={format_args!("demo[{field}]")}
                class="mt-2 block w-full rounded-md border border-gray-300 bg-white shadow-sm focus:border-zinc-400 focus:ring-0 sm:text-sm"
            >
                <option value="">"Select"</option>
                for option in options {
                    <option value={*option} selected={*option == value}>{*option}</option>
                }
            </select>
        </div>
    }
}

/// Upstream's text `input`.
fn text_input(field: &str, text: &str, value: &str) -> Rendered {
    let id = format!("demo_{field}");
    html! {
        <div>
            {label(&id, text)}
            <input
                type="text"
                name={format_args!("demo[{field}]")}
                id={&id}
                value={value}
                class="mt-2 px-2 block w-full rounded-lg text-zinc-900 border focus:ring-0 sm:text-sm sm:leading-6 border-zinc-300 focus:border-zinc-400"
            />
        </div>
    }
}
