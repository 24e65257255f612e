//! Upstream issue #3047: `test/e2e/support/issues/issue_3047.ex` + `tests/issues/3047.spec.js`.
//!
//! Pages A and B (outside any live_session) share a layout with navigate links and a sticky
//! child holding a stream; after the stream is reset, navigating from A to B must keep the
//! sticky view's items.
//!
//! Upstream renders the links and the sticky child from the views' own live layout, which is
//! part of each view's render; here each view renders the same pieces around its content.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3047/a` and `/issues/3047/b`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| r.live::<ALive>("/issues/3047/a").live::<BLive>("/issues/3047/b"));
}

/// Upstream's live layout of both pages around `inner`.
fn with_layout(inner: Rendered) -> Rendered {
    html! {
        <div class="flex flex-col items-center justify-center">
            <div class="flex flex-row gap-3">
                <a class="border rounded bg-blue-700 w-fit px-2 text-white" {Link::navigate("/issues/3047/a")}>"Page A"</a>
                <a class="border rounded bg-blue-700 w-fit px-2 text-white" {Link::navigate("/issues/3047/b")}>"Page B"</a>
            </div>
            {inner}
            {live_render::<StickyLive>("test").sticky()}
        </div>
    }
}

/// `/issues/3047/a`.
#[live_view]
#[derive(Debug, Default)]
pub struct ALive;

#[live_view]
impl ALive {
    fn render(&self) -> Rendered {
        with_layout(html! { <span id="page">"Page A"</span> })
    }
}

/// `/issues/3047/b`.
#[live_view]
#[derive(Debug, Default)]
pub struct BLive;

#[live_view]
impl BLive {
    fn render(&self) -> Rendered {
        with_layout(html! { <span id="page">"Page B"</span> })
    }
}

/// One item of the sticky stream.
#[derive(Debug)]
pub struct Item {
    id: u32,
}

fn items(range: std::ops::RangeInclusive<u32>) -> impl Iterator<Item = Item> {
    range.map(|id| Item { id })
}

/// The sticky child: items 1..=10; `reset` replaces them with 5..=15.
#[live_view]
#[derive(Debug)]
pub struct StickyLive {
    items: Stream<Item>,
}

impl Default for StickyLive {
    fn default() -> Self {
        StickyLive { items: Stream::with_items(|i: &Item| format!("items-{}", i.id), items(1..=10)) }
    }
}

#[live_view]
impl StickyLive {
    #[event("reset")]
    fn reset(&mut self) {
        self.items.reset(items(5..=15));
    }

    fn render(&self) -> Rendered {
        html! {
            <div style="border: 2px solid black;">
                <h1>"This is the sticky liveview"</h1>
                <div id="items" phx-update="stream" style="display: flex; flex-direction: column; gap: 4px;">
                    for (dom_id, item) in &self.items, stream {
                        <span id={dom_id}>"item-"{item.id}</span>
                    }
                </div>
                <button phx-click="reset">"Reset"</button>
            </div>
        }
    }
}
