//! Upstream group `colocated` (`test/e2e/support/colocated_live.ex`, `tests/colocated.spec.js`):
//! `/colocated` ([`ColocatedLive`]), outside any live_session, with a layout of its own.
//!
//! Upstream's page is about Phoenix's *colocated* assets: `<script :type={ColocatedHook}>`,
//! `<script :type={ColocatedJS}>` and `<style :type={ColocatedCSS}>` tags that the HEEx compiler
//! extracts at compile time into `/assets/colocated/index.js` / `colocated.css`, and a custom
//! macro component (a Makeup syntax highlighter). Our framework has no compile-time asset
//! extraction, so each piece is re-expressed as close as it goes:
//!
//! - the colocated hook `.PhoneNumber` is a page script of the layout
//!   (`window.hooks["ColocatedLive.PhoneNumber"]`, read by the router's hooks module): what the
//!   compiler would have bundled, written out;
//! - the *runtime* colocated hook `.Runtime` is not extracted upstream either: the compiler
//!   renders it as a `<script data-phx-runtime-hook=NAME>` defining `window["phx_hook_NAME"]`,
//!   which the client runs when it patches the script in and resolves when a `phx-hook` names
//!   it. That markup is written in the view's `html!` (its `<script>` content is verbatim);
//! - the colocated JS `js_exec(liveSocket)` is a layout script listening for `phx:js:exec`
//!   (it reads `window.liveSocket` when the event comes, which our bootstrap sets);
//! - the global colocated stylesheet is a `<style>` in the view's render;
//! - the scoped colocated stylesheets are `html!`'s `<style scoped>`: rewritten when compiled
//!   into the `@scope ([phx-css-HASH]) to ([phx-r])` rules upstream's `ColocatedScopedCSS`
//!   produces, with `phx-css-HASH` on the template's root tags and its slot contents' (the
//!   nested `html!`s), and `phx-r` on every template's root tags (this crate's build script
//!   sets `LIVEVIEW_ROOT_TAG_ATTRIBUTE=phx-r`, upstream's `root_tag_attribute`);
//! - the syntax-highlighting macro component has no counterpart (not expressible): the two
//!   `<pre>` blocks hold the code as plain text so the page keeps upstream's shape.

use super::routes::Routes;
use liveview::js::{JS, Toggle};
use liveview::prelude::*;
use liveview::{Page, PageOptions, Rendered};

/// Adds `/colocated` (outside any live_session).
pub fn routes(r: &mut Routes) {
    r.outside(|r| {
        r.live_with::<ColocatedLive>("/colocated", PageOptions::new().layout(layout).client_options(CLIENT_OPTIONS))
    });
}

/// `LiveSocket` options of upstream's layout (besides the hooks).
const CLIENT_OPTIONS: &str = "{reloadJitterMin: 50, reloadJitterMax: 500}";

/// The colocated hook `.PhoneNumber` and the colocated JS `js_exec`, as page scripts.
const SCRIPTS: &str = r#"<script>
window.hooks = window.hooks || {};
window.hooks["ColocatedLive.PhoneNumber"] = {
  mounted() {
    this.el.addEventListener("input", () => {
      const digits = this.el.value.replace(/\D/g, "").match(/^(\d{3})(\d{3})(\d{4})$/);
      if (digits) this.el.value = digits.slice(1).join("-");
    });
  },
};
// colocated JS `js_exec`: runs the JS commands the server pushes as `js:exec`
window.addEventListener("phx:js:exec", (e) => {
  const liveSocket = window.liveSocket;
  liveSocket.execJS(liveSocket.main.el, e.detail.cmd);
});
</script>
"#;

/// Upstream's `ColocatedLive.live` layout: the client, its options and colocated assets.
fn layout(page: &Page) -> String {
    let title = html! { <title>{page.title.as_deref().unwrap_or_default()}</title> };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{SCRIPTS}{}{}\n</head>\n<body>\n{}\n</body>\n</html>\n",
        page.head,
        title.to_html(),
        page.body
    )
}

/// The form the phone number is submitted with.
#[derive(Debug, serde::Deserialize)]
pub struct PhoneForm {
    #[serde(default)]
    user: PhoneUser,
}

/// `user[...]` of [`PhoneForm`].
#[derive(Debug, Default, serde::Deserialize)]
pub struct PhoneUser {
    #[serde(default)]
    phone_number: Option<String>,
}

/// `/colocated`.
#[live_view]
#[derive(Debug, Default)]
pub struct ColocatedLive {
    phone: Option<String>,
}

#[live_view]
impl ColocatedLive {
    #[event("submit-phone")]
    fn submit_phone(&mut self, form: PhoneForm) {
        self.phone = form.user.phone_number;
    }

    /// Upstream's `push_js_cmd`: the commands travel as their JSON text.
    #[event("push-js")]
    fn push_js(&mut self, socket: &mut Socket) {
        let cmd = JS::new().toggle(Toggle::new().to("#hello"));
        socket.push_event("js:exec", serde_json::json!({ "cmd": cmd.to_json() }));
    }

    fn render(&self) -> Rendered {
        html! {
            <form phx-submit="submit-phone">
                <input type="text" name="user[phone_number]" id="user-phone-number" phx-hook="ColocatedLive.PhoneNumber">
            </form>

            <p id="phone">{self.phone.as_deref().unwrap_or_default()}</p>

            <div id="runtime" phx-hook="ColocatedLive.Runtime" style="display: none;">"Runtime hook works!"</div>
            <script data-phx-runtime-hook="ColocatedLive.Runtime">
                "window[\"phx_hook_ColocatedLive.Runtime\"] = function() {
  return {
    mounted() {
      this.js().show(this.el);
    }
  }
}
"
            </script>

            <hr>

            <button phx-click="push-js">"Push JS from server"</button>
            <h1 id="hello">"Hello!"</h1>

            <hr>

            <pre language="elixir">{SYNTAX_HIGHLIGHT_SOURCE}</pre>

            {global_colocated_css()}
            <p data-test="global" class="test-global-css">"Should have red background"</p>
            {scoped_colocated_css()}
            <p data-test="scoped" class="test-scoped-css">"Should have no background (out of scope)"</p>
            {scoped_inclusive_lower_bound_css()}
            {scoped_exclusive_lower_bound_css()}

            <pre language="elixir">{THERMOSTAT_SOURCE}</pre>
        }
    }
}

/// The code of upstream's first `<pre :type={SyntaxHighlight}>` (shown unhighlighted).
const SYNTAX_HIGHLIGHT_SOURCE: &str = "defmodule SyntaxHighlight do\n  @behaviour Phoenix.Component.MacroComponent\n  # (highlighted by Makeup upstream)\nend\n";

/// The code of upstream's second `<pre :type={SyntaxHighlight}>` (shown unhighlighted).
const THERMOSTAT_SOURCE: &str = "defmodule MyAppWeb.ThermostatLive do\n  use MyAppWeb, :live_view\n\n  def render(assigns) do\n    ~H\"\"\"\n    Current temperature: {@temperature}°F\n    <button phx-click=\"inc_temperature\">+</button>\n    \"\"\"\n  end\nend\n";

/// The global colocated stylesheet, rendered with the view.
fn global_colocated_css() -> Rendered {
    html! {
        <style>".test-global-css { background-color: rgb(255, 0, 0); }"</style>
    }
}

/// Upstream's `scoped_colocated_css`: a blue scope whose slot contents (the nested `html!`s,
/// written in this template) are of its scope, while the two inner components' own roots bound
/// it.
fn scoped_colocated_css() -> Rendered {
    html! {
        <style scoped>".test-scoped-css { background-color: rgb(0, 0, 255); }"</style>
        <div>
            <span data-test-scoped="blue" class="test-scoped-css">"Should have blue background"</span>
            {scoped_css_inner_block_one(html! {
                <span data-test-scoped="none" class="test-scoped-css">
                    "Should have no background (scope root)"
                    <span data-test-scoped="blue" class="test-scoped-css">"Should have blue background"</span>
                </span>
            })}
            {scoped_css_inner_block_one(html! {
                <span data-test-scoped="none" class="test-scoped-css">
                    "Should have no background (scope root)"
                    <span data-test-scoped="blue" class="test-scoped-css">"Should have blue background"</span>
                </span>
            })}
            {scoped_css_inner_block_two(html! {
                <span data-test-scoped="none" class="test-scoped-css">
                    "Should have no background (scope root)"
                    <span data-test-scoped="blue" class="test-scoped-css">"Should have blue background"</span>
                </span>
            })}
            {scoped_css_inner_block_one(html! {
                <span data-test-scoped="none" class="test-scoped-css">
                    "Should have no background (scope root)"
                    <span data-test-scoped="blue" class="test-scoped-css">"Should have blue background"</span>
                </span>
            })}
            {scoped_css_slot_two(html! {
                <span data-test-scoped="none" class="test-scoped-css">
                    "Should have no background (scope root)"
                    <span data-test-scoped="blue" class="test-scoped-css">"Should have blue background"</span>
                </span>
            })}
        </div>
    }
}

/// Upstream's `scoped_css_inner_block_one` and `scoped_css_slot_one`: the slot, as it is.
fn scoped_css_inner_block_one(inner: Rendered) -> Rendered {
    html! { {inner} }
}

/// Upstream's `scoped_css_inner_block_two`: a yellow scope around its slot.
fn scoped_css_inner_block_two(inner: Rendered) -> Rendered {
    html! {
        <style scoped>".test-scoped-css { background-color: rgb(255, 255, 0); }"</style>
        <div>
            <span data-test-scoped="yellow" class="test-scoped-css">"Should have yellow background"</span>
            {inner}
        </div>
    }
}

/// Upstream's `scoped_css_slot_two`: a green scope around its slot.
fn scoped_css_slot_two(inner: Rendered) -> Rendered {
    html! {
        <style scoped>".test-scoped-css { background-color: rgb(0, 255, 0); }"</style>
        <div>
            <span data-test-scoped="green" class="test-scoped-css">"Should have green background"</span>
            {inner}
        </div>
    }
}

/// Upstream's `scoped_inclusive_lower_bound_colocated_css`: the flex items' roots are in scope.
fn scoped_inclusive_lower_bound_css() -> Rendered {
    html! {
        <style scoped lower-bound="inclusive">
            ".container:where(:scope) { display: flex; > * { flex: 1; } }"
        </style>
        <div data-test-lower-bound-container class="container">{flex_items(true)}</div>
    }
}

/// Upstream's `scoped_exclusive_lower_bound_colocated_css`: the flex items' roots bound it.
fn scoped_exclusive_lower_bound_css() -> Rendered {
    html! {
        <style scoped>".container:where(:scope) { display: flex; > * { flex: 1; } }"</style>
        <div data-test-lower-bound-container class="container">{flex_items(false)}</div>
    }
}

/// Upstream's `flex_items`: three root tags of a template of their own.
fn flex_items(should_flex: bool) -> Rendered {
    html! {
        for x in 1..=3 {
            <p data-test-inclusive={if should_flex { "yes" } else { "no" }}>
                {if should_flex { "Should" } else { "Shouldn't" }} " Flex " {x}
            </p>
        }
    }
}
