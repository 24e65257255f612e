//! Upstream `test/e2e/support/issues/*.ex` + `tests/issues/*.spec.js`: one small view per
//! reported bug, one module per issue here (`issue_3194.rs` for `/issues/3194`, …).
//!
//! To port an issue: add `pub mod issue_NNNN;` below and its `routes` to [`ISSUES`]. Its
//! routes go where upstream has them: most in live_session `default` under `/issues/NNNN`;
//! `/issues/3686/c` in `other`; `/issues/2965`, `3047`, `3169`, `3530`, `3647`, `3681`,
//! `3941`, `4078` outside any live_session. `/issues/3199` has a container attribute
//! (`PageOptions::container_attr("phx-remove", ..)`); pages with upstream's `pre_script` or
//! `render_in_root` get `PageOptions::layout(layout::live_with(..))`.
//!
//! None is ported yet.

use super::routes::Routes;

/// Every ported issue, in upstream's router order.
pub const ISSUES: &[fn(&mut Routes)] = &[];

/// Adds the routes of every ported issue.
pub fn routes(r: &mut Routes) {
    for issue in ISSUES {
        issue(r);
    }
}
