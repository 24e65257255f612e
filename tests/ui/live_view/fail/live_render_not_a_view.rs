use liveview::prelude::*;

#[live_component]
#[derive(Default)]
struct Card;

#[live_component]
impl Card {
    fn render(&self) -> Rendered {
        html! { <p>"card"</p> }
    }
}

#[live_view]
#[derive(Default)]
struct Page;

#[live_view]
impl Page {
    fn render(&self) -> Rendered {
        // A component is not a LiveView: live_render embeds views made with #[live_view].
        html! { <main>{live_render::<Card>("card")}</main> }
    }
}

fn main() {}
