//! The test-only stand-in for the upstream suite's `sandbox:eval` hook.
//!
//! Upstream, an `on_mount` hook of the `default` live_session evaluates Elixir that a test
//! sends as the event `sandbox:eval` (`evalLV(page, code)`), inside the view's process: to
//! send the view a message (`send(self(), {:select, [1, 2]})`), read an assign
//! (`socket.assigns.items`), change one, or call one of the view's own event handlers. We cannot
//! evaluate code, so a view that a test needs to reach this way names a fixed set of commands
//! and runs them itself:
//!
//! 1. implement [`Sandbox`] (`fn sandbox(&mut self, name, arg, socket) -> Result<Value, String>`),
//!    one `match` arm per command the view's tests need;
//! 2. route the two messages to it, inside the view's `#[live_view] impl`:
//!
//! ```ignore
//! #[event("sandbox:eval")]
//! fn sandbox_eval(&mut self, cmd: sandbox::Eval, socket: &mut Socket) -> Reply {
//!     sandbox::eval(self, cmd, socket)
//! }
//!
//! #[info]
//! fn sandbox_later(&mut self, msg: sandbox::Later, socket: &mut Socket) {
//!     sandbox::later(self, msg, socket)
//! }
//! ```
//!
//! A test sends a command with `evalLV(page, name, arg, {later, selector})` from
//! `tests/e2e/conformance/helpers.mjs` (the payload is `{"name": .., "arg": .., "later": ..}`):
//! - `later: false` (the default) runs the command during the event and replies
//!   `{"result": <what it returned>}` (or `{"error": ".."}`), like an evaluated expression whose
//!   result the upstream test reads; changes it makes render in the same reply;
//! - `later: true` queues it as a message to the view (`send(self(), msg)` upstream) and
//!   replies `{}` at once; the command runs when the view handles the message, and its changes
//!   render in an update of their own.
//!
//! Not built in: code that installs hooks on the view at run time (`attach_hook`, which the
//! forms tests use to hold events until an HTTP request releases them, and `evalPlug`). A view
//! can emulate that hold itself: its async handler awaits a release (the view's task blocks
//! like a BEAM process in `receive`), sent by a test-only endpoint its group adds with
//! `Routes::http`. `tests/e2e/conformance/README.md` ("Eval uses") lists what each upstream
//! test needs.

use liveview::prelude::*;
use serde_json::{Value, json};

/// A view that tests can reach through `sandbox:eval`.
pub trait Sandbox {
    /// Runs command `name` with `arg`; the `Ok` value is the result the test reads.
    ///
    /// # Errors
    /// A message for the test (an unknown command, an argument of the wrong shape).
    fn sandbox(&mut self, name: &str, arg: Value, socket: &mut Socket) -> Result<Value, String>;
}

/// The payload of a `sandbox:eval` event.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Eval {
    /// The command.
    pub name: String,
    /// Its argument (`null` when absent).
    #[serde(default)]
    pub arg: Value,
    /// Run it later, as a message to the view (see the module docs).
    #[serde(default)]
    pub later: bool,
}

/// A command queued with `later: true`, delivered to the view as a message.
#[derive(Debug)]
pub struct Later(pub Eval);

/// Runs or queues `cmd` for `view`; the reply the test reads.
pub fn eval<V: Sandbox>(view: &mut V, cmd: Eval, socket: &mut Socket) -> Reply {
    if cmd.later {
        socket.send_info(Later(cmd));
        return Reply::new(json!({}));
    }
    match view.sandbox(&cmd.name, cmd.arg, socket) {
        Ok(result) => Reply::new(json!({ "result": result })),
        Err(error) => {
            tracing::warn!(command = %cmd.name, %error, "sandbox command failed");
            Reply::new(json!({ "error": error }))
        }
    }
}

/// Runs a command queued with `later: true`.
pub fn later<V: Sandbox>(view: &mut V, msg: Later, socket: &mut Socket) {
    let Later(cmd) = msg;
    if let Err(error) = view.sandbox(&cmd.name, cmd.arg, socket) {
        tracing::warn!(command = %cmd.name, %error, "sandbox command failed");
    }
}

/// The error for a command a view does not know.
pub fn unknown(name: &str) -> String {
    format!("unknown sandbox command {name:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use liveview::test::LiveTest;

    #[live_view]
    #[derive(Default)]
    struct Probe {
        count: i64,
    }

    impl Sandbox for Probe {
        fn sandbox(&mut self, name: &str, arg: Value, _: &mut Socket) -> Result<Value, String> {
            match name {
                "count" => Ok(json!(self.count)),
                "add" => {
                    self.count += arg.as_i64().ok_or("add needs a number")?;
                    Ok(Value::Null)
                }
                other => Err(unknown(other)),
            }
        }
    }

    #[live_view]
    impl Probe {
        #[event("sandbox:eval")]
        fn sandbox_eval(&mut self, cmd: Eval, socket: &mut Socket) -> Reply {
            eval(self, cmd, socket)
        }

        #[info]
        fn sandbox_later(&mut self, msg: Later, socket: &mut Socket) {
            later(self, msg, socket)
        }

        fn render(&self) -> Rendered {
            html! { <p id="count" phx-hook="Probe">{self.count}</p> }
        }
    }

    #[tokio::test]
    async fn commands_run_now_or_as_a_later_message() {
        let mut lv = LiveTest::connect(LiveRouter::new().live::<Probe>("/"), "/").await.unwrap();
        let reply = lv.hook_event("#count", "sandbox:eval", json!({"name": "add", "arg": 2})).await.unwrap();
        assert_eq!(reply, json!({"result": null}));
        assert_eq!(lv.text("#count").unwrap(), "2");
        let reply = lv.hook_event("#count", "sandbox:eval", json!({"name": "count"})).await.unwrap();
        assert_eq!(reply, json!({"result": 2}));
        let reply =
            lv.hook_event("#count", "sandbox:eval", json!({"name": "add", "arg": 3, "later": true})).await.unwrap();
        assert_eq!(reply, json!({}));
        lv.sync().await.unwrap();
        assert_eq!(lv.text("#count").unwrap(), "5");
        let reply = lv.hook_event("#count", "sandbox:eval", json!({"name": "nope"})).await.unwrap();
        assert_eq!(reply, json!({"error": "unknown sandbox command \"nope\""}));
    }
}
