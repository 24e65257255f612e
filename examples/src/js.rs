//! `/js`: JS commands. A panel toggled in the browser alone (no message to the server), a push
//! with a value that also shows a toast, commands kept in an attribute and run by `exec`, and
//! the server asking the page to run such an attribute (`push_event` + a window listener that
//! calls `liveSocket.execJS`, in the gallery's hooks module).

use liveview::js::{Classes, Exec, Push, To, ToggleAttribute};
use liveview::prelude::*;

/// Counts the `shown` events its JS push sends.
#[live_view]
#[derive(Debug, Default)]
pub struct Js {
    shown: u64,
    last_n: i64,
}

/// The value the `#push-and-show` push merges into its payload.
#[derive(Debug, serde::Deserialize)]
pub struct Shown {
    n: i64,
}

#[live_view]
impl Js {
    #[event("shown")]
    fn shown(&mut self, shown: Shown) {
        self.shown += 1;
        self.last_n = shown.n;
    }

    /// Runs `#panel`'s `data-mark` commands in the browser (see the `phx:js-exec` listener).
    #[event("mark-from-server")]
    fn mark_from_server(&mut self, socket: &mut Socket) {
        socket.push_event("js-exec", serde_json::json!({"to": "#panel", "attr": "data-mark"}));
    }

    fn render(&self) -> Rendered {
        let push_and_show = JS::new().push(Push::new("shown").value(serde_json::json!({"n": 1}))).show("#toast");
        let pressed = ToggleAttribute::between("aria-pressed", "true", "false");
        let highlight = JS::new().toggle_class(Classes::new("highlight").to("#panel")).toggle_attribute(pressed);
        html! {
            <main>
                <h1>"JS commands"</h1>
                <style>".highlight { background: #ffd } .marked { outline: 2px solid orange }"</style>
                <p>
                    <button id="toggle-panel" phx-click={JS::new().toggle("#panel")}>"Toggle the panel"</button>
                    <button id="highlight" aria-pressed="false" phx-click={highlight}>"Highlight it"</button>
                    <button id="push-and-show" phx-click={push_and_show}>"Push \"shown\" and show the toast"</button>
                    <button id="mark-from-server" phx-click="mark-from-server">"Let the server mark the panel"</button>
                </p>
                <div id="panel" data-mark={JS::new().add_class("marked").set_attribute(("data-marked-by", "server"))}>
                    <p>"Shown and hidden by the browser alone: the server never hears of it."</p>
                </div>
                <div id="toast" role="status" style="display: none" data-dismiss={JS::new().hide(To::this())}>
                    "The server has counted it. "
                    <button id="dismiss" phx-click={JS::new().exec(Exec::new("data-dismiss").to("#toast"))}>"Dismiss"</button>
                </div>
                <p>"shown events: " <span id="shown-count">{self.shown}</span> ", last n: " <span id="last-n">{self.last_n}</span></p>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
