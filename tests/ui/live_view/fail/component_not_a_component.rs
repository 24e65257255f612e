use liveview::prelude::*;

#[live_view]
#[derive(Default)]
struct Counter;

#[live_view]
impl Counter {
    fn render(&self) -> Rendered {
        html! { <p>"0"</p> }
    }
}

#[live_view]
#[derive(Default)]
struct Page;

#[live_view]
impl Page {
    fn render(&self) -> Rendered {
        // A view is not a component: embed components made with #[live_component].
        html! { <main>{live_component::<Counter>(1, ())}</main> }
    }
}

fn main() {}
