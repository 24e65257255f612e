//! `/form`: live validation and submit, decoded into a serde struct.

use liveview::prelude::*;
use serde::Deserialize;

/// The form's fields (`user[name]`).
#[derive(Debug, Deserialize, Default)]
pub struct UserParams {
    #[serde(default)]
    name: String,
}

/// The posted form.
#[derive(Debug, Deserialize)]
pub struct UserForm {
    user: UserParams,
}

/// A form.
#[live_view]
#[derive(Debug, Default)]
pub struct Form {
    name: String,
    saved: Option<String>,
}

#[live_view]
impl Form {
    #[event("validate")]
    fn validate(&mut self, form: UserForm) {
        self.name = form.user.name;
    }

    #[event("save")]
    fn save(&mut self, form: UserForm) {
        self.name = form.user.name;
        self.saved = Some(self.name.clone());
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Form"</h1>
                <form id="user-form" phx-change="validate" phx-submit="save">
                    <label for="user-name">"Name "</label>
                    <input id="user-name" type="text" name="user[name]" value={&self.name} autocomplete="off" />
                    <button type="submit">"Save"</button>
                </form>
                <p id="greeting">if !self.name.is_empty() { "Hello, " {&self.name} "!" }</p>
                <p id="saved">if let Some(s) = &self.saved { "Saved " {s} }</p>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
