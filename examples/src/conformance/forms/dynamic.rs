//! `/form/dynamic-inputs` (upstream `FormDynamicInputsLive`): a form `my_form` with a name and
//! a list of users that buttons (or, with `?checkboxes=1`, checkboxes) add and remove, the way
//! Ecto's `sort_param` / `drop_param` do it: `my_form[users_sort][]` lists the users' indexes in
//! order (an unknown entry such as `new` adds an empty user there), `my_form[users_drop][]` the
//! indexes to drop; the users are then numbered again from 0.
//!
//! As Phoenix's `inputs_for`, each user carries a hidden `_persistent_id` (the first number not
//! yet taken, counting from the number of users that have one) that names its inputs' ids
//! (`my-form_users_<persistent id>_name`), while their names use the index
//! (`my_form[users][<index>][name]`).

use liveview::form::Param;
use liveview::js::Dispatch;
use liveview::prelude::*;
use std::collections::HashSet;

/// One user of the form.
#[derive(Debug, Clone, Default)]
struct User {
    persistent_id: Option<String>,
    name: Option<String>,
}

/// `/form/dynamic-inputs`.
#[live_view]
#[derive(Debug, Default)]
pub struct FormDynamicInputsLive {
    name: Option<String>,
    users: Vec<User>,
    checkboxes: bool,
    submitted: bool,
}

/// The strings of a list parameter (or of a single value).
fn strings(param: Option<&Param>) -> Option<Vec<String>> {
    match param? {
        Param::Str(s) => Some(vec![s.clone()]),
        Param::List(items) => Some(items.iter().filter_map(Param::as_str).map(str::to_owned).collect()),
        Param::Map(_) => None,
    }
}

impl FormDynamicInputsLive {
    /// Upstream's `assign_form`: the name and the users from the form's `my_form` map.
    fn assign_form(&mut self, params: Option<&Param>) {
        self.name = params.and_then(|p| p.get("name")).and_then(Param::as_str).map(str::to_owned);
        let mut value: Vec<(String, User)> = params
            .and_then(|p| p.get("users"))
            .and_then(Param::as_map)
            .map(|users| {
                users
                    .iter()
                    .map(|(key, user)| {
                        let field = |name: &str| user.get(name).and_then(Param::as_str).map(str::to_owned);
                        (key.to_owned(), User { persistent_id: field("_persistent_id"), name: field("name") })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let sort = strings(params.and_then(|p| p.get("users_sort")));
        let drop = strings(params.and_then(|p| p.get("users_drop"))).unwrap_or_default();

        let mut users = Vec::new();
        if let Some(mut sort) = sort {
            // `sort -- drop`: each dropped entry removes its first occurrence
            for d in &drop {
                if let Some(i) = sort.iter().position(|s| s == d) {
                    sort.remove(i);
                }
            }
            for key in sort {
                match value.iter().position(|(k, _)| *k == key) {
                    Some(i) => users.push(value.remove(i).1),
                    None => users.push(User::default()),
                }
            }
        }
        // what the sort did not name, less the dropped, by index
        value.retain(|(k, _)| !drop.contains(k));
        value.sort_by(|(a, _), (b, _)| match (a.parse::<i64>(), b.parse::<i64>()) {
            (Ok(a), Ok(b)) => a.cmp(&b),
            (Ok(_), Err(_)) => std::cmp::Ordering::Less,
            (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
            (Err(_), Err(_)) => a.cmp(b),
        });
        users.extend(value.into_iter().map(|(_, user)| user));

        // `inputs_for`'s persistent ids
        let mut seen: HashSet<String> = users.iter().filter_map(|u| u.persistent_id.clone()).collect();
        for user in &mut users {
            if user.persistent_id.is_none() {
                let mut n = seen.len();
                while seen.contains(&n.to_string()) {
                    n += 1;
                }
                seen.insert(n.to_string());
                user.persistent_id = Some(n.to_string());
            }
        }
        self.users = users;
    }
}

#[live_view]
impl FormDynamicInputsLive {
    fn mount(params: &Params) -> Self {
        FormDynamicInputsLive { checkboxes: params.get("checkboxes") == Some("1"), ..Default::default() }
    }

    #[event("validate")]
    fn validate(&mut self, event: Event) {
        let form = event.form();
        self.assign_form(form.as_ref().and_then(|f| f.params().get("my_form")));
    }

    #[event("save")]
    fn save(&mut self, event: Event) {
        let form = event.form();
        self.assign_form(form.as_ref().and_then(|f| f.params().get("my_form")));
        self.submitted = true;
    }

    fn render(&self) -> Rendered {
        let change = JS::new().dispatch(Dispatch::new("change"));
        html! {
            <form id="my-form" phx-change="validate" phx-submit="save" style="display: flex; flex-direction: column; gap: 4px; max-width: 500px;">
                <fieldset>
                    <input type="text" id="my-form_name" name="my_form[name]" value={&self.name} placeholder="name">
                    for (index, user) in self.users.iter().enumerate() {
                        <input type="hidden" name={format_args!("my_form[users][{index}][_persistent_id]")} value={&user.persistent_id}>
                        <div style="padding: 4px; border: 1px solid gray;">
                            <input type="hidden" name="my_form[users_sort][]" value={index}>
                            <input type="text" id={format_args!("my-form_users_{}_name", user.persistent_id.as_deref().unwrap_or_default())} name={format_args!("my_form[users][{index}][name]")} value={&user.name} placeholder="name">
                            if self.checkboxes {
                                <label><input type="checkbox" name="my_form[users_drop][]" value={index}>" Remove"</label>
                            } else {
                                <button type="button" name="my_form[users_drop][]" value={index} phx-click={change.clone()}>"Remove"</button>
                            }
                        </div>
                    }
                </fieldset>
                <input type="hidden" name="my_form[users_drop][]">
                if self.checkboxes {
                    <label><input type="checkbox" name="my_form[users_sort][]">" add more"</label>
                } else {
                    <button type="button" name="my_form[users_sort][]" value="new" phx-click={change.clone()}>"add more"</button>
                }
            </form>
            if self.submitted {
                <p>"Form was submitted!"</p>
            }
        }
    }
}
