//! `/autocomplete`: a city search whose input suggests cities as you type; ported from
//! LiveViewJS's autocomplete example.
//!
//! The input sends `suggest` (`phx-change`) at most once per pause in typing
//! (`phx-debounce="300"`), so a word typed quickly costs one event, not one per key; the
//! suggestions fill a `<datalist>` the browser offers under the input. Submitting
//! (`phx-submit`) lists the stores of that city (the stores of `/search`). The page counts the
//! `suggest` events it handled, to show what the debounce saves.

use crate::search::{STORES, Store, store_list};
use liveview::prelude::*;
use serde::Deserialize;

/// How many suggestions at most.
pub const MAX_SUGGESTIONS: usize = 8;

/// Cities the input suggests.
pub const CITIES: &[&str] = &[
    "Albany, NY",
    "Albuquerque, NM",
    "Anchorage, AK",
    "Ann Arbor, MI",
    "Asheville, NC",
    "Atlanta, GA",
    "Austin, TX",
    "Baltimore, MD",
    "Billings, MT",
    "Birmingham, AL",
    "Boise, ID",
    "Boston, MA",
    "Boulder, CO",
    "Bozeman, MT",
    "Buffalo, NY",
    "Burlington, VT",
    "Charleston, SC",
    "Charlotte, NC",
    "Chicago, IL",
    "Cincinnati, OH",
    "Cleveland, OH",
    "Colorado Springs, CO",
    "Columbus, OH",
    "Dallas, TX",
    "Dayton, OH",
    "Denton, TX",
    "Denver, CO",
    "Des Moines, IA",
    "Detroit, MI",
    "Durham, NC",
    "El Paso, TX",
    "Eugene, OR",
    "Fargo, ND",
    "Fort Collins, CO",
    "Fresno, CA",
    "Grand Rapids, MI",
    "Honolulu, HI",
    "Houston, TX",
    "Indianapolis, IN",
    "Jacksonville, FL",
    "Kansas City, MO",
    "Knoxville, TN",
    "Las Vegas, NV",
    "Lincoln, NE",
    "Little Rock, AR",
    "Los Angeles, CA",
    "Louisville, KY",
    "Madison, WI",
    "Memphis, TN",
    "Miami, FL",
    "Milwaukee, WI",
    "Minneapolis, MN",
    "Missoula, MT",
    "Nashville, TN",
    "New Orleans, LA",
    "New York, NY",
    "Oakland, CA",
    "Omaha, NE",
    "Orlando, FL",
    "Philadelphia, PA",
    "Phoenix, AZ",
    "Pittsburgh, PA",
    "Port St. Lucie, FL",
    "Portland, ME",
    "Portland, OR",
    "Portsmouth, NH",
    "Providence, RI",
    "Raleigh, NC",
    "Reno, NV",
    "Richmond, VA",
    "Sacramento, CA",
    "Salt Lake City, UT",
    "San Antonio, TX",
    "San Diego, CA",
    "San Francisco, CA",
    "San Jose, CA",
    "Santa Fe, NM",
    "Savannah, GA",
    "Seattle, WA",
    "Spokane, WA",
    "St. Louis, MO",
    "Tacoma, WA",
    "Tampa, FL",
    "Tucson, AZ",
    "Tulsa, OK",
    "Washington, DC",
    "Wichita, KS",
];

/// The cities starting with `prefix` (ignoring case), at most [`MAX_SUGGESTIONS`]; none for
/// an empty prefix.
pub fn suggest(prefix: &str) -> Vec<&'static str> {
    let prefix = prefix.trim().to_lowercase();
    if prefix.is_empty() {
        return Vec::new();
    }
    CITIES.iter().copied().filter(|c| c.to_lowercase().starts_with(&prefix)).take(MAX_SUGGESTIONS).collect()
}

/// The stores of `city`, named in full ("Denver, CO") or without its state ("denver").
pub fn stores_in_city(city: &str) -> Vec<&'static Store> {
    let city = city.trim().to_lowercase();
    let same = |s: &&Store| {
        let full = s.city.to_lowercase();
        full == city || full.split_once(',').is_some_and(|(name, _)| name == city)
    };
    STORES.iter().filter(same).collect()
}

/// The city form, on change and on submit.
#[derive(Debug, Deserialize)]
pub struct CityForm {
    city: String,
}

/// The city searched for and its stores.
#[derive(Debug)]
struct Searched {
    city: String,
    stores: Vec<&'static Store>,
}

/// A city search with suggestions.
#[live_view]
#[derive(Debug, Default)]
pub struct Autocomplete {
    city: String,
    suggestions: Vec<&'static str>,
    /// `suggest` events handled so far.
    suggests: u32,
    searched: Option<Searched>,
}

#[live_view]
impl Autocomplete {
    #[event("suggest")]
    fn suggest(&mut self, form: CityForm) {
        self.suggests += 1;
        self.suggestions = suggest(&form.city);
        self.city = form.city;
    }

    #[event("search")]
    fn search(&mut self, form: CityForm) {
        self.suggestions.clear();
        let city = form.city.trim().to_owned();
        self.searched = Some(Searched { stores: stores_in_city(&city), city });
        self.city = form.city;
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Find a store by city"</h1>
                <form id="city-form" role="search" phx-change="suggest" phx-submit="search">
                    <label for="city">"City "</label>
                    <input id="city" type="search" name="city" value={&self.city} list="cities" placeholder="Denver"
                        autocomplete="off" phx-debounce="300" />
                    " "
                    <button id="search" type="submit">"Find stores"</button>
                    <datalist id="cities">
                        for c in &self.suggestions {
                            <option value={c}></option>
                        }
                    </datalist>
                </form>
                <p><small>"Stores are in Denver, Boulder, Portland (OR) and Austin. "
                    <span id="suggest-count">{self.suggests}</span> " suggestion requests so far."</small></p>
                if let Some(s) = &self.searched {
                    <section id="results" aria-live="polite">
                        if s.stores.is_empty() {
                            <p id="status">"No stores in “" {&s.city} "”."</p>
                        } else {
                            <p id="status">{s.stores.len()} " stores in " {&s.city}</p>
                            {store_list(&s.stores)}
                        }
                    </section>
                }
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
