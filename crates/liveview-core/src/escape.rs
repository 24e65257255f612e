//! HTML escaping, identical for the dead render and for live diffs.
//!
//! The entities match Phoenix (`Plug.HTML`): `&amp; &lt; &gt; &quot; &#39;`, so the same
//! string escapes to the same bytes whether it travels in a page or in a websocket frame.

/// Appends `text` to `out`, escaping `& < > " '`.
///
/// Safe in both text and (double- or single-quoted) attribute positions.
///
/// ```
/// let mut out = String::new();
/// liveview_core::escape::escape_into(&mut out, r#"<a href="x">&'"#);
/// assert_eq!(out, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
/// ```
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `i` is the index of an ASCII byte, so both slices fall on char boundaries.
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Returns `text` escaped as a new string (see [`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character_and_keeps_unicode() {
        assert_eq!(escape("a<b>c&d\"e'f"), "a&lt;b&gt;c&amp;d&quot;e&#39;f");
        assert_eq!(escape("héllo 🌍"), "héllo 🌍");
        assert_eq!(escape(""), "");
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
