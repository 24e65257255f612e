//! `/volunteers`: a volunteer check-in desk (LiveViewJS's `volunteers` example). A sign-up
//! form validated as the user types, each field's error shown once the user has used that
//! field (the client's `_unused_` markers) or tried to submit; the list of volunteers as a
//! stream; every sign-up and every check-out / check-in reaches every viewer through pubsub.
//!
//! The volunteers live in this process ([`STORE`], the latest [`KEEP`]); a view keeps none
//! of them (the stream sends each one once). A broadcast carries the whole record, and each
//! receiving view also writes it into its node's store, so with Redis every node that had a
//! viewer open knows about it.

use liveview::form::Unused;
use liveview::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::{Mutex, PoisonError};

/// The pubsub topic.
pub const TOPIC: &str = "volunteers";

/// Volunteers kept by the store and shown on a page.
pub const KEEP: usize = 100;

/// Longest name accepted, in characters.
const MAX_NAME: usize = 100;

/// One volunteer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Volunteer {
    /// Random, so that ids made on different nodes do not collide.
    pub id: String,
    /// Who.
    pub name: String,
    /// Their phone number, as typed.
    pub phone: String,
    /// Checked out (gone home) rather than checked in.
    pub checked_out: bool,
}

/// What changed, as broadcast on [`TOPIC`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Change {
    /// A new sign-up: shown on top.
    Joined(Volunteer),
    /// A check-out or check-in: updated where it is shown.
    Toggled(Volunteer),
}

/// Every volunteer this process knows, oldest first.
pub static STORE: Mutex<Vec<Volunteer>> = Mutex::new(Vec::new());

/// Adds `v` or replaces the volunteer with its id; keeps the latest [`KEEP`].
fn store(v: &Volunteer) {
    let mut all = STORE.lock().unwrap_or_else(PoisonError::into_inner);
    match all.iter_mut().find(|old| old.id == v.id) {
        Some(old) => *old = v.clone(),
        None => all.push(v.clone()),
    }
    let extra = all.len().saturating_sub(KEEP);
    all.drain(..extra);
}

/// The form's fields (`volunteer[name]`, `volunteer[phone]`).
#[derive(Debug, Default, Deserialize)]
pub struct VolunteerParams {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(rename = "_unused_name", default)]
    unused_name: Unused,
    #[serde(rename = "_unused_phone", default)]
    unused_phone: Unused,
}

/// The posted form.
#[derive(Debug, Deserialize)]
pub struct SignUp {
    #[serde(default)]
    volunteer: VolunteerParams,
}

/// `phx-value-id` of a check-out / check-in button.
#[derive(Debug, Deserialize)]
pub struct Toggle {
    id: String,
}

/// The name's error, if any.
fn name_error(name: &str) -> Option<&'static str> {
    match name.trim().chars().count() {
        0 => Some("can't be blank"),
        1 => Some("should be at least 2 characters"),
        n if n > MAX_NAME => Some("should be at most 100 characters"),
        _ => None,
    }
}

/// The phone's error, if any: ten digits, as `555-123-4567`, `555 123 4567`, `555.123.4567`
/// or `5551234567`.
fn phone_error(phone: &str) -> Option<&'static str> {
    let phone = phone.trim();
    if phone.is_empty() {
        return Some("can't be blank");
    }
    let mut groups = Vec::new();
    let mut digits = 0;
    for c in phone.chars() {
        match c {
            '0'..='9' => digits += 1,
            ' ' | '-' | '.' if digits > 0 => groups.push(std::mem::take(&mut digits)),
            _ => return Some("should be a phone number like 555-123-4567"),
        }
    }
    groups.push(digits);
    match groups.as_slice() {
        [10] | [3, 7] | [6, 4] | [3, 3, 4] => None,
        _ => Some("should be a phone number like 555-123-4567"),
    }
}

/// The DOM id of a volunteer's row.
fn dom_id(v: &Volunteer) -> String {
    format!("volunteer-{}", v.id)
}

/// The check-in desk.
#[live_view]
#[derive(Debug)]
pub struct Volunteers {
    name: String,
    phone: String,
    /// Whether each field's error is shown: the user has used the field or tried to submit.
    show_name: bool,
    show_phone: bool,
    volunteers: Stream<Volunteer>,
}

#[live_view]
impl Volunteers {
    fn mount(socket: &mut Socket) -> Self {
        socket.subscribe::<Change>(TOPIC);
        let all = STORE.lock().unwrap_or_else(PoisonError::into_inner).iter().rev().cloned().collect::<Vec<_>>();
        Volunteers {
            name: String::new(),
            phone: String::new(),
            show_name: false,
            show_phone: false,
            volunteers: Stream::with_items(dom_id, all),
        }
    }

    #[event("validate")]
    fn validate(&mut self, form: SignUp) {
        let p = form.volunteer;
        self.show_name |= !p.unused_name.is_unused();
        self.show_phone |= !p.unused_phone.is_unused();
        self.name = p.name;
        self.phone = p.phone;
    }

    #[event("save")]
    fn save(&mut self, form: SignUp, socket: &mut Socket) {
        self.name = form.volunteer.name;
        self.phone = form.volunteer.phone;
        if name_error(&self.name).is_some() || phone_error(&self.phone).is_some() {
            self.show_name = true;
            self.show_phone = true;
            return;
        }
        let id = format!("{:016x}", rand::random::<u64>());
        let v = Volunteer {
            id,
            name: std::mem::take(&mut self.name).trim().to_owned(),
            phone: std::mem::take(&mut self.phone).trim().to_owned(),
            checked_out: false,
        };
        self.show_name = false;
        self.show_phone = false;
        store(&v);
        // Shown here too when it comes back through pubsub, like on every other page.
        socket.broadcast(TOPIC, &Change::Joined(v));
    }

    #[event("toggle")]
    fn toggle(&mut self, t: Toggle, socket: &mut Socket) {
        let toggled = {
            let mut all = STORE.lock().unwrap_or_else(PoisonError::into_inner);
            all.iter_mut().find(|v| v.id == t.id).map(|v| {
                v.checked_out = !v.checked_out;
                v.clone()
            })
        };
        match toggled {
            Some(v) => socket.broadcast(TOPIC, &Change::Toggled(v)),
            None => tracing::info!(id = %t.id, "toggle: no such volunteer on this node"),
        }
    }

    #[info]
    fn changed(&mut self, change: Change) {
        match change {
            Change::Joined(v) => {
                store(&v);
                self.volunteers.prepend(v).keep_first(KEEP);
            }
            Change::Toggled(v) => {
                store(&v);
                self.volunteers.update(v);
            }
        }
    }

    fn render(&self) -> Rendered {
        let name_error = name_error(&self.name).filter(|_| self.show_name);
        let phone_error = phone_error(&self.phone).filter(|_| self.show_phone);
        // Submitting marks every field used (the client's PHX_HAS_SUBMITTED); the `reset` event
        // makes the client forget that, so the next entry shows only the errors of the fields
        // its writer has used. The values stay: the server clears them after a good submit.
        let submit = JS::new().push("save").dispatch("reset");
        html! {
            <main>
                <h1>"Volunteer check-in"</h1>
                <form id="volunteer-form" phx-change="validate" phx-submit={submit}>
                    <p>
                        <label for="volunteer-name">"Name"</label>
                        <input id="volunteer-name" type="text" name="volunteer[name]" value={&self.name}
                            placeholder="Ada Lovelace" autocomplete="off" phx-debounce="300"
                            aria-invalid={name_error.map(|_| "true")}
                            aria-describedby={name_error.map(|_| "volunteer-name-error")} />
                        if let Some(e) = name_error {
                            <small id="volunteer-name-error" class="error">{e}</small>
                        }
                    </p>
                    <p>
                        <label for="volunteer-phone">"Phone"</label>
                        <input id="volunteer-phone" type="tel" name="volunteer[phone]" value={&self.phone}
                            placeholder="555-123-4567" autocomplete="off" phx-debounce="blur"
                            aria-invalid={phone_error.map(|_| "true")}
                            aria-describedby={phone_error.map(|_| "volunteer-phone-error")} />
                        if let Some(e) = phone_error {
                            <small id="volunteer-phone-error" class="error">{e}</small>
                        }
                    </p>
                    <button id="check-in" type="submit" phx-disable-with="Saving…">"Check in"</button>
                </form>
                <h2>"Volunteers"</h2>
                <ul id="volunteers" phx-update="stream">
                    for (dom_id, v) in &self.volunteers, stream {
                        <li id={dom_id} class={if v.checked_out { "volunteer out" } else { "volunteer" }}>
                            <b class="name">{&v.name}</b>" "
                            <span class="phone">{&v.phone}</span>" "
                            <span class="status">{if v.checked_out { "checked out" } else { "checked in" }}</span>" "
                            <button id={format_args!("{dom_id}-toggle")} phx-click="toggle" phx-value-id={&v.id}>
                                {if v.checked_out { "Check in" } else { "Check out" }}
                            </button>
                        </li>
                    }
                </ul>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{name_error, phone_error};

    #[test]
    fn phone_numbers_are_ten_digits_in_groups_of_three_three_four() {
        for ok in ["555-123-4567", "555 123 4567", "555.123.4567", "5551234567", "555-1234567"] {
            assert_eq!(phone_error(ok), None, "{ok}");
        }
        for bad in ["", "555", "555-123-456", "55-5123-4567", "555--123-4567", "-555-123-4567", "555-123-4567x"] {
            assert!(phone_error(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn names_need_two_characters() {
        assert!(name_error(" A ").is_some());
        assert_eq!(name_error("Al"), None);
        assert!(name_error(&"x".repeat(101)).is_some());
    }
}
