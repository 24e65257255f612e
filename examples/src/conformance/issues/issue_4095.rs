//! Upstream issue #4095: `test/e2e/support/issues/issue_4095.ex` + `tests/issues/4095.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
