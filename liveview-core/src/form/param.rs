//! The payload tree: strings, lists and ordered maps, as Plug builds them.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;
use std::collections::HashMap;

/// A decoded event payload: what `Plug.Conn.Query.decode/1` returns in Elixir.
///
/// Every leaf is a string (forms carry nothing else); [`decode`](super::decode) turns the tree
/// into a handler type, coercing strings to numbers and booleans where the type asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// A value (`name=Ann` → `"Ann"`).
    Str(String),
    /// A list (`tags[]=a&tags[]=b` → `["a", "b"]`).
    List(Vec<Param>),
    /// A nested map (`user[name]=Ann` → `{"user": {"name": "Ann"}}`).
    Map(ParamMap),
}

impl Param {
    /// The string, if this is a [`Param::Str`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Param::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is a [`Param::List`].
    pub fn as_list(&self) -> Option<&[Param]> {
        match self {
            Param::List(items) => Some(items),
            _ => None,
        }
    }

    /// The map, if this is a [`Param::Map`].
    pub fn as_map(&self) -> Option<&ParamMap> {
        match self {
            Param::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The member `key` of a map (`None` for strings, lists and missing keys).
    pub fn get(&self, key: &str) -> Option<&Param> {
        self.as_map()?.get(key)
    }

    /// Follows a path of map keys and list indices: `["user", "name"]`, `["tags", "0"]`.
    /// Pairs well with [`target_path`](super::target_path).
    pub fn get_path<S: AsRef<str>>(&self, path: &[S]) -> Option<&Param> {
        let mut node = self;
        for segment in path {
            let segment = segment.as_ref();
            node = match node {
                Param::Map(map) => map.get(segment)?,
                Param::List(items) => items.get(segment.parse::<usize>().ok()?)?,
                Param::Str(_) => return None,
            };
        }
        Some(node)
    }

    /// The tree as JSON: strings, arrays and objects (in insertion order where the
    /// `serde_json` build keeps it).
    pub fn to_json(&self) -> Value {
        match self {
            Param::Str(s) => Value::String(s.clone()),
            Param::List(items) => Value::Array(items.iter().map(Param::to_json).collect()),
            Param::Map(map) => Value::Object(map.iter().map(|(k, v)| (k.to_owned(), v.to_json())).collect()),
        }
    }
}

impl From<&str> for Param {
    fn from(s: &str) -> Self {
        Param::Str(s.to_owned())
    }
}

impl From<String> for Param {
    fn from(s: String) -> Self {
        Param::Str(s)
    }
}

impl From<Vec<Param>> for Param {
    fn from(items: Vec<Param>) -> Self {
        Param::List(items)
    }
}

impl From<ParamMap> for Param {
    fn from(map: ParamMap) -> Self {
        Param::Map(map)
    }
}

impl Serialize for Param {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Param::Str(s) => serializer.serialize_str(s),
            Param::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Param::Map(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, v)?;
                }
                out.end()
            }
        }
    }
}

/// A map of [`Param`]s that keeps insertion order (the order of the fields in the form).
///
/// Stored as a vector of entries: lookups are linear, which is what small payload maps want.
/// Keys are unique; inserting an existing key replaces its value in place (last wins, as in
/// Plug). Equality compares entries in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamMap {
    entries: Vec<(String, Param)>,
}

impl ParamMap {
    /// An empty map.
    pub fn new() -> Self {
        ParamMap::default()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value for `key`.
    pub fn get(&self, key: &str) -> Option<&Param> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value for `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Param> {
        self.entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`: an existing key keeps its position and its old value is
    /// returned; a new key goes last.
    pub fn insert(&mut self, key: impl Into<String>, value: Param) -> Option<Param> {
        let key = key.into();
        match self.get_mut(&key) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// Removes `key`, keeping the order of the other entries.
    pub fn remove(&mut self, key: &str) -> Option<Param> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(i).1)
    }

    /// The entries in order.
    pub fn iter(&self) -> Entries<'_> {
        self.entries.iter().map(entry_ref)
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Param> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The entries, for the deserializer.
    pub(super) fn entries(&self) -> &[(String, Param)] {
        &self.entries
    }

    /// Appends an entry whose key the caller knows to be new.
    pub(super) fn push_new(&mut self, key: String, value: Param) {
        self.entries.push((key, value));
    }
}

/// Iterator over `(key, value)` of a [`ParamMap`], in order.
pub type Entries<'a> =
    std::iter::Map<std::slice::Iter<'a, (String, Param)>, fn(&'a (String, Param)) -> (&'a str, &'a Param)>;

fn entry_ref((k, v): &(String, Param)) -> (&str, &Param) {
    (k, v)
}

impl<'a> IntoIterator for &'a ParamMap {
    type Item = (&'a str, &'a Param);
    type IntoIter = Entries<'a>;

    fn into_iter(self) -> Entries<'a> {
        self.iter()
    }
}

impl IntoIterator for ParamMap {
    type Item = (String, Param);
    type IntoIter = std::vec::IntoIter<(String, Param)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Into<String>> Extend<(K, Param)> for ParamMap {
    /// Inserts every entry (later keys win). Uses a hash index, so merging large maps stays
    /// linear.
    fn extend<I: IntoIterator<Item = (K, Param)>>(&mut self, iter: I) {
        let mut index: HashMap<String, usize> =
            self.entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
        for (key, value) in iter {
            let key = key.into();
            match index.get(&key).and_then(|&i| self.entries.get_mut(i)) {
                Some(slot) => slot.1 = value,
                None => {
                    index.insert(key.clone(), self.entries.len());
                    self.entries.push((key, value));
                }
            }
        }
    }
}

impl<K: Into<String>> FromIterator<(K, Param)> for ParamMap {
    fn from_iter<I: IntoIterator<Item = (K, Param)>>(iter: I) -> Self {
        let mut map = ParamMap::new();
        map.extend(iter);
        map
    }
}

/// Converts a `phx-value-*` JSON payload (`{"value":"","id":"3"}`) into a [`Param`] tree.
///
/// Strings stay strings; numbers and booleans become their JSON text (`3` → `"3"`,
/// `true` → `"true"`); `null` becomes `""`; arrays become [`Param::List`]; objects become
/// [`Param::Map`] in the order `serde_json` yields them.
///
/// ```
/// use liveview_core::form::{Param, from_json};
///
/// let tree = from_json(&serde_json::json!({"value": "", "id": 3, "on": true}));
/// assert_eq!(tree.get("id"), Some(&Param::from("3")));
/// assert_eq!(tree.get("on").and_then(Param::as_str), Some("true"));
/// ```
pub fn from_json(v: &Value) -> Param {
    match v {
        Value::Null => Param::Str(String::new()),
        Value::Bool(b) => Param::Str(b.to_string()),
        Value::Number(n) => Param::Str(n.to_string()),
        Value::String(s) => Param::Str(s.clone()),
        Value::Array(items) => Param::List(items.iter().map(from_json).collect()),
        Value::Object(members) => {
            let mut map = ParamMap::new();
            // JSON object keys are already unique.
            for (k, v) in members {
                map.push_new(k.clone(), from_json(v));
            }
            Param::Map(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn from_json_stringifies_scalars_and_keeps_structure() {
        let tree = from_json(&json!({
            "s": "x", "n": 3, "f": 1.5, "b": false, "z": null,
            "list": [1, "a"], "obj": {"k": "v"}
        }));
        assert_eq!(tree.get("s"), Some(&Param::from("x")));
        assert_eq!(tree.get("n"), Some(&Param::from("3")));
        assert_eq!(tree.get("f"), Some(&Param::from("1.5")));
        assert_eq!(tree.get("b"), Some(&Param::from("false")));
        assert_eq!(tree.get("z"), Some(&Param::from("")));
        assert_eq!(tree.get("list"), Some(&Param::List(vec!["1".into(), "a".into()])));
        assert_eq!(tree.get_path(&["obj", "k"]), Some(&Param::from("v")));
    }

    #[test]
    fn insert_replaces_in_place_and_appends_new_keys() {
        let mut map = ParamMap::new();
        assert_eq!(map.insert("a", "1".into()), None);
        map.insert("b", "2".into());
        assert_eq!(map.insert("a", "3".into()), Some("1".into()));
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(map.get("a"), Some(&Param::from("3")));
        assert_eq!(map.remove("a"), Some("3".into()));
        assert_eq!(map.keys().collect::<Vec<_>>(), ["b"]);
    }

    #[test]
    fn extend_lets_later_keys_win_and_keeps_first_position() {
        let mut map: ParamMap = [("a", Param::from("1")), ("b", "2".into())].into_iter().collect();
        map.extend([("c", Param::from("3")), ("a", "4".into())]);
        let entries: Vec<_> = map.iter().map(|(k, v)| (k, v.as_str())).collect();
        assert_eq!(entries, [("a", Some("4")), ("b", Some("2")), ("c", Some("3"))]);
    }

    #[test]
    fn get_path_walks_maps_and_list_indices() {
        let tree = from_json(&json!({"user": {"tags": ["a", "b"]}}));
        assert_eq!(tree.get_path(&["user", "tags", "1"]), Some(&Param::from("b")));
        assert_eq!(tree.get_path(&["user", "tags", "x"]), None);
        assert_eq!(tree.get_path(&["user", "tags", "1", "deeper"]), None);
        assert_eq!(tree.get_path::<&str>(&[]), Some(&tree));
    }

    #[test]
    fn serializes_and_converts_to_json() {
        let tree = from_json(&json!({"a": ["1", {"b": "2"}]}));
        assert_eq!(tree.to_json(), json!({"a": ["1", {"b": "2"}]}));
        assert_eq!(serde_json::to_value(&tree).ok(), Some(json!({"a": ["1", {"b": "2"}]})));
    }
}
