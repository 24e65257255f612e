use liveview::html;

fn main() {
    let _ = html! { <p>"a" ; "b"</p> };
}
