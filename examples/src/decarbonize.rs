//! `/decarbonize`: a household carbon calculator (LiveViewJS's `decarbonize` example) made of
//! live components. Each card (vehicle, home heating, electricity) is a `#[live_component]`
//! with its own state and its own form (`phx-change` with `phx-target={myself}`): a choice
//! re-renders only that card, which tells the page its new footprint, and the page re-renders
//! only the total. The numbers are LiveViewJS's, and as made up as theirs.

use liveview::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One option of a card: its form value, its label and its tons of CO₂ a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The `<option>` value.
    pub value: &'static str,
    /// What the option says.
    pub label: &'static str,
    /// Tons of CO₂ a year.
    pub tons: u32,
}

const fn choice(value: &'static str, label: &'static str, tons: u32) -> Choice {
    Choice { value, label, tons }
}

const VEHICLE: &[Choice] = &[
    choice("gas", "🦕 Gas", 8),
    choice("hybrid", "🔋 Hybrid", 4),
    choice("electric", "🔌 Electric", 1),
    choice("none", "🚎 Don't have one", 0),
];

const HEATING: &[Choice] = &[
    choice("gas", "🔥 Furnace that burns gas", 6),
    choice("oil", "🦕 Furnace that burns fuel oil", 5),
    choice("electric", "🔌 Electric resistance heaters", 3),
    choice("heatpump", "♨️ Heat pump", 1),
    choice("notsure", "🤷 Not sure", 5),
];

const ELECTRICITY: &[Choice] = &[
    choice("grid", "🔌 Grid electricity", 6),
    choice("renewable", "☀️ Renewable plan from my utility", 2),
    choice("solar", "🤝 Community solar", 2),
    choice("notsure", "🤷 Not sure", 6),
];

/// What a card is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The household's car.
    #[default]
    Vehicle,
    /// How the home is heated.
    Heating,
    /// Where the electricity comes from.
    Electricity,
}

impl Source {
    /// Every card, in page order.
    pub const ALL: [Source; 3] = [Source::Vehicle, Source::Heating, Source::Electricity];

    /// Its component id and the stem of its DOM ids.
    pub fn id(self) -> &'static str {
        match self {
            Source::Vehicle => "vehicle",
            Source::Heating => "heating",
            Source::Electricity => "electricity",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Source::Vehicle => "Vehicle",
            Source::Heating => "Home heating",
            Source::Electricity => "Electricity",
        }
    }

    fn question(self) -> &'static str {
        match self {
            Source::Vehicle => "What does your household drive?",
            Source::Heating => "How is your home heated?",
            Source::Electricity => "Where does your electricity come from?",
        }
    }

    fn choices(self) -> &'static [Choice] {
        match self {
            Source::Vehicle => VEHICLE,
            Source::Heating => HEATING,
            Source::Electricity => ELECTRICITY,
        }
    }

    /// The choice a card starts with (the first).
    fn first(self) -> Choice {
        self.choices()[0]
    }
}

/// What a card tells the page after each choice.
#[derive(Debug)]
pub struct Footprint {
    /// Which card.
    pub source: Source,
    /// Its tons of CO₂ a year now.
    pub tons: u32,
}

/// The calculator page: each card's footprint, as the card last reported it.
#[live_view]
#[derive(Debug)]
pub struct Decarbonize {
    tons: BTreeMap<Source, u32>,
}

#[live_view]
impl Decarbonize {
    fn mount(socket: &mut Socket) -> Self {
        socket.page_title("Decarbonize calculator");
        Decarbonize { tons: Source::ALL.iter().map(|s| (*s, s.first().tons)).collect() }
    }

    #[info]
    fn footprint(&mut self, f: Footprint) {
        self.tons.insert(f.source, f.tons);
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Decarbonize calculator"</h1>
                <p>"Each card is a live component: a choice re-renders that card and the total, nothing else."</p>
                <div id="cards">
                    for source in Source::ALL {
                        {live_component::<SourceCard>(source.id(), source)}
                    }
                </div>
                <p id="footprint">
                    "Carbon footprint 👣: "<output id="total">{self.tons.values().sum::<u32>()}</output>
                    " tons of CO₂ a year"
                </p>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

/// One card: a question, its choices and the footprint of the chosen one.
#[live_component]
#[derive(Debug, Default)]
pub struct SourceCard {
    source: Source,
    choice: Option<Choice>,
}

/// The card form's field.
#[derive(Debug, Deserialize)]
pub struct Choose {
    choice: String,
}

#[live_component]
impl SourceCard {
    fn update(&mut self, source: Source) {
        self.source = source;
        if self.choice.is_none() {
            self.choice = Some(source.first());
        }
    }

    #[event("choose")]
    fn choose(&mut self, form: Choose, socket: &mut Socket) {
        match self.source.choices().iter().find(|c| c.value == form.choice) {
            Some(c) => {
                self.choice = Some(*c);
                socket.send_info(Footprint { source: self.source, tons: c.tons });
            }
            None => tracing::info!(choice = %form.choice, "decarbonize: no such choice"),
        }
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let id = self.source.id();
        let chosen = self.choice.unwrap_or_else(|| self.source.first());
        html! {
            <article id={format_args!("card-{id}")} class="card">
                <h2>{self.source.title()}</h2>
                <form id={format_args!("card-{id}-form")} phx-change="choose" phx-target={socket.myself()}>
                    <label for={format_args!("card-{id}-choice")}>{self.source.question()}</label>
                    <select id={format_args!("card-{id}-choice")} name="choice" autocomplete="off">
                        for c in self.source.choices() {
                            <option value={c.value} selected={c.value == chosen.value}>{c.label}</option>
                        }
                    </select>
                </form>
                <p><output id={format_args!("card-{id}-tons")}>{chosen.tons}</output>" tons of CO₂ a year"</p>
            </article>
        }
    }
}
