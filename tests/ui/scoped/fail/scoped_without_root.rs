//! A scoped style in a crate that set no root tag attribute: the error says how to set it.

use liveview::{Rendered, html};

fn card() -> Rendered {
    html! {
        <style scoped>".title { font-weight: bold; }"</style>
        <section class="card"></section>
    }
}

fn main() {
    let _ = card();
}
