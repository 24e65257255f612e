//! Upstream issue #3681: `test/e2e/support/issues/issue_3681.ex` + `tests/issues/3681.spec.js`.
//!
//! Two pages (outside any live_session) whose layout renders a sticky child with a stream
//! `messages`; the second page has a stream of the same name that it resets in `mount`. The
//! page's reset must not reset the sticky child's stream (they share the stream ref), and the
//! dead render must not give the page the child's items.
//!
//! Upstream's live layout (the sticky child, then the content between two `<hr>`s) is part of
//! each view's render; here each view renders the same pieces around its content, written in
//! its own `render` (a `live_render` in a helper function makes the framework render twice,
//! and the first pass would swallow the stream's mount-time inserts).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3681` and `/issues/3681/away`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| r.live::<Issue3681Live>("/issues/3681").live::<AwayLive>("/issues/3681/away"));
}

/// One message.
#[derive(Debug)]
pub struct Msg {
    id: u32,
}

fn messages(msgs: impl IntoIterator<Item = u32>) -> Stream<Msg> {
    Stream::with_items(|m: &Msg| format!("messages-{}", m.id), msgs.into_iter().map(|id| Msg { id }))
}

/// `/issues/3681`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3681Live;

#[live_view]
impl Issue3681Live {
    fn render(&self) -> Rendered {
        // upstream's live layout: the sticky child, then the content between two rules
        html! {
            {live_render::<StickyLive>("sticky").sticky()}
            <hr />
            <h3>"A LiveView that does nothing but render its layout."</h3>
            <a {Link::navigate("/issues/3681/away")}>"Go to a different LV with a (funcky) stream"</a>
            <hr />
        }
    }
}

/// `/issues/3681/away`: its stream `messages` is configured, then reset to message 4.
#[live_view]
#[derive(Debug)]
pub struct AwayLive {
    messages: Stream<Msg>,
}

#[live_view]
impl AwayLive {
    fn mount() -> Self {
        let mut messages = messages([]);
        // the root cause upstream: the stream is reset in the same mount
        messages.reset([Msg { id: 4 }]);
        AwayLive { messages }
    }

    fn render(&self) -> Rendered {
        html! {
            {live_render::<StickyLive>("sticky").sticky()}
            <hr />
            <h3>"A liveview with a stream configured twice"</h3>
            <h4>"This causes the nested liveview in the layout above to be reset by the client."</h4>
            <a {Link::navigate("/issues/3681")}>"Go back to (the now borked) LV without a stream"</a>
            <h1>"Normal Stream"</h1>
            <div id="msgs-normal" phx-update="stream">
                for (dom_id, msg) in &self.messages, stream {
                    <div id={dom_id}><div>{msg.id}</div></div>
                }
            </div>
            <hr />
        }
    }
}

/// The sticky child: messages 1, 2 and 3.
#[live_view]
#[derive(Debug)]
pub struct StickyLive {
    messages: Stream<Msg>,
}

impl Default for StickyLive {
    fn default() -> Self {
        StickyLive { messages: messages([1, 2, 3]) }
    }
}

#[live_view]
impl StickyLive {
    fn render(&self) -> Rendered {
        html! {
            <div id="msgs-sticky" phx-update="stream">
                for (dom_id, msg) in &self.messages, stream {
                    <div id={dom_id}><div>{msg.id}</div></div>
                }
            </div>
        }
    }
}
