//! Upstream issue #2835: `test/e2e/support/issues/issue_2835.ex` + `tests/issues/2835.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
