//! Upstream issue #4088: `test/e2e/support/issues/issue_4088.ex` + `tests/issues/4088.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
