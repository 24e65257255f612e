//! HTML escaping, identical for the dead render and for live diffs.
//!
//! The entities match Phoenix (`Plug.HTML`): `&amp; &lt; &gt; &quot; &#39;`, so the same
//! string escapes to the same bytes whether it travels in a page or in a websocket frame.
//!
//! `liveview-macros` compiles this very file to escape `html!` text literals at expansion time
//! (see its `html` module), so static and dynamic text are escaped by one implementation. Keep
//! it free of dependencies, `crate::` paths included.

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
    // Most text has nothing to escape: find the first special byte with a table lookup per
    // byte, and copy everything before it in one go.
    let Some(first) = bytes.iter().position(|&b| SPECIAL[usize::from(b)]) else {
        out.push_str(text);
        return;
    };
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
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

/// Whether a byte needs escaping.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Whether `text` contains a byte that [`escape_into`] replaces.
#[inline]
pub fn needs_escape(text: &str) -> bool {
    text.bytes().any(|b| SPECIAL[usize::from(b)])
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
