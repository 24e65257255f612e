//! Upstream issue #4350: `test/e2e/support/issues/issue_4350.ex` + `tests/issues/4350.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
