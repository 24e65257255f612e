//! Event payloads: `phx-value-*` maps, url-encoded forms and hook JSON, decoded into the
//! handler's types.
//!
//! Phoenix sends three shapes of `value` in an `event` message (protocol §5.1):
//!
//! - click, key, focus, blur: a JSON object of strings (`{"value":"","id":"3"}`) →
//!   [`from_json`] → [`decode`];
//! - forms (`type: "form"`): a url-encoded string plus `meta` (`{"_target":"user[name]"}`) →
//!   [`form_payload`] or [`FormEvent`] → [`decode`];
//! - hooks (`pushEvent`): arbitrary JSON → [`decode_json`] (strict `serde_json`).
//!
//! The first two become a [`Param`] tree (what `Plug.Conn.Query.decode/1` builds in Elixir),
//! whose leaves are all strings. [`decode`] reads it leniently, the way handlers want:
//!
//! | target type | accepts |
//! |---|---|
//! | integers, floats | a string that parses (`"3"`); errors carry Rust's message (`invalid digit found in string`) |
//! | `bool` | `"true"`/`"on"`/`"1"`/`"yes"`, `"false"`/`"off"`/`"0"`/`"no"`/`""` (any ASCII case); an absent field needs `#[serde(default)]` |
//! | `Option<T>` | `""` → `None` for every `T`, `String` included (like Ecto's `empty_values`); absent → `None` |
//! | `Vec<T>`, tuples | a list, a single string (one element), or a map keyed `0`, `1`, … (`inputs_for`) |
//! | structs, maps | a map; unknown fields are ignored unless `#[serde(deny_unknown_fields)]` |
//! | enums | a unit variant's name (`"admin"`), or `{variant: content}` |
//! | `serde_json::Value` | strings, arrays and objects as they are |
//!
//! `Option<String>` maps `""` to `None` because serde does not tell a deserializer what `T`
//! is; use `String` (with `#[serde(default)]` if it may be absent) to keep empty strings.
//! Types that buffer through `deserialize_any` (`#[serde(flatten)]`, internally tagged or
//! untagged enums) see plain strings, so numbers inside them do not coerce.
//!
//! Form payloads also carry `_target` and the client's `_unused_*` markers (see
//! [`is_unused`]) as ordinary keys: avoid `deny_unknown_fields` on the top-level form type.
//!
//! ```
//! use liveview_core::form;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Signup {
//!     user: User,
//! }
//!
//! #[derive(Deserialize)]
//! struct User {
//!     name: String,
//!     age: u32,
//!     #[serde(default)]
//!     newsletter: bool,
//! }
//!
//! let meta = serde_json::json!({"_target": "user[age]"});
//! let tree = form::form_payload("user%5Bname%5D=Ann&user%5Bage%5D=36&user%5Bnewsletter%5D=on", Some(&meta))?;
//! let signup: Signup = form::decode(&tree)?;
//! assert_eq!((signup.user.name.as_str(), signup.user.age, signup.user.newsletter), ("Ann", 36, true));
//!
//! let bad = form::form_payload("user%5Bname%5D=Ann&user%5Bage%5D=old", None)?;
//! let err = form::decode::<Signup>(&bad).err().map(|e| e.to_string());
//! assert_eq!(err.as_deref(), Some("user.age: invalid digit found in string"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod de;
mod error;
mod event;
mod param;
mod urlencoded;

pub use de::{decode, decode_json};
pub use error::{DecodeError, FormError};
pub use event::{FormEvent, Unused, form_payload, is_unused, target_path};
pub use param::{Entries, Param, ParamMap, from_json};
pub use urlencoded::{MAX_DEPTH, MAX_FIELDS, parse_urlencoded};
