use liveview::js::{JS, Push};

struct Pick {
    id: u32,
}

fn main() {
    let _ = JS::new().push(Push::new("pick").value(Pick { id: 1 }));
}
