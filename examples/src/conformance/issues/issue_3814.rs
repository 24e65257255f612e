//! Upstream issue #3814: `test/e2e/support/issues/issue_3814.ex` + `tests/issues/3814.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
