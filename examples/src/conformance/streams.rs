//! Upstream group `test/support/live_views/streams.ex + tests/streams.spec.js`: `/stream`, `/stream/reset`, `/stream/reset-lc`, `/stream/limit`, `/stream/nested-component-reset`, `/stream/inside-for`, `/healthy/:category` (live_session `default`).
//!
//! Not ported yet: adds no routes. A porter adds the views here and their routes in
//! [`routes`] (see the parent module for how).

use super::routes::Routes;

/// Adds this group's routes (none yet).
pub fn routes(_r: &mut Routes) {}
