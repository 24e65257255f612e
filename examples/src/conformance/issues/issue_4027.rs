//! Upstream issue #4027: `test/e2e/support/issues/issue_4027.ex` + `tests/issues/4027.spec.js`.
//!
//! `/issues/4027?case=first|second`: data loaded asynchronously (100 ms) is shown by a live
//! component as a keyed list; removing the first entry must leave exactly the other two. In
//! case `first` the view unwraps the async result and passes the list to the component; in
//! case `second` the component gets the async result itself and unwraps it.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use std::time::Duration;

/// Adds `/issues/4027` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<KeyedLive>("/issues/4027"));
}

/// One entry: its id and value.
type Entry = (u32, &'static str);

/// Upstream's `AsyncResult` as the view keeps it: the last result and whether a load runs
/// (a reload keeps showing the previous result, as `assign_async` does).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Data {
    result: Vec<Entry>,
    loading: bool,
}

/// Upstream's `ReproLiveComponent`: gets the list.
#[live_component]
#[derive(Debug, Default)]
pub struct ReproLiveComponent {
    data: Vec<Entry>,
}

#[live_component]
impl ReproLiveComponent {
    fn update(&mut self, data: Vec<Entry>) {
        self.data = data;
    }

    fn render(&self) -> Rendered {
        html! {
            <div id="result">
                for (id, value) in self.data.iter().copied(), key = id {
                    <p>{value}</p>
                }
            </div>
        }
    }
}

/// Upstream's `ReproLiveComponentWithAsyncResult`: gets the async result.
#[live_component]
#[derive(Debug, Default)]
pub struct ReproLiveComponentWithAsyncResult {
    data: Data,
}

#[live_component]
impl ReproLiveComponentWithAsyncResult {
    fn update(&mut self, data: Data) {
        self.data = data;
    }

    fn render(&self) -> Rendered {
        html! {
            <div id="result">
                for (id, value) in self.data.result.iter().copied(), key = id {
                    <p>{value}</p>
                }
            </div>
        }
    }
}

/// The result of a load.
#[derive(Debug)]
pub struct Loaded(Result<Vec<Entry>, AsyncError<String>>);

/// `/issues/4027`.
#[live_view]
#[derive(Debug, Default)]
pub struct KeyedLive {
    data: Data,
    case: String,
}

/// Loads `entries` after 100 ms.
fn load(socket: &mut Socket, entries: Vec<Entry>) {
    socket.start_async(
        "data",
        async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            Ok::<_, String>(entries)
        },
        Loaded,
    );
}

#[live_view]
impl KeyedLive {
    fn mount(params: &Params) -> Self {
        KeyedLive { data: Data::default(), case: params.get("case").unwrap_or("first").to_owned() }
    }

    #[event("load")]
    fn load(&mut self, socket: &mut Socket) {
        self.data.loading = true;
        load(socket, vec![(1, "First"), (2, "Second"), (3, "Third")]);
    }

    #[event("remove")]
    fn remove(&mut self, socket: &mut Socket) {
        self.data.loading = true;
        load(socket, vec![(2, "Second"), (3, "Third")]);
    }

    #[info]
    fn loaded(&mut self, Loaded(result): Loaded) {
        self.data.loading = false;
        if let Ok(entries) = result {
            self.data.result = entries;
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <div class="p-4">
                <p class="my-4">
                    "Click Load Data. 3 items should be displayed. Then click Remove First entry. The expected result is 2 items displayed."
                </p>
                <div>
                    if self.case == "first" {
                        {live_component::<ReproLiveComponent>("repro", self.data.result.clone())}
                    }
                    if self.case == "second" {
                        <div style="margin: 10px; height: 1px; background-color: black;"></div>
                        {live_component::<ReproLiveComponentWithAsyncResult>("repro_async", self.data.clone())}
                    }
                </div>
                <div>
                    <button phx-click="load">"Load data"</button>
                    <button phx-click="remove">"Remove first entry"</button>
                </div>
            </div>
        }
    }
}
