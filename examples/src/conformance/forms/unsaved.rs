//! `/form-unsaved` and `/form-unsaved/target` (upstream `FormUnsavedLive` and its `Target`): a
//! form marked `data-dirty="true"` once its note is not empty, and a page script (upstream's
//! `pre_script`, given here as the route's layout) that, while the form is dirty, asks for a
//! confirmation before live navigation (`phx:before-navigate`, cancelled when refused) and
//! before unload (`beforeunload`), recording each in `window.unsavedEvents`.

use liveview::prelude::*;

/// The page script (installed once per page).
pub const PRE_SCRIPT: &str = r##"<script>
(() => {
  if (window.unsavedFormListenersInstalled) return;
  window.unsavedFormListenersInstalled = true;
  window.unsavedEvents = window.unsavedEvents || [];
  const dirty = () => document.querySelector("#unsaved-form[data-dirty='true']") !== null;
  window.addEventListener("phx:before-navigate", (event) => {
    if (!dirty()) return;
    window.unsavedEvents.push({ type: "phx", detail: event.detail });
    if (!window.confirm("You have unsaved changes. Leave without saving?")) event.preventDefault();
  });
  window.addEventListener("beforeunload", (event) => {
    if (!dirty()) return;
    window.unsavedEvents.push({ type: "beforeunload" });
    event.preventDefault();
    event.returnValue = "";
  });
})();
</script>
"##;

/// `/form-unsaved`.
#[live_view]
#[derive(Debug, Default)]
pub struct FormUnsavedLive {
    note: String,
}

/// The payload of `validate`.
#[derive(Debug, serde::Deserialize)]
pub struct Note {
    #[serde(default)]
    note: String,
}

#[live_view]
impl FormUnsavedLive {
    #[event("validate")]
    fn validate(&mut self, form: Note) {
        self.note = form.note;
    }

    fn render(&self) -> Rendered {
        let dirty = if self.note.is_empty() { "false" } else { "true" };
        html! {
            <h1>"Unsaved form"</h1>
            <a {Link::navigate("/form-unsaved/target")}>"Leave form"</a>
            <form id="unsaved-form" phx-change="validate" data-dirty={dirty} style="margin-top: 1rem; display: flex; flex-direction: column; gap: 0.5rem; max-width: 20rem;">
                <label for="unsaved-note">"Unsaved note"</label>
                <input id="unsaved-note" name="note" value={&self.note} style="height: 2rem; border: 1px solid #cbd5e1; padding: 0 0.5rem;">
                <p id="unsaved-value">"Unsaved value: "{&self.note}</p>
            </form>
        }
    }
}

/// `/form-unsaved/target`.
#[live_view]
#[derive(Debug, Default)]
pub struct TargetLive;

#[live_view]
impl TargetLive {
    fn render(&self) -> Rendered {
        html! { <h1>"Unsaved form target"</h1> }
    }
}
