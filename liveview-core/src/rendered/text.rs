//! [`Text`]: the value of a text slot, stored inline when short.
//!
//! Most dynamic slots of a page are short (numbers, ids, names, class lists): a 1000-row list
//! has thousands of them and re-renders every one on each event. Keeping up to
//! [`Text::INLINE`] bytes inside the value itself means rendering such a slot allocates
//! nothing, dropping the old tree frees nothing per slot, and comparing two slots is a
//! comparison of two 24-byte values.

use std::fmt;
use std::ops::Deref;

/// Bytes stored inline (the rest of the 24-byte value is the length and the variant tag).
const INLINE: usize = 22;

/// Immutable HTML text of one slot (already escaped, or deliberately raw).
///
/// 24 bytes: strings up to 22 bytes are stored inline, longer ones in one heap allocation.
/// Every constructor picks the inline form whenever the text fits, so equal texts always have
/// equal representations and comparison is a plain field comparison.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Text(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// The text is `bytes[INLINE - len..]` (right-aligned, so integers are formatted in place,
    /// last digit first); the bytes before it are zero.
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Heap(Box<str>),
}

/// "00" to "99", for formatting integers two digits at a time.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

impl Text {
    /// How many bytes are stored without a heap allocation.
    pub const INLINE: usize = INLINE;

    /// The empty text.
    pub const fn empty() -> Self {
        Text(Repr::Inline { len: 0, bytes: [0; INLINE] })
    }

    /// Copies `s` (no allocation when it is at most [`Text::INLINE`] bytes long).
    #[inline]
    pub fn new(s: &str) -> Self {
        if s.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[INLINE - s.len()..].copy_from_slice(s.as_bytes());
            Text(Repr::Inline { len: s.len() as u8, bytes })
        } else {
            Text(Repr::Heap(s.into()))
        }
    }

    /// The text as a string slice.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes were copied from a `&str` of exactly this length, so they are UTF-8;
            // the check costs a few nanoseconds per access (equality compares the raw fields).
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[INLINE - usize::from(*len)..]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }

    /// The decimal digits of `n`, formatted in place (never allocates: 20 digits fit inline).
    #[inline]
    pub fn from_u64(n: u64) -> Self {
        let mut bytes = [0; INLINE];
        let start = write_digits(&mut bytes, n);
        Text(Repr::Inline { len: (INLINE - start) as u8, bytes })
    }

    /// `n` in decimal with a leading `-` when negative (never allocates).
    #[inline]
    pub fn from_i64(n: i64) -> Self {
        let mut bytes = [0; INLINE];
        let mut start = write_digits(&mut bytes, n.unsigned_abs());
        if n < 0 {
            start -= 1;
            bytes[start] = b'-';
        }
        Text(Repr::Inline { len: (INLINE - start) as u8, bytes })
    }

    /// Whether the text is stored inline (no heap allocation).
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline { .. })
    }
}

/// Writes the digits of `n` at the end of `out`; returns the index of the first digit.
#[inline]
fn write_digits(out: &mut [u8; INLINE], mut n: u64) -> usize {
    let mut at = INLINE;
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        at -= 2;
        out[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        at -= 2;
        out[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        at -= 1;
        out[at] = b'0' + n as u8;
    }
    at
}

impl Default for Text {
    fn default() -> Self {
        Text::empty()
    }
}

impl Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s)
    }
}

impl From<String> for Text {
    /// Short strings move inline (the buffer is freed); long ones keep their allocation
    /// (shrunk to fit).
    fn from(s: String) -> Self {
        if s.len() <= INLINE { Text::new(&s) } else { Text(Repr::Heap(s.into_boxed_str())) }
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_inline_and_equal_texts_compare_equal_whatever_their_origin() {
        assert_eq!(std::mem::size_of::<Text>(), 24);
        for s in ["", "a", "héllo 🌍", "exactly twenty-two b.", "exactly twenty-two by", "twenty-three bytes long"] {
            let a = Text::new(s);
            let b = Text::from(s.to_owned());
            assert_eq!(a, b, "{s:?}");
            assert_eq!(a.as_str(), s);
            assert_eq!(a.is_inline(), s.len() <= Text::INLINE, "{s:?}");
        }
        assert_ne!(Text::new("a"), Text::new("b"));
        assert_ne!(Text::new(""), Text::new("\0"));
        assert_eq!(Text::default(), Text::new(""));
    }

    #[test]
    fn integers_format_in_place_like_display() {
        let unsigned = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, 99_999_999, u64::from(u32::MAX), u64::MAX];
        for n in unsigned {
            let t = Text::from_u64(n);
            assert_eq!(t, Text::new(&n.to_string()));
            assert!(t.is_inline());
        }
        for n in [0, -1, 1, -9, -10, 42, -100, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(Text::from_i64(n), Text::new(&n.to_string()), "{n}");
        }
    }
}
