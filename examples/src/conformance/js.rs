//! Upstream group `support/js_live.ex + tests/js.spec.js`: `/js` (live_session `default`).
//!
//! Not ported yet: adds no routes. A porter adds the views here and their routes in
//! [`routes`] (see the parent module for how).

use super::routes::Routes;

/// Adds this group's routes (none yet).
pub fn routes(_r: &mut Routes) {}
