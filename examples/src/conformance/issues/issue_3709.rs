//! Upstream issue #3709: `test/e2e/support/issues/issue_3709.ex` + `tests/issues/3709.spec.js`.
//!
//! `/issues/3709` and `/issues/3709/:id`: ten patch links, a live component whose id follows
//! the `id` param, and a button that clicks every link at once (patches racing with the
//! component's pending diffs).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3709` and `/issues/3709/:id` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<LinksLive>("/issues/3709").live::<LinksLive>("/issues/3709/:id"));
}

/// Upstream's `SomeComponent`.
#[live_component]
#[derive(Debug, Default)]
pub struct SomeComponent;

#[live_component]
impl SomeComponent {
    fn render(&self) -> Rendered {
        html! { <div>"\n  Hello\n"</div> }
    }
}

/// `/issues/3709/:id`.
#[live_view]
#[derive(Debug, Default)]
pub struct LinksLive {
    id: Option<String>,
}

#[live_view]
impl LinksLive {
    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.id = params.get("id").map(str::to_owned);
        Ok(())
    }

    fn render(&self) -> Rendered {
        let id = self.id.as_deref().unwrap_or_default();
        html! {
            <ul>
                for i in 1..=10 {
                    <li><a {Link::patch(format!("/issues/3709/{i}"))}>"Link " {i}</a></li>
                }
            </ul>
            <div>
                {live_component::<SomeComponent>(format_args!("user-{id}"), ())} " id: " {id}
                <div>
                    "Click the button, then click any link."
                    <button onclick="document.querySelectorAll('li a').forEach((x) => x.click())">"Break Stuff"</button>
                </div>
            </div>
        }
    }
}
