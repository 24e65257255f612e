use liveview::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Name {
    name: String,
}

#[derive(Deserialize)]
struct Age {
    age: u32,
}

#[live_view]
#[derive(Default)]
struct Profile {
    name: String,
    age: u32,
}

#[live_view]
impl Profile {
    #[event("save")]
    fn save(&mut self, name: Name, age: Age) {
        self.name = name.name;
        self.age = age.age;
    }

    fn render(&self) -> Rendered {
        html! { <p>{&self.name} {self.age}</p> }
    }
}

fn main() {}
