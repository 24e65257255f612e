//! Upstream issue #4359: `test/e2e/support/issues/issue_4359.ex` + `tests/issues/4359.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
