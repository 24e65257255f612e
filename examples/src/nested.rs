//! `/nested`: LiveViews inside a LiveView. Two children (`child-a`, `child-b`) count on their
//! own and crash on their own; the parent counts its renders, so a child's click or crash
//! visibly leaves it alone. A sticky child (`sticky`) survives live navigation to
//! `/nested/other`, which renders it too.

use liveview::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// The parent: two children, a render counter, and buttons that re-render or crash it.
#[live_view]
#[derive(Debug, Default)]
pub struct Nested {
    /// Renders so far (dead render included).
    renders: AtomicU64,
    /// Whether `child-b` is shown.
    hide_b: bool,
}

#[live_view]
impl Nested {
    #[event("bump")]
    fn bump(&mut self) {}

    #[event("toggle-b")]
    fn toggle_b(&mut self) {
        self.hide_b = !self.hide_b;
    }

    #[event("crash")]
    fn crash(&mut self) -> Result<()> {
        Err(Error::msg("the parent crashed on purpose (its children go down with it)"))
    }

    fn render(&self) -> Rendered {
        let renders = self.renders.fetch_add(1, Ordering::Relaxed) + 1;
        html! {
            <main>
                <h1>"Nested LiveViews"</h1>
                <p>"Parent renders: " <span id="parent-renders">{renders}</span></p>
                <button id="parent-bump" phx-click="bump">"Re-render the parent"</button>
                <button id="parent-crash" phx-click="crash">"Crash the parent"</button>
                <button id="toggle-b" phx-click="toggle-b">"Show/hide child B"</button>
                {live_render::<Child>("child-a").session("label", "A")}
                if !self.hide_b {
                    {live_render::<Child>("child-b").session("label", "B")}
                }
                {live_render::<Sticky>("sticky").sticky()}
                <p><a id="to-other" {Link::navigate("/nested/other")}>"Another page (the sticky child stays)"</a></p>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

/// A child: its own counter, and a button that crashes only it.
#[live_view]
#[derive(Debug)]
pub struct Child {
    id: String,
    label: String,
    count: u64,
}

#[live_view]
impl Child {
    fn mount(session: &Session, socket: &mut Socket) -> Self {
        let label = session.get::<String>("label").unwrap_or_default();
        Child { id: socket.view_id().to_owned(), label, count: 0 }
    }

    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }

    #[event("crash")]
    fn crash(&mut self) -> Result<()> {
        Err(Error::msg(format!("child {} crashed on purpose (only it restarts)", self.label)))
    }

    fn render(&self) -> Rendered {
        let id = &self.id;
        html! {
            <section class="child">
                <h2>"Child " {&self.label}</h2>
                <span id={format!("{id}-count")}>{self.count}</span>
                <button id={format!("{id}-inc")} phx-click="inc">"+"</button>
                <button id={format!("{id}-crash")} phx-click="crash">"Crash this child"</button>
            </section>
        }
    }
}

/// A sticky child: kept alive across live navigation between the pages that render it.
#[live_view]
#[derive(Debug, Default)]
pub struct Sticky {
    count: u64,
}

#[live_view]
impl Sticky {
    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }

    fn render(&self) -> Rendered {
        html! {
            <aside>
                "Sticky: " <span id="sticky-count">{self.count}</span>
                <button id="sticky-inc" phx-click="inc">"+"</button>
            </aside>
        }
    }
}

/// `/nested/other`: another page that renders the same sticky child.
#[live_view]
#[derive(Debug, Default)]
pub struct Other;

#[live_view]
impl Other {
    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1 id="other-page">"Another page"</h1>
                {live_render::<Sticky>("sticky").sticky()}
                <p><a id="to-nested" {Link::navigate("/nested")}>"Back to /nested"</a></p>
            </main>
        }
    }
}
