//! Upstream issue #3636: `test/e2e/support/issues/issue_3636.ex` + `tests/issues/3636.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
