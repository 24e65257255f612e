// A live component with every callback shape, embedded in a view inside `if`, `match` and `for`.
use liveview::prelude::*;

#[live_component]
#[derive(Default)]
struct Card {
    label: String,
    count: i64,
}

#[derive(Clone, PartialEq)]
struct Props {
    label: String,
}

#[derive(serde::Deserialize)]
struct By {
    n: i64,
}

#[live_component]
impl Card {
    async fn mount(socket: &mut Socket) -> Result<Self> {
        let _ = socket.connected();
        Ok(Card::default())
    }

    async fn update(&mut self, props: Props, socket: &mut Socket) -> Result<()> {
        let _ = socket.myself();
        self.label = props.label;
        Ok(())
    }

    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }

    #[event("add")]
    fn add(&mut self, by: By, socket: &mut Socket) -> Reply {
        self.count += by.n;
        socket.push_event("added", self.count);
        Reply::new(self.count)
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <div>
                {&self.label}": "{self.count}
                <button phx-click="inc" phx-target={socket.myself()}>"+"</button>
            </div>
        }
    }
}

// Without `update`, the props are `()`.
#[live_component]
#[derive(Default)]
struct Badge;

#[live_component]
impl Badge {
    fn render(&self) -> Rendered {
        html! { <span>"badge"</span> }
    }
}

#[live_view]
#[derive(Default)]
struct Page {
    ids: Vec<u32>,
    show: bool,
}

#[live_view]
impl Page {
    fn render(&self) -> Rendered {
        html! {
            if self.show {
                {live_component::<Badge>("badge", ())}
            }
            match self.ids.first() {
                Some(id) => {live_component::<Card>(format!("first-{id}"), Props { label: "first".into() })}
                None => <p>"none"</p>
            }
            for id in &self.ids, key = id {
                <li>{live_component::<Card>(id, Props { label: id.to_string() })}</li>
            }
        }
    }
}

fn main() {
    let _ = LiveRouter::new().live::<Page>("/");
}
