//! Upstream issue #3529: `test/e2e/support/issues/issue_3529.ex` + `tests/issues/3529.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
