//! HTML void elements (`<br>`, `<input>`, ...): no content and no closing tag. The parser and
//! the analysis both need to know them.

/// HTML void elements.
const VOID_ELEMENTS: [&str; 13] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Whether `name` is a void element (ASCII case-insensitive, like HTML).
pub(crate) fn is_void(name: &str) -> bool {
    VOID_ELEMENTS.iter().any(|void| void.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn void_elements_are_case_insensitive() {
        assert!(is_void("br") && is_void("BR") && is_void("Input"));
        assert!(!is_void("div") && !is_void("brr"));
    }
}
