//! `/live-nav/:sub` (after LiveViewJS's liveNav example): navigation the server decides.
//! `push_patch` changes the URL's query and runs `handle_params` in the same view, which keeps
//! its state; `push_navigate` mounts the view of another sub-page over the same socket, without
//! a page load. The view's instance number and its count of `handle_params` runs show which
//! one happened.

use liveview::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// The sub-pages the buttons navigate between.
pub const SUBS: &[&str] = &["one", "two", "three"];

/// The query ids the patch buttons set.
pub const IDS: &[&str] = &["foo", "bar"];

/// Connected mounts so far, to number each view instance.
static INSTANCES: AtomicU64 = AtomicU64::new(0);

/// One sub-page.
#[live_view]
#[derive(Debug)]
pub struct LiveNav {
    sub: String,
    id: Option<String>,
    instance: u64,
    params_runs: u64,
    clicks: u64,
}

/// A patch button's value.
#[derive(Debug, serde::Deserialize)]
pub struct Patch {
    id: String,
}

/// A navigate button's value.
#[derive(Debug, serde::Deserialize)]
pub struct Navigate {
    to: String,
}

#[live_view]
impl LiveNav {
    fn mount(params: &Params, socket: &mut Socket) -> Self {
        let instance = if socket.connected() { INSTANCES.fetch_add(1, Ordering::Relaxed) + 1 } else { 0 };
        let sub = params.get("sub").unwrap_or_default().to_owned();
        LiveNav { sub, id: None, instance, params_runs: 0, clicks: 0 }
    }

    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.params_runs += 1;
        self.id = params.query().iter().rev().find(|(k, _)| k == "id").map(|(_, v)| v.clone());
        Ok(())
    }

    /// `push_patch` to this sub-page with `?id=`: the same view runs `handle_params`.
    #[event("patch")]
    fn patch(&mut self, patch: Patch, socket: &mut Socket) {
        if IDS.contains(&patch.id.as_str()) {
            socket.push_patch(Location::new(path(&self.sub)).param("id", patch.id));
        }
    }

    /// `push_navigate` to another sub-page: its view mounts, this one ends.
    #[event("navigate")]
    fn navigate(&mut self, navigate: Navigate, socket: &mut Socket) {
        // Only the sub-pages this page offers; a forged value goes nowhere.
        if SUBS.contains(&navigate.to.as_str()) {
            socket.push_navigate(path(&navigate.to));
        }
    }

    /// State that a patch keeps and a navigation drops.
    #[event("click")]
    fn click(&mut self) {
        self.clicks += 1;
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Live navigation: "<span id="sub">{&self.sub}</span></h1>
                <p>
                    "Query id: "<output id="query-id">{self.id.as_deref().unwrap_or("none")}</output>
                    " · view instance "<output id="instance">{self.instance}</output>
                    " · handle_params ran "<output id="params-runs">{self.params_runs}</output>" times"
                    " · clicks "<output id="clicks">{self.clicks}</output>
                    " "<button id="click" phx-click="click">"+1"</button>
                </p>
                <h2>"push_patch: same view, new query"</h2>
                <p>
                    for id in IDS {
                        <button id={format_args!("patch-{id}")} phx-click="patch" phx-value-id={*id}>"?id="{*id}</button>
                    }
                </p>
                <h2>"push_navigate: another sub-page's view"</h2>
                <p>
                    for sub in SUBS {
                        <button id={format_args!("navigate-{sub}")} phx-click="navigate" phx-value-to={*sub}
                            disabled={*sub == self.sub}>"/live-nav/"{*sub}</button>
                    }
                </p>
            </main>
        }
    }
}

/// The path of sub-page `sub`.
fn path(sub: &str) -> String {
    format!("/live-nav/{sub}")
}
