//! A form's fields as the client serializes them (`serializeForm` in the official client):
//! the form's current inputs in document order, with the test's values merged in, and the
//! `_unused_` markers of fields the user has not touched yet.

use super::dom::{selected_options, text};
use super::error::TestError;
use scraper::ElementRef;
use std::collections::HashSet;

/// One form field: its name, its value, and whether it is a hidden input (hidden inputs are
/// never marked unused).
struct Field {
    name: String,
    value: String,
    hidden: bool,
}

/// The successful controls of `form`, as `FormData` lists them (files are left out, as the
/// client leaves them out of the url-encoded value).
fn fields(form: ElementRef<'_>) -> (Vec<Field>, HashSet<String>) {
    let mut out = Vec::new();
    // Every named control, successful or not (an unchecked box can still be given a value).
    let mut names = HashSet::new();
    for el in form.descendants().filter_map(ElementRef::wrap) {
        let v = el.value();
        let Some(name) = v.attr("name").filter(|n| !n.is_empty()) else { continue };
        if !matches!(v.name(), "input" | "select" | "textarea") || v.attr("disabled").is_some() {
            continue;
        }
        names.insert(name.to_owned());
        let mut push = |value: String, hidden| out.push(Field { name: name.to_owned(), value, hidden });
        match v.name() {
            "input" => match v.attr("type").unwrap_or("text") {
                "checkbox" | "radio" => {
                    if v.attr("checked").is_some() {
                        push(v.attr("value").unwrap_or("on").to_owned(), false);
                    }
                }
                "file" | "submit" | "button" | "reset" | "image" => {}
                kind => push(v.attr("value").unwrap_or_default().to_owned(), kind == "hidden"),
            },
            "select" => selected_options(el).into_iter().for_each(|o| push(o, false)),
            _ => push(text(el), false),
        }
    }
    (out, names)
}

/// The url-encoded value of `form` with `given` merged in: a given name replaces every value
/// the form has under that name (give a name several times for several values). Fields not in
/// `used` get the client's `_unused_` marker unless `all_used` (a submit).
pub(super) fn serialize(
    form: ElementRef<'_>,
    form_selector: &str,
    given: &[(&str, &str)],
    used: &HashSet<String>,
    all_used: bool,
) -> Result<String, TestError> {
    let (mut fields, names) = fields(form);
    for (name, _) in given {
        if !names.contains(*name) {
            let mut known: Vec<&String> = names.iter().collect();
            known.sort();
            let known = known.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", ");
            return Err(TestError::Assertion(format!(
                "form {form_selector:?} has no enabled input, select or textarea named {name:?}; it has: {known}"
            )));
        }
    }
    // Given values take the place of the form's first value of that name.
    let given_names: HashSet<&str> = given.iter().map(|(n, _)| *n).collect();
    let mut merged: Vec<Field> = Vec::with_capacity(fields.len() + given.len());
    let mut placed: HashSet<&str> = HashSet::new();
    for f in fields.drain(..) {
        match given_names.get(f.name.as_str()) {
            Some(&name) => {
                if placed.insert(name) {
                    for (n, v) in given.iter().filter(|(n, _)| *n == name) {
                        merged.push(Field { name: (*n).to_owned(), value: (*v).to_owned(), hidden: f.hidden });
                    }
                }
            }
            None => merged.push(f),
        }
    }
    for (n, v) in given {
        if !placed.contains(n) {
            merged.push(Field { name: (*n).to_owned(), value: (*v).to_owned(), hidden: false });
        }
    }
    let mut out = form_urlencoded::Serializer::new(String::new());
    let mut marked = HashSet::new();
    for f in &merged {
        let unused = !all_used && !f.hidden && !used.contains(&f.name);
        if unused && marked.insert(f.name.as_str()) {
            out.append_pair(&unused_key(&f.name), "");
        }
        out.append_pair(&f.name, &f.value);
    }
    Ok(out.finish())
}

/// The client's `prependFormDataKey(key, "_unused_")`: `user[email]` → `user[_unused_email]`,
/// `tags[]` → `_unused_tags[]`, `q` → `_unused_q`.
fn unused_key(name: &str) -> String {
    let (base, array) = match name.strip_suffix("[]") {
        Some(b) => (b, "[]"),
        None => (name, ""),
    };
    // The last run of characters that are not brackets, before an optional final `]`.
    let trimmed = base.strip_suffix(']').unwrap_or(base);
    let start = trimmed.rfind(['[', ']']).map_or(0, |i| i + 1);
    format!("{}_unused_{}{array}", &base[..start], &base[start..])
}

#[cfg(test)]
mod tests {
    use super::unused_key;

    #[test]
    fn unused_markers_match_the_client() {
        assert_eq!(unused_key("q"), "_unused_q");
        assert_eq!(unused_key("user[email]"), "user[_unused_email]");
        assert_eq!(unused_key("user[address][city]"), "user[address][_unused_city]");
        assert_eq!(unused_key("tags[]"), "_unused_tags[]");
        assert_eq!(unused_key("user[tags][]"), "user[_unused_tags][]");
    }
}
