//! Upstream group `support/colocated_live.ex + tests/colocated.spec.js`: `/colocated` (outside any live_session, own layout).
//!
//! Not ported yet: adds no routes. A porter adds the views here and their routes in
//! [`routes`] (see the parent module for how).

use super::routes::Routes;

/// Adds this group's routes (none yet).
pub fn routes(_r: &mut Routes) {}
