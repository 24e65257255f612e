//! Upstream issue #3931: `test/e2e/support/issues/issue_3931.ex` + `tests/issues/3931.spec.js`.
//!
//! `/issues/3931`: a view whose connected mount loads a value asynchronously (100 ms) and
//! renders it, inside a function component that receives all the assigns, with upstream's
//! `async_result` markup (a loading `#async`, then the loaded `#async`).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use std::time::Duration;

/// Adds `/issues/3931` (live_session `default`).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<AsyncLive>("/issues/3931"));
}

/// The result of the load.
#[derive(Debug)]
pub struct Loaded(Result<&'static str, AsyncError<String>>);

/// `/issues/3931`.
#[live_view]
#[derive(Debug, Default)]
pub struct AsyncLive {
    slow_data: AsyncResult<&'static str>,
}

/// Upstream's `layout` function component.
fn page_layout(inner: Rendered) -> Rendered {
    html! { <div class="max-w-4xl mx-auto p-8">{inner}</div> }
}

#[live_view]
impl AsyncLive {
    fn mount(socket: &mut Socket) -> Self {
        socket.start_async(
            "slow_data",
            async {
                tokio::time::sleep(Duration::from_millis(100)).await;
                Ok::<_, String>("This was loaded asynchronously!")
            },
            Loaded,
        );
        AsyncLive::default()
    }

    #[info]
    fn loaded(&mut self, Loaded(result): Loaded) {
        self.slow_data = result.into();
    }

    fn render(&self) -> Rendered {
        let inner = match &self.slow_data {
            AsyncResult::Ok(data) => html! { <div id="async" class="space-y-3">{*data}</div> },
            AsyncResult::Loading => html! {
                <div id="async" class="flex items-center space-x-3">
                    <div class="animate-spin rounded-full h-8 w-8 border-b-2 border-blue-500"></div>
                    <p class="text-gray-600">"Loading data..."</p>
                </div>
            },
            AsyncResult::Failed(_) => html! {},
        };
        page_layout(inner)
    }
}
