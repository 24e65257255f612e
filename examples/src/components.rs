//! `/components`: live components. Three cards, each counting its own clicks (`phx-target`
//! sends the click to the card, and only the card re-renders); the parent adds and removes
//! cards, resets them all with `send_update`, and shows the total from the messages the
//! cards send it.

use liveview::prelude::*;
use std::collections::BTreeMap;

/// The page: which cards exist and what each last reported.
#[live_view]
#[derive(Debug)]
pub struct Components {
    /// Card id → its count, as the card last reported it.
    counts: BTreeMap<u32, i64>,
}

impl Default for Components {
    fn default() -> Self {
        Components { counts: (1..=3).map(|id| (id, 0)).collect() }
    }
}

/// What a card tells its parent after each click.
#[derive(Debug)]
pub struct CardChanged {
    /// The card's id.
    pub id: u32,
    /// Its count now.
    pub count: i64,
}

#[live_view]
impl Components {
    #[event("add")]
    fn add(&mut self) {
        let next = self.counts.keys().next_back().map_or(1, |id| id + 1);
        self.counts.insert(next, 0);
    }

    #[event("remove")]
    fn remove(&mut self) {
        self.counts.pop_last();
    }

    #[event("reset-all")]
    fn reset_all(&mut self, socket: &mut Socket) {
        for (&id, count) in &mut self.counts {
            *count = 0;
            socket.send_update::<Card>(id, CardProps { id, reset: true });
        }
    }

    #[info]
    fn card_changed(&mut self, msg: CardChanged) {
        if let Some(count) = self.counts.get_mut(&msg.id) {
            *count = msg.count;
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Components"</h1>
                <p>
                    <button id="add-card" phx-click="add">"Add a card"</button>
                    <button id="remove-card" phx-click="remove">"Remove the last card"</button>
                    <button id="reset-all" phx-click="reset-all">"Reset all"</button>
                </p>
                <p>"Total: "<span id="total">{self.counts.values().sum::<i64>()}</span></p>
                <div id="cards">
                    for id in self.counts.keys(), key = id {
                        {live_component::<Card>(id, CardProps { id: *id, reset: false })}
                    }
                </div>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

/// One card: a counter of its own.
#[live_component]
#[derive(Debug, Default)]
pub struct Card {
    id: u32,
    count: i64,
}

/// What the parent passes a card.
#[derive(Debug, Clone, PartialEq)]
pub struct CardProps {
    /// The card's id (also its component id).
    pub id: u32,
    /// Set the count back to 0.
    pub reset: bool,
}

#[live_component]
impl Card {
    fn update(&mut self, props: CardProps) {
        self.id = props.id;
        if props.reset {
            self.count = 0;
        }
    }

    #[event("inc")]
    fn inc(&mut self, socket: &mut Socket) {
        self.count += 1;
        socket.send_info(CardChanged { id: self.id, count: self.count });
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let id = self.id;
        html! {
            <div id={format_args!("card-{id}")} class="card">
                "Card "{id}": "
                <span id={format_args!("card-{id}-count")}>{self.count}</span>
                " "
                <button id={format_args!("card-{id}-inc")} phx-click="inc" phx-target={socket.myself()}>"+1"</button>
            </div>
        }
    }
}
