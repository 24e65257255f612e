//! Scraping a dead render: the LiveView container's id and tokens, and the CSRF meta tag.
//!
//! A small tolerant tag scanner, not an HTML parser: it walks start tags, reads their attributes
//! (quoted or not, in any order), skips the raw text of `<script>` and `<style>`, and decodes the
//! few character references a server puts in attribute values.

use std::fmt;

/// What a LiveView page hands to the client for joining its main view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTokens {
    /// The container's `id`; the channel topic is `lv:<id>`.
    pub id: String,
    /// `data-phx-session`, sent back verbatim as `session`.
    pub session: String,
    /// `data-phx-static`, sent back as `static` (`null` when empty, like the official client).
    pub static_token: String,
    /// `<meta name="csrf-token" content="…">`, if the page has one.
    pub csrf: Option<String>,
}

/// Why a page could not be scraped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScrapeError {
    /// No element carries `data-phx-session`.
    NoContainer,
    /// The container has no (or an empty) `id`.
    NoId,
}

impl fmt::Display for ScrapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScrapeError::NoContainer => f.write_str("no LiveView container (data-phx-session) on the page"),
            ScrapeError::NoId => f.write_str("the LiveView container has no id"),
        }
    }
}

impl std::error::Error for ScrapeError {}

/// One start tag: lower-cased name and its attributes (names lower-cased, values decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Tag name, lower case.
    pub name: String,
    /// Attributes in document order.
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `name` (first occurrence).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Finds the main LiveView container (a root container with `data-phx-main` is preferred over
/// the first root container) and the CSRF meta tag.
pub fn scrape(html: &str) -> Result<PageTokens, ScrapeError> {
    let mut csrf = None;
    let mut first_root: Option<Tag> = None;
    let mut main: Option<Tag> = None;
    for tag in tags(html) {
        if tag.name == "meta" && tag.attr("name") == Some("csrf-token") {
            if csrf.is_none() {
                csrf = tag.attr("content").map(str::to_owned);
            }
            continue;
        }
        if tag.attr("data-phx-session").is_some() && tag.attr("data-phx-parent-id").is_none() {
            if main.is_none() && tag.attr("data-phx-main").is_some() {
                main = Some(tag.clone());
            }
            if first_root.is_none() {
                first_root = Some(tag);
            }
        }
    }
    let c = main.or(first_root).ok_or(ScrapeError::NoContainer)?;
    let id = c.attr("id").filter(|s| !s.is_empty()).ok_or(ScrapeError::NoId)?.to_owned();
    Ok(PageTokens {
        id,
        session: c.attr("data-phx-session").unwrap_or_default().to_owned(),
        static_token: c.attr("data-phx-static").unwrap_or_default().to_owned(),
        csrf,
    })
}

/// All start tags of a document, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        if i == start {
            continue; // `</x>`, `<!doctype>`, a stray `<`
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        // Attributes until `>`.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            let n0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let aname = html[n0..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i] as char;
                    let v0 = i + 1;
                    let v1 = html[v0..].find(q).map_or(b.len(), |e| v0 + e);
                    value = decode_entities(&html[v0..v1]);
                    i = (v1 + 1).min(b.len());
                } else {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&html[v0..i]);
                }
            }
            if !aname.is_empty() {
                attrs.push((aname, value));
            }
        }
        let raw_text = name == "script" || name == "style";
        let close = format!("</{name}");
        out.push(Tag { name, attrs });
        if raw_text {
            let lower = html[i..].to_ascii_lowercase();
            i = lower.find(&close).map_or(b.len(), |e| i + e);
        }
    }
    out
}

/// Decodes the character references servers use in attribute values.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let ch = match ent {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => {
                let num = if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = ent.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                num.and_then(char::from_u32)
            }
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ours() {
        let html = "<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\">\n<meta name=\"csrf-token\" content=\"abc&amp;1\">\n\
            <script type=\"importmap\">{\"imports\":{\"a\":\"<div data-phx-session=x id=bad>\"}}</script>\n</head><body>\n\
            <div id=\"phx-F1\" data-phx-main data-phx-session=\"SESS.x-y_z\" data-phx-static=\"ST\"><main><span id=\"count\">0</span></main></div>\n</body></html>";
        let t = scrape(html).unwrap();
        assert_eq!(t.id, "phx-F1");
        assert_eq!(t.session, "SESS.x-y_z");
        assert_eq!(t.static_token, "ST");
        assert_eq!(t.csrf.as_deref(), Some("abc&1"));
    }

    #[test]
    fn liveviewjs_attribute_order() {
        let html = r#"<head><meta name="csrf-token" content="qY6sIppc" /></head><body>
    <div
      data-phx-main="true"
      data-phx-session="eyJh.eyJj.TOn"
      data-phx-static=""
      id="phx-l_LZXAEt2iXG7vm9hrPiL">
    <div id="counter"></div></div></body>"#;
        let t = scrape(html).unwrap();
        assert_eq!(t.id, "phx-l_LZXAEt2iXG7vm9hrPiL");
        assert_eq!(t.session, "eyJh.eyJj.TOn");
        assert_eq!(t.static_token, "");
        assert_eq!(t.csrf.as_deref(), Some("qY6sIppc"));
    }

    #[test]
    fn prefers_main_and_skips_children() {
        let html = r#"<div id="child" data-phx-session="c" data-phx-parent-id="m"></div>
            <div id='other' data-phx-session='o'></div><div id=m data-phx-main data-phx-session=s></div>"#;
        assert_eq!(scrape(html).unwrap().id, "m");
        let html = r#"<div id="other" data-phx-session="o"></div>"#;
        assert_eq!(scrape(html).unwrap().id, "other");
    }

    #[test]
    fn errors() {
        assert_eq!(scrape("<html><body>nope</body></html>"), Err(ScrapeError::NoContainer));
        assert_eq!(scrape("<div data-phx-session=\"s\"></div>"), Err(ScrapeError::NoId));
        assert_eq!(scrape("<div data-phx-session=\"s"), Err(ScrapeError::NoId));
        assert_eq!(scrape("<"), Err(ScrapeError::NoContainer));
        assert_eq!(
            scrape("<div id=\"x\" data-phx-session"),
            Ok(PageTokens { id: "x".into(), session: String::new(), static_token: String::new(), csrf: None })
        );
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a&quot;b&#39;c&#x27;d&lt;&gt;&bogus;&"), "a\"b'c'd<>&bogus;&");
        assert_eq!(decode_entities("plain"), "plain");
    }
}
