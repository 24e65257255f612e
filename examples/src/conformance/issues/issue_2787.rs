//! Upstream issue #2787: `test/e2e/support/issues/issue_2787.ex` + `tests/issues/2787.spec.js`.
//!
//! Not ported yet: adds no routes.

use crate::conformance::routes::Routes;

/// Adds this routes (none yet).
pub fn routes(_r: &mut Routes) {}
