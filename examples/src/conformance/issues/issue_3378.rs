//! Upstream issue #3378: `test/e2e/support/issues/issue_3378.ex` + `tests/issues/3378.spec.js`.
//!
//! A view rendering a child (`appbar`) that renders a grandchild (`notifications`) with a
//! stream: after the socket reconnects, every view rejoins without client errors.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3378` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<HomeLive>("/issues/3378"));
}

/// `/issues/3378`.
#[live_view]
#[derive(Debug, Default)]
pub struct HomeLive;

#[live_view]
impl HomeLive {
    fn render(&self) -> Rendered {
        html! { {live_render::<AppBarLive>("appbar")} }
    }
}

/// The child.
#[live_view]
#[derive(Debug, Default)]
pub struct AppBarLive;

#[live_view]
impl AppBarLive {
    fn render(&self) -> Rendered {
        html! { <div>{live_render::<NotificationsLive>("notifications")}</div> }
    }
}

/// One notification.
#[derive(Debug)]
pub struct Notification {
    id: u32,
}

/// The grandchild: a stream of one notification.
#[live_view]
#[derive(Debug)]
pub struct NotificationsLive {
    notifications: Stream<Notification>,
}

impl Default for NotificationsLive {
    fn default() -> Self {
        let dom_id = |n: &Notification| format!("notifications-{}", n.id);
        NotificationsLive { notifications: Stream::with_items(dom_id, [Notification { id: 1 }]) }
    }
}

#[live_view]
impl NotificationsLive {
    fn render(&self) -> Rendered {
        html! {
            <div>
                <ul id="notifications_list" phx-update="stream">
                    for (dom_id, _notification) in &self.notifications, stream {
                        <div id={dom_id}><p>"big!"</p></div>
                    }
                </ul>
            </div>
        }
    }
}
