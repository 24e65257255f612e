//! `application/x-www-form-urlencoded` parsing with `Plug.Conn.Query` semantics.

use super::error::quote_key;
use super::{FormError, Param, ParamMap};
use std::collections::HashMap;

/// Most `[…]` segments a field name may have (`a[b][c]` has 3).
pub const MAX_DEPTH: usize = 32;

/// Most non-empty `name=value` pairs a form may have.
pub const MAX_FIELDS: usize = 10_000;

/// Parses a url-encoded form (the `value` of a `type: "form"` event) into a [`Param::Map`],
/// the way `Plug.Conn.Query.decode/1` does:
///
/// - pairs are separated by `&`; empty pairs are skipped; a pair without `=` has the value `""`;
/// - `+` is a space and `%XX` a byte, in names and values; the decoded bytes must be UTF-8;
/// - `a[b][c]=1` nests maps; `a[]=1&a[]=2` builds a list (a bare `a[]` without `=` only makes
///   sure the list exists, as in Plug);
/// - `a[][x]=1&a[][y]=2&a[][x]=3` builds a list of maps: a pair goes into the last map of the
///   list unless that map already has the key, then a new map starts (Rack/Plug);
///   `a[][]=1` starts a new inner list each time;
/// - a repeated name replaces the earlier value (last wins), keeping its first position; this
///   also holds when the shapes conflict: `a=1&a[b]=2` gives `{"a": {"b": "2"}}` and
///   `a[b]=2&a=1` gives `{"a": "1"}`;
/// - a name is split like Plug: only names ending in `]` have segments, cut at the first `[`
///   and then at every `][` (`a[b]c` is one plain name).
///
/// # Errors
///
/// A malformed escape (`%zz`, a truncated `%4`) or decoded bytes that are not UTF-8 (`%FF`)
/// fail with a [`FormError`] naming the field and the byte offset; so do names with more than
/// [`MAX_DEPTH`] segments and forms with more than [`MAX_FIELDS`] pairs. Nothing panics.
///
/// ```
/// use liveview_core::form::{Param, parse_urlencoded};
///
/// let form = parse_urlencoded("user%5Bname%5D=Ann+Lee&tags%5B%5D=a&tags%5B%5D=b")?;
/// assert_eq!(form.get_path(&["user", "name"]), Some(&Param::from("Ann Lee")));
/// assert_eq!(form.get("tags"), Some(&Param::List(vec!["a".into(), "b".into()])));
/// # Ok::<(), liveview_core::form::FormError>(())
/// ```
pub fn parse_urlencoded(input: &str) -> Result<Param, FormError> {
    let mut root = NodeMap::default();
    let mut fields = 0usize;
    let mut start = 0usize;
    for pair in input.split('&') {
        let pair_start = start;
        start += pair.len() + 1;
        if pair.is_empty() {
            continue;
        }
        fields += 1;
        if fields > MAX_FIELDS {
            return Err(FormError::TooManyFields { limit: MAX_FIELDS });
        }
        let (raw_key, raw_value) = match pair.split_once('=') {
            Some((k, v)) => (k, Some((v, pair_start + k.len() + 1))),
            None => (pair, None),
        };
        let key = percent_decode(raw_key, pair_start).map_err(|bad| bad.into_error(raw_key))?;
        let value = match raw_value {
            Some((raw, at)) => Some(percent_decode(raw, at).map_err(|bad| bad.into_error(&key))?),
            None => None,
        };
        let segments =
            split_key(&key, MAX_DEPTH).ok_or_else(|| FormError::TooDeep { key: quote_key(&key), limit: MAX_DEPTH })?;
        if let Some((head, rest)) = segments.split_first() {
            assign(root.slot(head), rest, value);
        }
    }
    Ok(Param::Map(root.into_map()))
}

/// Splits a field name into segments like Plug: `user[address][city]` →
/// `["user", "address", "city"]`, `tags[]` → `["tags", ""]` (an empty segment appends to a
/// list). `None` when there are more than `max` segments.
pub(super) fn split_key(key: &str, max: usize) -> Option<Vec<&str>> {
    let inner = key.strip_suffix(']').and_then(|k| k.split_once('['));
    let mut segments = Vec::new();
    match inner {
        Some((head, rest)) => {
            segments.push(head);
            for segment in rest.split("][") {
                if segments.len() == max {
                    return None;
                }
                segments.push(segment);
            }
        }
        None => segments.push(key),
    }
    Some(segments)
}

/// A malformed escape or invalid UTF-8, before we know which field to blame.
enum Bad {
    Percent(usize),
    Utf8(usize),
}

impl Bad {
    fn into_error(self, key: &str) -> FormError {
        let key = quote_key(key);
        match self {
            Bad::Percent(offset) => FormError::MalformedPercent { key, offset },
            Bad::Utf8(offset) => FormError::InvalidUtf8 { key, offset },
        }
    }
}

/// Decodes `+` and `%XX` in one name or value that starts at byte `base` of the payload.
fn percent_decode(raw: &str, base: usize) -> Result<String, Bad> {
    if !raw.bytes().any(|b| b == b'%' || b == b'+') {
        return Ok(raw.to_owned());
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                }
                _ => return Err(Bad::Percent(base + i)),
            },
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|e| Bad::Utf8(base + raw_offset(bytes, e.utf8_error().valid_up_to())))
}

fn hex(b: Option<&u8>) -> Option<u8> {
    let digit = char::from(*b?).to_digit(16)?;
    u8::try_from(digit).ok()
}

/// The offset in `raw` of the escape that produced decoded byte number `decoded`.
fn raw_offset(raw: &[u8], decoded: usize) -> usize {
    let (mut i, mut produced) = (0, 0);
    while produced < decoded && i < raw.len() {
        i += if raw[i] == b'%' { 3 } else { 1 };
        produced += 1;
    }
    i
}

/// The tree under construction: like [`Param`] but with a hash index per map, so a form with
/// many fields parses in linear time.
enum Node {
    Str(String),
    List(Vec<Node>),
    Map(NodeMap),
}

#[derive(Default)]
struct NodeMap {
    entries: Vec<(String, Node)>,
    index: HashMap<String, usize>,
}

impl NodeMap {
    /// The node for `key`, created (as an empty string, to be overwritten) when missing.
    fn slot(&mut self, key: &str) -> &mut Node {
        let i = match self.index.get(key) {
            Some(&i) => i,
            None => {
                self.index.insert(key.to_owned(), self.entries.len());
                self.entries.push((key.to_owned(), Node::Str(String::new())));
                self.entries.len() - 1
            }
        };
        &mut self.entries[i].1
    }

    /// Whether this map already holds `path` (a list element is "full" for that pair).
    /// A path that continues with `[]` never counts as present: it appends inside.
    fn holds(&self, path: &[&str]) -> bool {
        let Some((key, rest)) = path.split_first() else {
            return true;
        };
        let Some(child) = self.index.get(*key).and_then(|&i| self.entries.get(i)) else {
            return false;
        };
        match (rest.first(), &child.1) {
            (None, _) => true,
            (Some(&""), _) => false,
            (Some(_), Node::Map(map)) => map.holds(rest),
            (Some(_), _) => true,
        }
    }

    fn into_map(self) -> ParamMap {
        let mut map = ParamMap::new();
        for (key, node) in self.entries {
            map.push_new(key, node.into_param());
        }
        map
    }
}

impl Node {
    fn into_param(self) -> Param {
        match self {
            Node::Str(s) => Param::Str(s),
            Node::List(items) => Param::List(items.into_iter().map(Node::into_param).collect()),
            Node::Map(map) => Param::Map(map.into_map()),
        }
    }
}

/// Stores `value` at `path` below `slot`, reshaping `slot` when its kind conflicts (last wins).
fn assign(slot: &mut Node, path: &[&str], value: Option<String>) {
    match path.split_first() {
        None => *slot = Node::Str(value.unwrap_or_default()),
        Some((&"", rest)) => {
            if !matches!(slot, Node::List(_)) {
                *slot = Node::List(Vec::new());
            }
            if let Node::List(items) = slot {
                append(items, rest, value);
            }
        }
        Some((key, rest)) => {
            if !matches!(slot, Node::Map(_)) {
                *slot = Node::Map(NodeMap::default());
            }
            if let Node::Map(map) = slot {
                assign(map.slot(key), rest, value);
            }
        }
    }
}

/// Stores `value` at `path` inside a list (the segment before `path` was `[]`).
fn append(items: &mut Vec<Node>, path: &[&str], value: Option<String>) {
    match path.split_first() {
        None => {
            if let Some(value) = value {
                items.push(Node::Str(value));
            }
        }
        Some((&"", rest)) => {
            let mut inner = Vec::new();
            append(&mut inner, rest, value);
            items.push(Node::List(inner));
        }
        Some((key, rest)) => {
            let reuse = matches!(items.last(), Some(Node::Map(last)) if !last.holds(path));
            if !reuse {
                items.push(Node::Map(NodeMap::default()));
            }
            if let Some(Node::Map(map)) = items.last_mut() {
                assign(map.slot(key), rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(input: &str) -> Param {
        match parse_urlencoded(input) {
            Ok(p) => p,
            Err(e) => panic!("{input:?} should parse: {e}"),
        }
    }

    fn s(v: &str) -> Param {
        Param::from(v)
    }

    fn list(items: &[&str]) -> Param {
        Param::List(items.iter().map(|v| s(v)).collect())
    }

    #[test]
    fn nested_names_build_nested_maps() {
        let form = parse("user%5Bname%5D=abc&user%5Baddress%5D%5Bcity%5D=Paris&plain=1");
        assert_eq!(form.get_path(&["user", "name"]), Some(&s("abc")));
        assert_eq!(form.get_path(&["user", "address", "city"]), Some(&s("Paris")));
        assert_eq!(form.get("plain"), Some(&s("1")));
        // Order of fields is kept.
        let keys: Vec<_> = form.as_map().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["user", "plain"]);
    }

    #[test]
    fn unencoded_brackets_nest_too() {
        let form = parse("user[name]=abc&user[age]=3");
        assert_eq!(form.get_path(&["user", "age"]), Some(&s("3")));
    }

    #[test]
    fn empty_brackets_build_lists() {
        let form = parse("tags%5B%5D=a&tags%5B%5D=b&tags%5B%5D=");
        assert_eq!(form.get("tags"), Some(&list(&["a", "b", ""])));
    }

    #[test]
    fn bare_list_name_without_equals_makes_an_empty_list() {
        let form = parse("tags[]&x");
        assert_eq!(form.get("tags"), Some(&list(&[])));
        assert_eq!(form.get("x"), Some(&s("")));
    }

    #[test]
    fn list_of_maps_starts_a_new_map_when_the_key_repeats() {
        let form = parse("a[][x]=1&a[][y]=2&a[][x]=3&a[][y]=4&a[][z]=5");
        let expected = Param::List(vec![
            [("x", s("1")), ("y", s("2"))].into_iter().collect::<ParamMap>().into(),
            [("x", s("3")), ("y", s("4")), ("z", s("5"))].into_iter().collect::<ParamMap>().into(),
        ]);
        assert_eq!(form.get("a"), Some(&expected));
    }

    #[test]
    fn list_of_maps_checks_nested_keys_and_appends_inner_lists() {
        let form = parse("a[][p][q]=1&a[][p][r]=2&a[][t][]=x&a[][t][]=y&a[][p][q]=3");
        let items = form.get("a").and_then(Param::as_list).unwrap_or_default();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].get_path(&["p", "r"]), Some(&s("2")));
        assert_eq!(items[0].get("t"), Some(&list(&["x", "y"])));
        assert_eq!(items[1].get_path(&["p", "q"]), Some(&s("3")));
    }

    #[test]
    fn nested_empty_brackets_start_new_inner_lists() {
        let form = parse("m[][]=1&m[][]=2");
        assert_eq!(form.get("m"), Some(&Param::List(vec![list(&["1"]), list(&["2"])])));
    }

    #[test]
    fn repeated_plain_key_last_wins_in_first_position() {
        let form = parse("a=1&b=2&a=3");
        assert_eq!(form.get("a"), Some(&s("3")));
        let keys: Vec<_> = form.as_map().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["a", "b"]);
    }

    #[test]
    fn conflicting_shapes_later_wins() {
        let form = parse("a=1&a[b]=2");
        assert_eq!(form.get_path(&["a", "b"]), Some(&s("2")));
        let form = parse("a[b]=2&a=1");
        assert_eq!(form.get("a"), Some(&s("1")));
        let form = parse("a[]=1&a[b]=2");
        assert_eq!(form.get_path(&["a", "b"]), Some(&s("2")));
        let form = parse("a[b]=2&a[]=1");
        assert_eq!(form.get("a"), Some(&list(&["1"])));
    }

    #[test]
    fn empty_pairs_are_skipped_and_missing_equals_means_empty() {
        let form = parse("&&a=1&&b&=&");
        assert_eq!(form.get("a"), Some(&s("1")));
        assert_eq!(form.get("b"), Some(&s("")));
        assert_eq!(form.get(""), Some(&s("")));
        assert_eq!(form.as_map().map(ParamMap::len), Some(3));
        assert_eq!(parse(""), Param::Map(ParamMap::new()));
    }

    #[test]
    fn value_keeps_everything_after_the_first_equals() {
        assert_eq!(parse("a=b=c").get("a"), Some(&s("b=c")));
    }

    #[test]
    fn names_split_like_plug() {
        assert_eq!(split_key("a[b]c", 8), Some(vec!["a[b]c"]));
        assert_eq!(split_key("a[b][c]", 8), Some(vec!["a", "b", "c"]));
        assert_eq!(split_key("a[]", 8), Some(vec!["a", ""]));
        assert_eq!(split_key("a", 8), Some(vec!["a"]));
        assert_eq!(split_key("a]", 8), Some(vec!["a]"]));
        assert_eq!(split_key("a[b][c]", 2), None);
    }

    #[test]
    fn plus_and_percent_20_are_spaces_and_utf8_decodes() {
        let form = parse("q=a+b%20c&caf%C3%A9=cr%C3%A8me+br%C3%BBl%C3%A9e&lit=%2B");
        assert_eq!(form.get("q"), Some(&s("a b c")));
        assert_eq!(form.get("café"), Some(&s("crème brûlée")));
        assert_eq!(form.get("lit"), Some(&s("+")));
    }

    #[test]
    fn raw_non_ascii_passes_through() {
        assert_eq!(parse("n=żółw").get("n"), Some(&s("żółw")));
    }

    #[test]
    fn invalid_utf8_is_an_error_naming_field_and_offset() {
        let err = parse_urlencoded("ok=1&name=ab%FFc").err();
        assert_eq!(err, Some(FormError::InvalidUtf8 { key: "name".into(), offset: 12 }));
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("\"name\"") && message.contains("UTF-8"), "{message}");
        // A lone lead byte at the end, and in a name.
        assert!(matches!(parse_urlencoded("v=%C3"), Err(FormError::InvalidUtf8 { offset: 2, .. })));
        assert!(matches!(
            parse_urlencoded("a%FF=1"),
            Err(FormError::InvalidUtf8 { ref key, offset: 1 }) if key == "a%FF"
        ));
    }

    #[test]
    fn malformed_percent_is_an_error_naming_field_and_offset() {
        assert_eq!(
            parse_urlencoded("user%5Bage%5D=%zz").err(),
            Some(FormError::MalformedPercent { key: "user[age]".into(), offset: 14 })
        );
        assert_eq!(
            parse_urlencoded("a=1&b=%4").err(),
            Some(FormError::MalformedPercent { key: "b".into(), offset: 6 })
        );
        assert_eq!(parse_urlencoded("x%=1").err(), Some(FormError::MalformedPercent { key: "x%".into(), offset: 1 }));
        let message = parse_urlencoded("b=%").err().map(|e| e.to_string());
        assert_eq!(
            message.as_deref(),
            Some("form field \"b\": malformed percent-encoding at byte 2 (expected two hex digits after '%')")
        );
    }

    #[test]
    fn depth_is_capped() {
        let ok = format!("a{}=1", "[x]".repeat(MAX_DEPTH - 1));
        assert!(parse_urlencoded(&ok).is_ok());
        let deep = format!("a{}=1", "[x]".repeat(MAX_DEPTH));
        assert_eq!(
            parse_urlencoded(&deep).err(),
            Some(FormError::TooDeep { key: quote_key(&deep[..deep.len() - 2]), limit: MAX_DEPTH })
        );
        // A huge hostile name is refused quickly and quoted short.
        let hostile = format!("a{}=1", "[]".repeat(1_000_000));
        match parse_urlencoded(&hostile) {
            Err(FormError::TooDeep { key, .. }) => assert!(key.len() < 100, "{key}"),
            other => panic!("expected TooDeep, got {other:?}"),
        }
    }

    #[test]
    fn field_count_is_capped() {
        let ok = vec!["a[]=1"; MAX_FIELDS].join("&");
        assert_eq!(
            parse_urlencoded(&ok).ok().and_then(|f| f.get("a").and_then(|a| a.as_list().map(<[Param]>::len))),
            Some(MAX_FIELDS)
        );
        let too_many = format!("{ok}&b=2");
        assert_eq!(parse_urlencoded(&too_many).err(), Some(FormError::TooManyFields { limit: MAX_FIELDS }));
        // Empty pairs do not count.
        let padded = format!("{}{ok}", "&".repeat(50_000));
        assert!(parse_urlencoded(&padded).is_ok());
    }

    #[test]
    fn many_distinct_fields_parse() {
        let input: Vec<String> = (0..MAX_FIELDS).map(|i| format!("k{i}=v")).collect();
        let form = parse(&input.join("&"));
        assert_eq!(form.as_map().map(ParamMap::len), Some(MAX_FIELDS));
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_arbitrary_strings(input in ".{0,200}") {
            let _ = parse_urlencoded(&input);
        }

        #[test]
        fn parse_never_panics_on_form_like_strings(input in "[a-c%=&+\\[\\]0-9A-Fa-f\u{e9}]{0,120}") {
            let _ = parse_urlencoded(&input);
        }

        #[test]
        fn serializer_output_round_trips(
            fields in proptest::collection::btree_map("[a-zA-Z0-9]{1,12}", any::<String>(), 0..12)
        ) {
            let mut encoded = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &fields {
                encoded.append_pair(k, v);
            }
            let encoded = encoded.finish();
            let parsed = parse_urlencoded(&encoded);
            prop_assert!(parsed.is_ok(), "{:?}", parsed);
            let parsed = parsed.unwrap_or(Param::Map(ParamMap::new()));
            let map = parsed.as_map().cloned().unwrap_or_default();
            prop_assert_eq!(map.len(), fields.len());
            for (k, v) in &fields {
                prop_assert_eq!(map.get(k).and_then(Param::as_str), Some(v.as_str()));
            }
        }
    }
}
