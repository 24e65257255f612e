//! Upstream issue #4323: `test/e2e/support/issues/issue_4323.ex` + `tests/issues/4323.spec.js`.
//!
//! `/issues/4323`: form-associated custom elements (defined by upstream's `render_in_root`
//! script) and native inputs showing a counter, with and without `phx-patch-focused`: a
//! focused element is patched only when it opts in. The tests bump the counter with the
//! sandbox command `increment_counter` (upstream evaluates `assign(socket, :counter, ..+1)`).

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use crate::conformance::sandbox::{self, Sandbox};
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};
use serde_json::Value;

/// Adds `/issues/4323` (live_session `default`, with the custom elements' script in the body).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<PatchFocusedLive>("/issues/4323", PageOptions::new().layout(layout::live_with("", IN_ROOT)))
    });
}

/// Upstream's `render_in_root`: two form-associated custom elements, the second delegating
/// focus to an input in its shadow root.
const IN_ROOT: &str = r#"<script>
class Issue4323Face extends HTMLElement {
  static formAssociated = true;
  constructor() {
    super();
    this.attachInternals();
  }
}
customElements.define("issue-4323-face", Issue4323Face);

class Issue4323DelegatesFace extends HTMLElement {
  static formAssociated = true;
  constructor() {
    super();
    this.attachInternals();
    this.attachShadow({ mode: "open", delegatesFocus: true });
    this.shadowRoot.innerHTML = '<input type="text"><slot></slot>';
  }
}
customElements.define("issue-4323-delegates-face", Issue4323DelegatesFace);
</script>
"#;

/// `/issues/4323`.
#[live_view]
#[derive(Debug, Default)]
pub struct PatchFocusedLive {
    counter: i64,
}

impl Sandbox for PatchFocusedLive {
    fn sandbox(&mut self, name: &str, _arg: Value, _socket: &mut Socket) -> Result<Value, String> {
        match name {
            "increment_counter" => {
                self.counter += 1;
                Ok(Value::Null)
            }
            other => Err(sandbox::unknown(other)),
        }
    }
}

#[live_view]
impl PatchFocusedLive {
    #[event("sandbox:eval")]
    fn sandbox_eval(&mut self, cmd: sandbox::Eval, socket: &mut Socket) -> Reply {
        sandbox::eval(self, cmd, socket)
    }

    #[info]
    fn sandbox_later(&mut self, msg: sandbox::Later, socket: &mut Socket) {
        sandbox::later(self, msg, socket)
    }

    fn render(&self) -> Rendered {
        let n = self.counter;
        html! {
            <form id="test-form">
                <issue-4323-face id="face-default" tabindex="0">
                    <span id="face-default-child">"count:" {n}</span>
                </issue-4323-face>
                <issue-4323-face id="face-opt-in" tabindex="0" phx-patch-focused>
                    <span id="face-opt-in-child">"count:" {n}</span>
                </issue-4323-face>
                <issue-4323-delegates-face id="face-delegates" phx-patch-focused>
                    <span id="face-delegates-child">"count:" {n}</span>
                </issue-4323-delegates-face>
                <input id="native-default" value={n}>
                <input id="native-opt-in" value={n} phx-patch-focused>
            </form>
        }
    }
}
