use liveview::html;

fn main() {
    let _ = html! { <div><p>"text"</p></span> };
}
