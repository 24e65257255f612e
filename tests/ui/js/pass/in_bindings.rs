//! JS commands as binding values in a view: a dynamic value is not an event name, so the
//! compile-time check of literal event names leaves `phx-click={js}` alone; a `JS` and a
//! `&JS` render, also inside a `for`.
use liveview::js::{Classes, Push, To, Toggle};
use liveview::prelude::*;

#[live_view]
#[derive(Default)]
pub struct Menu {
    open: Vec<u32>,
}

#[derive(serde::Serialize)]
struct Pick {
    id: u32,
}

#[live_view]
impl Menu {
    #[event("pick")]
    fn pick(&mut self) {}

    fn render(&self) -> Rendered {
        let close = JS::new().hide(To::closest(".menu")).pop_focus();
        html! {
            <div class="menu" phx-click-away={&close} phx-window-keydown={&close} phx-key="Escape">
                <button phx-click={JS::new().toggle(Toggle::new().to("#list").display("flex"))}>"Open"</button>
                for id in &self.open {
                    <button phx-click={JS::new().push(Push::new("pick").value(Pick { id: *id })).add_class(Classes::new("picked"))}>
                        {*id}
                    </button>
                }
                <button phx-click={JS::new().push("handled-by-a-hook")}>"Hook"</button>
            </div>
        }
    }
}

fn main() {}
