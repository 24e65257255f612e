//! JS commands as binding values in a view: the events of inline pushes name handlers
//! (checked like literal bindings), a push handled elsewhere says so with `elsewhere`, a
//! targeted push and a `JS` built outside `html!` are not checked; a `JS` and a `&JS` render,
//! also inside a `for`.
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
        let unchecked = JS::new().push("not-checked-here");
        html! {
            <div class="menu" phx-click-away={&close} phx-window-keydown={&close} phx-key="Escape">
                <button phx-click={JS::new().toggle(Toggle::new().to("#list").display("flex"))}>"Open"</button>
                for id in &self.open {
                    <button phx-click={JS::new().push(Push::new("pick").value(Pick { id: *id })).add_class(Classes::new("picked"))}>
                        {*id}
                    </button>
                }
                <button phx-click={JS::new().push(elsewhere("handled-by-a-hook"))}>"Hook"</button>
                <button phx-click={JS::new().push(Push::new("other").target("#elsewhere"))}>"Other"</button>
                <button phx-click={&unchecked}>"Built outside"</button>
            </div>
        }
    }
}

fn main() {}
