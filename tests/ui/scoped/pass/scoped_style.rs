//! The README's scoped-style example, compiled with `LIVEVIEW_ROOT_TAG_ATTRIBUTE=phx-r` (as a
//! crate's build script sets it); checks the stamps that bound the scope.

use liveview::{Rendered, html};

/// Another template: its root tag bounds the notice's scope.
fn card(body: Rendered) -> Rendered {
    html! { <section class="card"><b class="title">"Not bold: in the card template"</b>{body}</section> }
}

/// Its `.title` rule reaches its own markup and what it writes into the card.
fn notice(title: &str) -> Rendered {
    html! {
        <style scoped>".title { font-weight: bold; }"</style>
        <div class="notice">
            <h2 class="title">{title}</h2>
            {card(html! { <p>"Written here, so in scope: " <b class="title">"bold"</b></p> })}
        </div>
    }
}

fn main() {
    let html = notice("Heads up").to_html();
    let scope = html.split("@scope ([").nth(1).and_then(|s| s.split(']').next()).unwrap_or_default();
    assert!(scope.starts_with("phx-css-"), "{html}");
    assert_eq!(
        html,
        format!(
            "<style>@scope ([{scope}]) to ([phx-r]) {{ .title {{ font-weight: bold; }} }}</style>\
             <div class=\"notice\" phx-r {scope}><h2 class=\"title\">Heads up</h2>\
             <section class=\"card\" phx-r><b class=\"title\">Not bold: in the card template</b>\
             <p phx-r {scope}>Written here, so in scope: <b class=\"title\">bold</b></p></section></div>"
        )
    );
}
