use liveview::html;

fn main() {
    let _ = html! { <p><input type="text"></input></p> };
}
