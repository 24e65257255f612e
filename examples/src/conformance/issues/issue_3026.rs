//! Upstream issue #3026: `test/e2e/support/issues/issue_3026.ex` + `tests/issues/3026.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
