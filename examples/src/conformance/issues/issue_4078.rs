//! Upstream issue #4078: `test/e2e/support/issues/issue_4078.ex` + `tests/issues/4078.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
