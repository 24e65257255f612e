use liveview::html;

fn main() {
    let _ = html! { <a href=home class="nav">"Home"</a> };
}
