use liveview::html;

fn main() {
    let _ = html! { <p>Hello world</p> };
}
