//! Upstream group `support/portal.ex + tests/portal.spec.js`: `/portal` (live_session `default`, with a root layout of its own: give the route `PageOptions::layout`).
//!
//! Not ported yet: adds no routes. A porter adds the views here and their routes in
//! [`routes`] (see the parent module for how).

use super::routes::Routes;

/// Adds this group's routes (none yet).
pub fn routes(_r: &mut Routes) {}
