//! [`StreamOps`]: what one render of a stream tells the client (protocol.md §10), the
//! `"stream"` entry `[ref, inserts, deletes(, true)]` of its comprehension.
//!
//! Only the operations live here, never the items: the items' HTML is the comprehension's
//! entries, which are sent once and then dropped (see `tree`).

/// One insert: where the item with this DOM id goes, and the limit applied after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamInsert {
    /// The DOM id of the item's root element.
    pub dom_id: String,
    /// `-1` append, `0` prepend, `n ≥ 1` at index n.
    pub at: i64,
    /// Children kept after the insert: `Some(n)` the first n, `Some(-n)` the last n.
    pub limit: Option<i64>,
    /// Only update an element that already exists; never add one.
    pub update_only: bool,
}

/// The operations one render sends for one stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamOps {
    /// The stream's ref (unique in the process, so unique in every view and component).
    pub id: u64,
    /// Inserts in client order; at most one per DOM id.
    pub inserts: Vec<StreamInsert>,
    /// DOM ids to remove.
    pub deletes: Vec<String>,
    /// Remove every item of the stream first.
    pub reset: bool,
}

impl StreamOps {
    /// No operations for stream `id`.
    pub fn new(id: u64) -> Self {
        StreamOps { id, ..StreamOps::default() }
    }

    /// Whether the client has anything to do.
    pub fn is_empty(&self) -> bool {
        self.inserts.is_empty() && self.deletes.is_empty() && !self.reset
    }
}

/// The innermost element still open at the end of `html` (its opening tag, `<ul id=…>`), for the
/// debug-build check that a stream renders inside its container.
#[cfg(debug_assertions)]
pub(super) fn enclosing_open_tag(html: &str) -> Option<&str> {
    const VOID: [&str; 13] =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
    let mut open: Vec<(&str, &str)> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        // The tag ends at the first `>` outside quotes.
        let mut quote = None;
        let end = rest.char_indices().skip(1).find_map(|(i, c)| match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                None
            }
            (Some(q), c) if c == q => {
                quote = None;
                None
            }
            (None, '>') => Some(i),
            _ => None,
        });
        let Some(end) = end else { break };
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        let name_of = |t: &'static str, s: &str| -> String {
            s[t.len()..]
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        };
        if tag.starts_with("</") {
            let name = name_of("</", tag);
            if let Some(i) = open.iter().rposition(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                open.truncate(i);
            }
        } else if !tag.starts_with("<!") {
            let name = name_of("<", tag);
            if !VOID.contains(&name.as_str()) && !tag.ends_with("/>") {
                let name_len = name.len();
                open.push((&tag[1..1 + name_len], tag));
            }
        }
    }
    open.last().map(|(_, tag)| *tag)
}

/// The value of attribute `name` in the opening tag `tag` (`Some("")` for a bare attribute).
#[cfg(debug_assertions)]
pub(super) fn attr_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag.trim_start_matches('<');
    // Skip the tag name.
    rest = rest.trim_start_matches(|c: char| !c.is_whitespace() && c != '>');
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
            return None;
        }
        let key_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    rest = after.get(close + 1..).unwrap_or("");
                    &after[1..close]
                }
                _ => {
                    let end = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                    rest = &after[end..];
                    &after[..end]
                }
            }
        } else {
            ""
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

#[cfg(all(test, debug_assertions))]
mod tests {
    use super::*;

    #[test]
    fn the_enclosing_tag_skips_closed_void_and_commented_elements() {
        let html = r#"<div id="a"><ul id="items" phx-update="stream" title="a > b"><!-- <p> --><br><li>x</li><img/>"#;
        let tag = enclosing_open_tag(html).unwrap();
        assert!(tag.starts_with("<ul"), "{tag}");
        assert_eq!(attr_value(tag, "phx-update"), Some("stream"));
        assert_eq!(attr_value(tag, "id"), Some("items"));
        assert_eq!(attr_value(tag, "title"), Some("a > b"));
        assert_eq!(attr_value(tag, "class"), None);
        assert_eq!(enclosing_open_tag("<p>x</p>"), None);
        assert!(enclosing_open_tag("<div><p></p>").unwrap().starts_with("<div"));
    }
}
