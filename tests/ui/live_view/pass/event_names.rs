// Literal event names that name handlers compile; events handled elsewhere opt out visibly.
use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Page {
    n: i64,
}

#[derive(serde::Deserialize)]
struct Form {}

#[live_view]
impl Page {
    #[event("inc")]
    #[event("plus")]
    fn inc(&mut self) {
        self.n += 1;
    }

    #[event("save")]
    fn save(&mut self, _form: Form) {}

    fn render(&self) -> Rendered {
        html! {
            <button phx-click="inc">"+"</button>
            <button phx-click="plus" phx-window-keydown="inc" phx-key="ArrowUp">"+"</button>
            <form phx-submit="save" phx-change="save"><input name="a"></form>
            // A hook's event, a JS command, a component's event, the client's own.
            <div id="chart" phx-hook="Chart" phx-click={elsewhere("chart-clicked")}></div>
            <button phx-click={r#"[["push",{"event":"inc"}]]"#}>"js"</button>
            <button phx-click="[[&quot;push&quot;,{&quot;event&quot;:&quot;inc&quot;}]]">"js"</button>
            <button phx-click="other" phx-target="#elsewhere">"sel"</button>
            <button phx-click="lv:clear-flash">"x"</button>
            {html! { <p phx-click="inc">{self.n}</p> }}
        }
    }
}

fn main() {}
