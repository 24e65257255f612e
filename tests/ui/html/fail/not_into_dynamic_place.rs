use liveview::html;

struct Point {
    x: i32,
}

fn main() {
    let point = Point { x: 0 };
    let _ = html! { <p>"at " {point}</p> };
    let _ = point.x;
}
