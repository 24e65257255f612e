//! Minimal JSON writing straight into a `String` (no intermediate `serde_json::Value`).

/// Appends `s` as a JSON string literal (quotes included).
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    write_str_body(out, s);
    out.push('"');
}

/// Appends the attribute ` name="value"` (`value` already HTML-escaped) as a JSON string
/// literal, without building it first.
pub fn write_attr_str(out: &mut String, name: &str, value: &str) {
    out.push_str("\" ");
    write_str_body(out, name);
    out.push_str("=\\\"");
    write_str_body(out, value);
    out.push_str("\\\"\"");
}

/// Appends `s` JSON-escaped, without quotes.
fn write_str_body(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => {
                out.push_str(&s[start..i]);
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xf) as usize] as char);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(esc);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Appends an unsigned integer.
pub fn write_uint(out: &mut String, n: u64) {
    let mut buf = itoa::Buffer::new();
    out.push_str(buf.format(n));
}

/// Appends `"key":` where key is an unsigned integer (slot and entry indices).
pub fn write_index_key(out: &mut String, n: usize) {
    out.push('"');
    write_uint(out, n as u64);
    out.push_str("\":");
}

/// Appends a comma unless this is the first member of an object or array.
#[inline]
pub fn comma(out: &mut String, first: &mut bool) {
    if *first {
        *first = false;
    } else {
        out.push(',');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_through_serde_json() {
        for s in ["", "plain", "q\"uote", "back\\slash", "nl\n\r\t", "\u{1}\u{1f}", "é🌍</script>"] {
            let mut out = String::new();
            write_str(&mut out, s);
            let back: String = serde_json::from_str(&out).unwrap();
            assert_eq!(back, s);
        }
    }
}
