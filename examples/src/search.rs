//! `/search`: find stores by ZIP code, the search running in the background with a loading
//! state; ported from LiveViewJS's live search example.
//!
//! Submitting the form (`phx-submit`) shows "Searching…" at once and starts the search with
//! `start_async`; the input is read-only until it answers. The view keeps handling events
//! meanwhile, and a new search replaces one still running (only the newest answers). Something
//! that is not a ZIP code fails the search, which the page shows as such. The stores are a
//! local list, also searched by city on `/autocomplete`.

use liveview::prelude::*;
use serde::Deserialize;
use std::fmt;
use std::time::Duration;

/// How long a search takes (a slow database, say).
pub const DELAY: Duration = Duration::from_millis(400);

/// One store.
#[derive(Debug, PartialEq, Eq)]
pub struct Store {
    /// Its DOM id.
    pub id: &'static str,
    /// What it is called.
    pub name: &'static str,
    /// Where.
    pub street: &'static str,
    /// "City, ST".
    pub city: &'static str,
    /// Five digits.
    pub zip: &'static str,
    /// Its phone number.
    pub phone: &'static str,
    /// Open right now.
    pub open: bool,
}

/// Every store.
pub const STORES: &[Store] = &[
    Store {
        id: "denver-union",
        name: "Union Station Market",
        street: "1701 Wynkoop St",
        city: "Denver, CO",
        zip: "80202",
        phone: "303-555-0111",
        open: true,
    },
    Store {
        id: "denver-larimer",
        name: "Larimer Square Grocer",
        street: "1430 Larimer St",
        city: "Denver, CO",
        zip: "80202",
        phone: "303-555-0112",
        open: false,
    },
    Store {
        id: "denver-colfax",
        name: "Colfax Corner Store",
        street: "3012 E Colfax Ave",
        city: "Denver, CO",
        zip: "80206",
        phone: "720-555-0113",
        open: true,
    },
    Store {
        id: "boulder-pearl",
        name: "Pearl Street Pantry",
        street: "1200 Pearl St",
        city: "Boulder, CO",
        zip: "80302",
        phone: "303-555-0121",
        open: true,
    },
    Store {
        id: "portland-hawthorne",
        name: "Hawthorne Provisions",
        street: "3520 SE Hawthorne Blvd",
        city: "Portland, OR",
        zip: "97214",
        phone: "503-555-0131",
        open: true,
    },
    Store {
        id: "portland-alberta",
        name: "Alberta Arts Deli",
        street: "1815 NE Alberta St",
        city: "Portland, OR",
        zip: "97211",
        phone: "503-555-0132",
        open: false,
    },
    Store {
        id: "austin-congress",
        name: "South Congress Goods",
        street: "1400 S Congress Ave",
        city: "Austin, TX",
        zip: "78704",
        phone: "512-555-0141",
        open: true,
    },
];

/// The stores with ZIP code `zip`.
///
/// # Errors
/// When `zip` is not five digits.
pub fn stores_in_zip(zip: &str) -> Result<Vec<&'static Store>, NotAZip> {
    if zip.len() != 5 || !zip.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NotAZip(zip.to_owned()));
    }
    Ok(STORES.iter().filter(|s| s.zip == zip).collect())
}

/// A search for something that is not a ZIP code.
#[derive(Debug)]
pub struct NotAZip(String);

impl fmt::Display for NotAZip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "“{}” is not a ZIP code (five digits)", self.0)
    }
}

impl std::error::Error for NotAZip {}

/// The search's report, for `Search::found`.
#[derive(Debug)]
pub struct Found(Result<Vec<&'static Store>, AsyncError<NotAZip>>);

/// The search form.
#[derive(Debug, Deserialize)]
pub struct ZipForm {
    zip: String,
}

/// Stores by ZIP code.
#[live_view]
#[derive(Debug, Default)]
pub struct Search {
    /// The ZIP code searched for.
    zip: String,
    /// `None` until the first search.
    stores: Option<AsyncResult<Vec<&'static Store>>>,
}

#[live_view]
impl Search {
    #[event("search")]
    fn search(&mut self, form: ZipForm, socket: &mut Socket) {
        self.zip = form.zip.trim().to_owned();
        self.stores = Some(AsyncResult::Loading);
        let zip = self.zip.clone();
        let search = async move {
            tokio::time::sleep(DELAY).await;
            stores_in_zip(&zip)
        };
        socket.start_async("search", search, Found);
    }

    #[info]
    fn found(&mut self, Found(result): Found) {
        self.stores = Some(result.into());
    }

    fn render(&self) -> Rendered {
        let loading = self.stores.as_ref().is_some_and(AsyncResult::is_loading);
        html! {
            <main>
                <h1>"Find a store"</h1>
                <form id="search-form" role="search" phx-submit="search">
                    <label for="zip">"ZIP code "</label>
                    <input id="zip" type="search" name="zip" value={&self.zip} placeholder="80202" inputmode="numeric"
                        autocomplete="off" readonly={loading} />
                    " "
                    <button id="search" type="submit">"Search"</button>
                </form>
                <p><small>"Try 80202, 97214 or 78704."</small></p>
                <section id="results" aria-live="polite" aria-busy={loading.then_some("true")}>
                    match &self.stores {
                        None => <p id="status">"Search for stores near you."</p>,
                        Some(AsyncResult::Loading) => <p id="status">"Searching " {&self.zip} "…"</p>,
                        Some(AsyncResult::Failed(why)) => <p id="status" role="alert">"Search failed: " {why}</p>,
                        Some(AsyncResult::Ok(stores)) => {
                            <p id="status">{stores.len()} if stores.len() == 1 { " store" } else { " stores" } " in " {&self.zip}</p>
                            {store_list(stores)}
                        }
                    }
                </section>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

/// Stores as a list (`/autocomplete` shows its results with it too).
pub fn store_list(stores: &[&Store]) -> Rendered {
    html! {
        <ul id="stores">
            for s in stores, key = s.id {
                <li id={format_args!("store-{}", s.id)}>
                    <strong>{s.name}</strong>
                    if s.open { " (open)" } else { " (closed)" }
                    <br />
                    {s.street} ", " {s.city} " " {s.zip} " · " <a href={format_args!("tel:{}", s.phone)}>{s.phone}</a>
                </li>
            }
        </ul>
    }
}
