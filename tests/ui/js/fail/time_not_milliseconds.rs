use liveview::js::{JS, Show};

fn main() {
    let _ = JS::new().show(Show::new().to("#toast").time("300ms"));
}
