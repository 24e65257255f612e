//! Upstream issue #2965: `test/e2e/support/issues/issue_2965.ex` + `tests/issues/2965.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
