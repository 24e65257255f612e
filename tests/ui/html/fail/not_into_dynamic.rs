use liveview::html;

struct Point {
    x: i32,
}

fn origin() -> Point {
    Point { x: 0 }
}

fn main() {
    let _ = html! { <p>"at " {origin()}</p> };
    let _ = origin().x;
}
