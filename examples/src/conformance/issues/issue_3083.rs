//! Upstream issue #3083: `test/e2e/support/issues/issue_3083.ex` + `tests/issues/3083.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
