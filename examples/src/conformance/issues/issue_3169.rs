//! Upstream issue #3169: `test/e2e/support/issues/issue_3169.ex` + `tests/issues/3169.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
