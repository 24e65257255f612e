use liveview::prelude::*;

#[live_component]
#[derive(Default)]
struct Card {
    count: i64,
}

#[live_component]
impl Card {
    #[event("bump")]
    fn bump(&mut self) {
        self.count += 1;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <div>
                if self.count < 10 {
                    <button phx-click="bmup" phx-target={socket.myself()}>"+"</button>
                }
                // Not targeted at the card: the parent's event, not checked here.
                <button phx-click="close">"x"</button>
            </div>
        }
    }
}

fn main() {}
