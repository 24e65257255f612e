//! Upstream `test/e2e/support/issues/*.ex` + `tests/issues/*.spec.js`: one small view per
//! reported bug, one module per issue here (`issue_3194.rs` for `/issues/3194`, …).
//!
//! Every issue has its module here, listed in [`ISSUES`]; a porter fills in its file. Its
//! routes go where upstream has them: most in live_session `default` under `/issues/NNNN`;
//! `/issues/3686/c` in `other`; `/issues/2965`, `3047`, `3169`, `3530`, `3647`, `3681`,
//! `3941`, `4078` outside any live_session. `/issues/3199` has a container attribute
//! (`PageOptions::container_attr("phx-remove", ..)`); pages with upstream's `pre_script` or
//! `render_in_root` get `PageOptions::layout(layout::live_with(..))`.
//!
//! A module that adds no routes is not ported yet.

pub mod issue_2787;
pub mod issue_2835;
pub mod issue_2965;
pub mod issue_3026;
pub mod issue_3040;
pub mod issue_3047;
pub mod issue_3083;
pub mod issue_3107;
pub mod issue_3117;
pub mod issue_3169;
pub mod issue_3194;
pub mod issue_3199;
pub mod issue_3200;
pub mod issue_3319;
pub mod issue_3368;
pub mod issue_3378;
pub mod issue_3391;
pub mod issue_3448;
pub mod issue_3496;
pub mod issue_3529;
pub mod issue_3530;
pub mod issue_3612;
pub mod issue_3636;
pub mod issue_3647;
pub mod issue_3651;
pub mod issue_3656;
pub mod issue_3658;
pub mod issue_3681;
pub mod issue_3684;
pub mod issue_3686;
pub mod issue_3709;
pub mod issue_3719;
pub mod issue_3814;
pub mod issue_3819;
pub mod issue_3919;
pub mod issue_3931;
pub mod issue_3941;
pub mod issue_3953;
pub mod issue_3979;
pub mod issue_4027;
pub mod issue_4066;
pub mod issue_4078;
pub mod issue_4088;
pub mod issue_4094;
pub mod issue_4095;
pub mod issue_4102;
pub mod issue_4107;
pub mod issue_4121;
pub mod issue_4147;
pub mod issue_4209;
pub mod issue_4212;
pub mod issue_4290;
pub mod issue_4323;
pub mod issue_4325;
pub mod issue_4334;
pub mod issue_4350;
pub mod issue_4359;
pub mod issue_4368;

use super::routes::Routes;

/// Every ported issue, in upstream's router order.
pub const ISSUES: &[fn(&mut Routes)] = &[
    issue_2787::routes,
    issue_2835::routes,
    issue_2965::routes,
    issue_3026::routes,
    issue_3040::routes,
    issue_3047::routes,
    issue_3083::routes,
    issue_3107::routes,
    issue_3117::routes,
    issue_3169::routes,
    issue_3194::routes,
    issue_3199::routes,
    issue_3200::routes,
    issue_3319::routes,
    issue_3368::routes,
    issue_3378::routes,
    issue_3391::routes,
    issue_3448::routes,
    issue_3496::routes,
    issue_3529::routes,
    issue_3530::routes,
    issue_3612::routes,
    issue_3636::routes,
    issue_3647::routes,
    issue_3651::routes,
    issue_3656::routes,
    issue_3658::routes,
    issue_3681::routes,
    issue_3684::routes,
    issue_3686::routes,
    issue_3709::routes,
    issue_3719::routes,
    issue_3814::routes,
    issue_3819::routes,
    issue_3919::routes,
    issue_3931::routes,
    issue_3941::routes,
    issue_3953::routes,
    issue_3979::routes,
    issue_4027::routes,
    issue_4066::routes,
    issue_4078::routes,
    issue_4088::routes,
    issue_4094::routes,
    issue_4095::routes,
    issue_4102::routes,
    issue_4107::routes,
    issue_4121::routes,
    issue_4147::routes,
    issue_4209::routes,
    issue_4212::routes,
    issue_4290::routes,
    issue_4323::routes,
    issue_4325::routes,
    issue_4334::routes,
    issue_4350::routes,
    issue_4359::routes,
    issue_4368::routes,
];

/// Adds the routes of every ported issue.
pub fn routes(r: &mut Routes) {
    for issue in ISSUES {
        issue(r);
    }
}
