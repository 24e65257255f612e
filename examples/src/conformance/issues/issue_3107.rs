//! Upstream issue #3107: `test/e2e/support/issues/issue_3107.ex` + `tests/issues/3107.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
