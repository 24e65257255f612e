//! Every construct of `html!` in one template.

use liveview::{Rendered, html, raw};

enum Kind {
    A,
    B(u32),
}

struct Item {
    id: u32,
    label: String,
}

fn card(title: &str) -> Rendered {
    html! { <section><h2>{title}</h2></section> }
}

fn render(cls: &str, count: usize, is_off: bool, kind: &Kind, items: &[Item], user: Option<&str>) -> Rendered {
    let extra_attrs = vec![("data-x", "1")];
    let name = String::from("n");
    html! {
        <div id="root" class={cls} data-count={count} phx-click="inc" disabled={is_off} {extra_attrs}>
            "Literal text " {name} " more"
            <input type="text" name="user[name]" value={name} />
            <br>
            <hr/>
            <label for="x" async r#type="t" aria-label="l" xlink:href="#i" phx-value-id="1">"l"</label>
            if count > 0 { <p>"positive"</p> } else if is_off { "x" } else { <p>"none"</p> }
            if let Some(u) = user { <b>{u}</b> }
            match kind { Kind::A => <i>"a"</i>, Kind::B(n) => { <b>{n}</b> " b" } }
            <ul>
                for item in items { <li id={format!("row-{}", item.id)}>{item.label}</li> }
                for item in items, key = item.id { <li>{item.label}</li> }
            </ul>
            {card("title")}
            {raw("<b>trusted</b>")}
        </div>
        <p>"second root"</p>
    }
}

fn main() {
    let items = [Item { id: 1, label: "one".into() }];
    let html = render("c", 1, false, &Kind::B(2), &items, Some("u")).to_html();
    assert!(html.starts_with("<div id=\"root\" class=\"c\" data-count=\"1\" phx-click=\"inc\" data-x=\"1\">"));
    let _ = html! {};
    let _ = Kind::A;
}
