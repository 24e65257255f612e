use liveview::js::{Hide, JS};

fn main() {
    // `display` is an option of show and toggle, not of hide.
    let _ = JS::new().hide(Hide::new().to("#modal").display("flex"));
}
