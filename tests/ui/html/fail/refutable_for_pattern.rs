use liveview::prelude::*;

fn main() {
    let opts = vec![Some(1), None, Some(3)];
    // As in a Rust `for`, a pattern that may not match is an error, not an early stop.
    let _ = html! { <ul> for &Some(x) in &opts { <li>{x}</li> } </ul> };
}
