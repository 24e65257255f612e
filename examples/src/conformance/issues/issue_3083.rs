//! Upstream issue #3083: `test/e2e/support/issues/issue_3083.ex` + `tests/issues/3083.spec.js`.
//!
//! A `<select multiple>` whose selected options the server changes (every second at random,
//! unless `?auto=false`; or on the test's `select` command): a patch must not change the
//! selection of a focused select, and must apply again once it lost the focus.

use crate::conformance::routes::Routes;
use crate::conformance::sandbox;
use liveview::Rendered;
use liveview::prelude::*;
use serde_json::Value;
use std::time::Duration;

/// Adds `/issues/3083` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3083Live>("/issues/3083"));
}

const OPTIONS: [u32; 5] = [1, 2, 3, 4, 5];

/// `/issues/3083`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3083Live {
    selected: Vec<u32>,
}

/// The 1 s ticker.
#[derive(Debug)]
pub struct Tick;

impl sandbox::Sandbox for Issue3083Live {
    fn sandbox(&mut self, name: &str, arg: Value, _: &mut Socket) -> Result<Value, String> {
        match name {
            // upstream: send(self(), {:select, [1, 2]})
            "select" => {
                let values = arg.as_array().ok_or("select needs a list")?;
                // the payload's numbers may arrive as strings
                let number = |v: &Value| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok()));
                self.selected = values
                    .iter()
                    .map(|v| number(v).and_then(|n| u32::try_from(n).ok()).ok_or("select needs integers"))
                    .collect::<Result<_, _>>()?;
                Ok(Value::Null)
            }
            other => Err(sandbox::unknown(other)),
        }
    }
}

#[live_view]
impl Issue3083Live {
    fn mount(params: &Params, socket: &mut Socket) -> Self {
        if socket.connected() && params.get("auto") != Some("false") {
            socket.send_after(Duration::from_secs(1), Tick);
        }
        Issue3083Live::default()
    }

    #[info]
    fn tick(&mut self, _: Tick, socket: &mut Socket) {
        let mut pool = OPTIONS.to_vec();
        self.selected = (0..2).map(|_| pool.remove(rand::random_range(0..pool.len()))).collect();
        socket.send_after(Duration::from_secs(1), Tick);
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("sandbox:eval")]
    fn sandbox_eval(&mut self, cmd: sandbox::Eval, socket: &mut Socket) -> Reply {
        sandbox::eval(self, cmd, socket)
    }

    #[info]
    fn sandbox_later(&mut self, msg: sandbox::Later, socket: &mut Socket) {
        sandbox::later(self, msg, socket)
    }

    fn render(&self) -> Rendered {
        html! {
            <form id="form" phx-change="validate">
                <select id="ids" name="ids[]" multiple>
                    for n in OPTIONS {
                        <option value={n} selected={self.selected.contains(&n)}>{n}</option>
                    }
                </select>
                <input type="text" placeholder="focus me!" />
            </form>
        }
    }
}
