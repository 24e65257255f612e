//! Upstream issue #4107: `test/e2e/support/issues/issue_4107.ex` + `tests/issues/4107.spec.js`.
//!
//! `/issues/4107`: a form teleported to `body` by a portal, submitted by a button outside it
//! (`form="test-form"`): the browser must post it to `/api/test` (not routed: only the URL
//! matters). The portal is `<.portal>`'s markup written out: a `<template data-phx-portal>`
//! holding one wrapper `div`, which the client moves to the target.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/4107` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<TeleportedFormLive>("/issues/4107"));
}

/// `/issues/4107`.
#[live_view]
#[derive(Debug, Default)]
pub struct TeleportedFormLive;

#[live_view]
impl TeleportedFormLive {
    fn render(&self) -> Rendered {
        html! {
            <div>
                <template id="test-form-portal" data-phx-portal="body">
                    <div id="_lv_portal_wrap_test-form-portal">
                        <form id="test-form" action="/api/test" method="post">
                            <input type="hidden" name="test_input" value="test_value">
                        </form>
                    </div>
                </template>
                <button type="submit" form="test-form">"Submit"</button>
            </div>
        }
    }
}
