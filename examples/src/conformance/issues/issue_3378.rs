//! Upstream issue #3378: `test/e2e/support/issues/issue_3378.ex` + `tests/issues/3378.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
