//! The two errors of this module: a malformed form ([`FormError`]) and a payload that does not
//! fit the handler's type ([`DecodeError`]).

use std::fmt;

/// Longest field name quoted in a [`FormError`], in bytes; longer names are cut (with `…`) so a
/// hostile client cannot flood the logs.
const MAX_QUOTED_KEY: usize = 64;

/// Why an `application/x-www-form-urlencoded` form payload was refused.
///
/// Field names are quoted as decoded when possible, as sent (still percent-encoded) when the
/// name itself is malformed, and cut to 64 bytes. Offsets count bytes from the start of the
/// whole payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormError {
    /// A `%` not followed by two hexadecimal digits (`%zz`, a truncated `%4`).
    #[error("form field {key:?}: malformed percent-encoding at byte {offset} (expected two hex digits after '%')")]
    MalformedPercent {
        /// The field whose name or value holds the bad escape.
        key: String,
        /// Byte offset of the `%` in the payload.
        offset: usize,
    },
    /// Percent-decoded bytes that are not UTF-8 (`%FF`, a lone `%C3`).
    #[error("form field {key:?}: percent-decoded bytes at byte {offset} are not valid UTF-8")]
    InvalidUtf8 {
        /// The field whose name or value holds the bad bytes.
        key: String,
        /// Byte offset in the payload of the escape that starts the invalid sequence.
        offset: usize,
    },
    /// A field name with more `[…]` segments than the limit ([`MAX_DEPTH`](super::MAX_DEPTH)).
    #[error("form field {key:?}: nested deeper than {limit} levels")]
    TooDeep {
        /// The field name.
        key: String,
        /// The limit that was exceeded.
        limit: usize,
    },
    /// More `name=value` pairs than the limit ([`MAX_FIELDS`](super::MAX_FIELDS)).
    #[error("form has more than {limit} fields")]
    TooManyFields {
        /// The limit that was exceeded.
        limit: usize,
    },
}

/// Cuts a field name for quoting in an error (on a char boundary).
pub(super) fn quote_key(key: &str) -> String {
    if key.len() <= MAX_QUOTED_KEY {
        return key.to_owned();
    }
    let mut end = MAX_QUOTED_KEY;
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &key[..end])
}

/// Why an event payload did not decode into the handler's type.
///
/// Displays as `"{path}: {message}"` (`user.age: invalid digit found in string`), or just the
/// message when the error is about the payload as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// A value did not fit the target type (wrong shape, unparsable number, missing field...).
    #[error("{}{message}", PathPrefix(path))]
    Invalid {
        /// Where in the payload, as `serde_path_to_error` prints it (`user.tags[2]`); empty
        /// for the payload as a whole.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// The url-encoded form itself was malformed.
    #[error(transparent)]
    Form(#[from] FormError),
}

impl DecodeError {
    /// The path of the offending field (`user.age`, `tags[1]`); empty when the error is about
    /// the payload as a whole or the form was malformed.
    pub fn path(&self) -> &str {
        match self {
            DecodeError::Invalid { path, .. } => path,
            DecodeError::Form(_) => "",
        }
    }

    /// Attaches the path reported by `serde_path_to_error` (`.` means the root).
    pub(super) fn at(path: &serde_path_to_error::Path, inner: DecodeError) -> DecodeError {
        match inner {
            DecodeError::Invalid { message, .. } => DecodeError::Invalid { path: render_path(path), message },
            form @ DecodeError::Form(_) => form,
        }
    }
}

/// `serde_path_to_error` prints the root as `.`; we print it as nothing.
pub(super) fn render_path(path: &serde_path_to_error::Path) -> String {
    let path = path.to_string();
    if path == "." { String::new() } else { path }
}

impl serde::de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DecodeError::Invalid { path: String::new(), message: msg.to_string() }
    }
}

/// Writes `"{path}: "`, or nothing for an empty path.
struct PathPrefix<'a>(&'a str);

impl fmt::Display for PathPrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() { Ok(()) } else { write!(f, "{}: ", self.0) }
    }
}
