//! Place expressions are borrowed, so `&self` render methods and references of references work.

use liveview::{Rendered, html};

struct View {
    name: String,
    tags: Vec<String>,
    maybe: Option<String>,
    count: u32,
}

impl View {
    fn render(&self) -> Rendered {
        html! {
            <p title={self.name} data-count={self.count}>{self.name} {self.maybe} {self.tags[0]}</p>
            for tag in &self.tags { <i class={tag}>{tag}</i> }
            if let Some(m) = &self.maybe { <b>{m}</b> }
            {self.tags.iter().map(|t| html! { <s>{t}</s> })}
        }
    }
}

fn component(n: &u32, s: &&str) -> Rendered {
    html! { <span data-n={n}>{n} {*s}</span> }
}

fn main() {
    let view = View { name: "v".into(), tags: vec!["t".into()], maybe: None, count: 1 };
    let _ = view.render();
    let name = &view.name;
    let _ = html! { {name} {component(&1, &"s")} };
    // Still usable: nothing was moved.
    let _ = (view.name, view.tags);
}
