//! The LiveView model, free of I/O.
//!
//! - [`rendered`]: the `Rendered` tree that `html!` produces;
//! - [`diff`]: full-render and diff encoding in the phoenix_live_view 1.2 wire format;
//! - [`client`]: the official client's merge algorithm, for tests and the user test harness;
//! - [`escape`], [`json`]: escaping for HTML and JSON.

pub mod client;
pub mod diff;
pub mod escape;
pub mod json;
pub mod rendered;

pub use rendered::{Comprehension, Dynamic, Entry, Rendered, Template, raw};
