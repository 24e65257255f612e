//! Upstream issue #4027: `test/e2e/support/issues/issue_4027.ex` + `tests/issues/4027.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
