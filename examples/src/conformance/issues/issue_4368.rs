//! Upstream issue #4368: `test/e2e/support/issues/issue_4368.ex` + `tests/issues/4368.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
