use liveview::html;

fn main() {
    let _ = html! { <p class="a" id="x" class="b"></p> };
}
