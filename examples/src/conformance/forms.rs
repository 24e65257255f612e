//! Upstream group `support/form_live.ex, form_unsaved_live.ex, form_dynamic_inputs_live.ex, form_feedback.ex + tests/forms.spec.js, form-unsaved.spec.js`: `/form`, `/form-unsaved`, `/form-unsaved/target`, `/form/dynamic-inputs`, `/form/nested`, `/form/stream` (live_session `default`); `/form/feedback` (outside any live_session, own layout).
//!
//! Not ported yet: adds no routes. A porter adds the views here and their routes in
//! [`routes`] (see the parent module for how).

use super::routes::Routes;

/// Adds this group's routes (none yet).
pub fn routes(_r: &mut Routes) {}
