//! Upstream group `support/form_live.ex, form_unsaved_live.ex, form_dynamic_inputs_live.ex,
//! form_feedback.ex + tests/forms.spec.js, form-unsaved.spec.js`: `/form`, `/form-unsaved`,
//! `/form-unsaved/target`, `/form/dynamic-inputs`, `/form/nested`, `/form/stream` (live_session
//! `default`); `/form/feedback` (outside any live_session, own layout).
//!
//! - [`form_live`]: `/form` and `/form/nested` (the form configured by query parameters, in the
//!   view, in a live component, in a portal, or in a nested view);
//! - [`stream`]: `/form/stream` (a form with a stream inside, for the latent clone test);
//! - [`dynamic`]: `/form/dynamic-inputs` (Ecto's sort_param/drop_param, re-implemented);
//! - [`unsaved`]: `/form-unsaved` (with its page script as a layout of its own) and its target;
//! - [`feedback`]: `/form/feedback` (outside any live_session; the `phx-feedback-for` shim as
//!   its `LiveSocket`'s `dom` option);
//! - [`gate`]: the stand-in for upstream's event hold (eval class (d), README "Eval uses" E6)
//!   used by the "loading and locked states" tests: the sandbox command `hold` makes the view
//!   wait before each handler for a release that the test sends with
//!   `POST /form/release/{handle}/{event}`, a route this group adds.

pub mod dynamic;
pub mod feedback;
pub mod form_live;
pub mod gate;
pub mod stream;
pub mod unsaved;

use super::layout;
use super::routes::Routes;
use liveview::PageOptions;

/// Adds this group's routes.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live::<form_live::FormLive>("/form")
            .live::<form_live::NestedFormLive>("/form/nested")
            .live::<stream::FormStreamLive>("/form/stream")
            .live::<dynamic::FormDynamicInputsLive>("/form/dynamic-inputs")
            .live_with::<unsaved::FormUnsavedLive>(
                "/form-unsaved",
                PageOptions::new().layout(layout::live_with(unsaved::PRE_SCRIPT, "")),
            )
            .live::<unsaved::TargetLive>("/form-unsaved/target")
    });
    r.outside(|r| {
        r.live_with::<feedback::FormFeedbackLive>(
            "/form/feedback",
            PageOptions::new()
                .layout(layout::live_with(feedback::PRE_SCRIPT, ""))
                .client_options(feedback::CLIENT_OPTIONS),
        )
    });
    r.http(|app| app.route("/form/release/{handle}/{event}", axum::routing::post(gate::release)));
}
