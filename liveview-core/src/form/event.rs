//! Form events (`type: "form"`): the url-encoded value merged with `meta`, the `_target`
//! path, and the `_unused_*` markers of fields the user has not touched yet.

use super::de::decode;
use super::urlencoded::split_key;
use super::{DecodeError, FormError, MAX_DEPTH, Param, from_json, parse_urlencoded};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses a form event's `value` and merges the members of `meta` over it, as LiveView does
/// before `handle_event`: form `phx-value-*` attributes and `_target` become top-level keys
/// (replacing form fields of the same name). `_target` stays the string the client sent
/// (`"user[name]"`); use [`target_path`] for its segments. A `meta` that is not an object is
/// ignored.
///
/// ```
/// use liveview_core::form::{Param, form_payload};
///
/// let meta = serde_json::json!({"_target": "user[name]"});
/// let form = form_payload("user%5Bname%5D=abc", Some(&meta))?;
/// assert_eq!(form.get_path(&["user", "name"]), Some(&Param::from("abc")));
/// assert_eq!(form.get("_target"), Some(&Param::from("user[name]")));
/// # Ok::<(), liveview_core::form::FormError>(())
/// ```
///
/// # Errors
///
/// As [`parse_urlencoded`].
pub fn form_payload(value: &str, meta: Option<&Value>) -> Result<Param, FormError> {
    let mut form = parse_urlencoded(value)?;
    if let (Param::Map(map), Some(Value::Object(meta))) = (&mut form, meta) {
        map.extend(meta.iter().map(|(k, v)| (k.as_str(), from_json(v))));
    }
    Ok(form)
}

/// The key path of a field name, as LiveView turns `_target` into a list:
/// `"user[name]"` → `["user", "name"]`, `"tags[]"` → `["tags"]` (list brackets are dropped).
/// The name is used as is (it arrives in JSON, not url-encoded).
///
/// ```
/// assert_eq!(liveview_core::form::target_path("user[address][city]"), ["user", "address", "city"]);
/// ```
pub fn target_path(target: &str) -> Vec<String> {
    split_key(target, usize::MAX)
        .unwrap_or_default()
        .into_iter()
        .filter(|segment| !segment.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether the client marked field `name` as not interacted with yet.
///
/// The client sends an extra `_unused_`-prefixed empty field for every input the user has not
/// focused or changed (unless `phx-no-unused-field`): `user[email]` → `user[_unused_email]`,
/// `email` → `_unused_email`, `tags[]` → `_unused_tags[]`. This looks that marker up in
/// `form` (a tree from [`parse_urlencoded`] or [`form_payload`]); show validation errors only
/// for fields where it is `false`.
///
/// ```
/// use liveview_core::form::{is_unused, parse_urlencoded};
///
/// let form = parse_urlencoded("user%5Bname%5D=a&user%5B_unused_email%5D=&user%5Bemail%5D=")?;
/// assert!(is_unused(&form, "user[email]"));
/// assert!(!is_unused(&form, "user[name]"));
/// # Ok::<(), liveview_core::form::FormError>(())
/// ```
pub fn is_unused(form: &Param, name: &str) -> bool {
    let marker = unused_marker(name);
    match split_key(&marker, MAX_DEPTH) {
        Some(path) => holds(form, &path),
        None => false,
    }
}

/// The name the client gives the marker: `_unused_` goes before the last bracket-free run of
/// the name, ignoring one trailing `[]` (`prependFormDataKey` in the client).
fn unused_marker(name: &str) -> String {
    const PREFIX: &str = "_unused_";
    let (base, list) = match name.strip_suffix("[]") {
        Some(base) => (base, "[]"),
        None => (name, ""),
    };
    let (body, close) = match base.strip_suffix(']') {
        Some(body) => (body, "]"),
        None => (base, ""),
    };
    let start = body.rfind(['[', ']']).map_or(0, |i| i + 1);
    if start == body.len() {
        // No bracket-free run at the end: the client leaves the name alone.
        return name.to_owned();
    }
    format!("{}{PREFIX}{}{close}{list}", &body[..start], &body[start..])
}

/// Whether `path` (segments, `""` meaning "some list element") exists in `param`.
fn holds(param: &Param, path: &[&str]) -> bool {
    match path.split_first() {
        None => true,
        Some((&"", rest)) => param.as_list().is_some_and(|items| items.iter().any(|item| holds(item, rest))),
        Some((key, rest)) => param.get(key).is_some_and(|child| holds(child, rest)),
    }
}

/// The client's `_unused_<field>` marker, as a field of a form payload type: `true` while the
/// user has not used the field yet (show its error only once it is used). Absent: `false`.
///
/// ```
/// use liveview_core::form::{Unused, decode, parse_urlencoded};
///
/// #[derive(serde::Deserialize)]
/// struct Signup {
///     #[serde(default)]
///     email: String,
///     #[serde(rename = "_unused_email", default)]
///     email_unused: Unused,
/// }
///
/// let untouched: Signup = decode(&parse_urlencoded("email=&_unused_email=")?)?;
/// assert!(untouched.email_unused.is_unused());
/// let typed: Signup = decode(&parse_urlencoded("email=a")?)?;
/// assert!(!typed.email_unused.is_unused() && typed.email == "a");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(from = "String")]
pub struct Unused(bool);

impl Unused {
    /// Whether the user has not used the field yet.
    pub fn is_unused(self) -> bool {
        self.0
    }
}

impl From<String> for Unused {
    fn from(_: String) -> Self {
        Unused(true)
    }
}

/// A parsed `type: "form"` event: the merged parameters and the field that triggered it.
///
/// ```
/// use liveview_core::form::{FormEvent, Param};
///
/// let meta = serde_json::json!({"_target": "user[name]"});
/// let event = FormEvent::parse("user%5Bname%5D=abc&user%5B_unused_email%5D=", Some(&meta))?;
/// assert_eq!(event.target(), Some(&["user".to_owned(), "name".to_owned()][..]));
/// assert_eq!(event.target_value(), Some(&Param::from("abc")));
/// assert!(event.is_unused("user[email]"));
/// # Ok::<(), liveview_core::form::FormError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormEvent {
    params: Param,
    target: Option<Vec<String>>,
}

impl FormEvent {
    /// Parses the event's `value` and `meta` (see [`form_payload`]). The target is taken
    /// from `meta._target`; the client sends `"undefined"` when it does not know, which
    /// counts as no target. Submits have none either.
    ///
    /// # Errors
    ///
    /// As [`parse_urlencoded`].
    pub fn parse(value: &str, meta: Option<&Value>) -> Result<Self, FormError> {
        let params = form_payload(value, meta)?;
        let target = meta
            .and_then(|meta| meta.get("_target"))
            .and_then(Value::as_str)
            .filter(|target| !target.is_empty() && *target != "undefined")
            .map(target_path);
        Ok(FormEvent { params, target })
    }

    /// The merged parameters (a [`Param::Map`]).
    pub fn params(&self) -> &Param {
        &self.params
    }

    /// The merged parameters, by value.
    pub fn into_params(self) -> Param {
        self.params
    }

    /// The key path of the input that triggered a change event (`["user", "name"]`).
    pub fn target(&self) -> Option<&[String]> {
        self.target.as_deref()
    }

    /// The current value of the input that triggered the event.
    pub fn target_value(&self) -> Option<&Param> {
        self.params.get_path(self.target.as_deref()?)
    }

    /// Whether field `name` has not been interacted with yet (see [`is_unused`]).
    pub fn is_unused(&self, name: &str) -> bool {
        is_unused(&self.params, name)
    }

    /// Decodes the parameters into `T` (see [`decode`]).
    ///
    /// # Errors
    ///
    /// When the parameters do not fit `T`; the error names the field path.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode(&self.params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn payload(value: &str, meta: Value) -> Param {
        match form_payload(value, Some(&meta)) {
            Ok(p) => p,
            Err(e) => panic!("{value:?} should parse: {e}"),
        }
    }

    #[test]
    fn meta_merges_over_form_fields_and_target_stays_a_string() {
        let form =
            payload("user%5Bname%5D=abc&kind=form&x=1", json!({"_target": "user[name]", "kind": "meta", "n": 3}));
        assert_eq!(form.get("_target"), Some(&Param::from("user[name]")));
        assert_eq!(form.get("kind"), Some(&Param::from("meta")));
        assert_eq!(form.get("n"), Some(&Param::from("3")));
        assert_eq!(form.get_path(&["user", "name"]), Some(&Param::from("abc")));
        let keys: Vec<_> = form.as_map().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["user", "kind", "x", "_target", "n"]);
    }

    #[test]
    fn missing_or_non_object_meta_is_ignored() {
        assert_eq!(form_payload("a=1", None), parse_urlencoded("a=1"));
        assert_eq!(form_payload("a=1", Some(&json!("junk"))), parse_urlencoded("a=1"));
    }

    #[test]
    fn form_payload_reports_malformed_values() {
        assert!(matches!(form_payload("a=%zz", Some(&json!({}))), Err(FormError::MalformedPercent { .. })));
    }

    #[test]
    fn target_path_splits_names_and_drops_list_brackets() {
        assert_eq!(target_path("user[name]"), ["user", "name"]);
        assert_eq!(target_path("user[address][city]"), ["user", "address", "city"]);
        assert_eq!(target_path("email"), ["email"]);
        assert_eq!(target_path("tags[]"), ["tags"]);
        assert_eq!(target_path("a[][b]"), ["a", "b"]);
    }

    #[test]
    fn form_event_exposes_target_and_its_value() {
        let meta = json!({"_target": "user[address][city]"});
        let event = FormEvent::parse("user%5Baddress%5D%5Bcity%5D=Paris", Some(&meta));
        let event = event.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            event.target().map(<[String]>::to_vec),
            Some(vec!["user".to_owned(), "address".to_owned(), "city".to_owned()])
        );
        assert_eq!(event.target_value(), Some(&Param::from("Paris")));
        assert_eq!(event.params().get("_target"), Some(&Param::from("user[address][city]")));
    }

    #[test]
    fn undefined_or_missing_target_is_none() {
        let meta = json!({"_target": "undefined"});
        let event = FormEvent::parse("a=1", Some(&meta)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(event.target(), None);
        let event = FormEvent::parse("a=1", None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(event.target(), None);
        assert_eq!(event.target_value(), None);
    }

    #[test]
    fn unused_markers_follow_the_client_naming() {
        assert_eq!(unused_marker("user[email]"), "user[_unused_email]");
        assert_eq!(unused_marker("email"), "_unused_email");
        assert_eq!(unused_marker("tags[]"), "_unused_tags[]");
        assert_eq!(unused_marker("user[tags][]"), "user[_unused_tags][]");
        assert_eq!(unused_marker("a[][b]"), "a[][_unused_b]");
        assert_eq!(unused_marker("a[]x"), "a[]_unused_x");
        assert_eq!(unused_marker("a["), "a[");
    }

    #[test]
    fn is_unused_finds_markers_at_every_level() {
        let form = payload(
            "user%5Bname%5D=Ann&user%5B_unused_email%5D=&user%5Bemail%5D=\
             &_unused_email=&email=\
             &_unused_tags%5B%5D=&tags%5B%5D=x\
             &a%5B%5D%5Bb%5D=1&a%5B%5D%5B_unused_c%5D=&a%5B%5D%5Bc%5D=",
            json!({"_target": "user[name]"}),
        );
        assert!(is_unused(&form, "user[email]"));
        assert!(!is_unused(&form, "user[name]"));
        assert!(is_unused(&form, "email"));
        assert!(is_unused(&form, "tags[]"));
        assert!(is_unused(&form, "a[][c]"));
        assert!(!is_unused(&form, "a[][b]"));
        assert!(!is_unused(&form, "missing"));
        assert!(!is_unused(&form, "user[email][deeper]"));
        // A top-level marker does not count for a nested field of the same name.
        let form = payload("_unused_email=&user%5Bemail%5D=", json!({}));
        assert!(!is_unused(&form, "user[email]"));
    }
}
