//! Upstream issue #3194: `test/e2e/support/issues/issue_3194.ex` + `tests/issues/3194.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
