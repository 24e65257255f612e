//! Upstream issue #3651: `test/e2e/support/issues/issue_3651.ex` + `tests/issues/3651.spec.js`.
//!
//! Nested hooks: the outer one pushes an event when it mounts (so the inner element is
//! patched while locked), the inner one has a dynamic id that changes right after the join
//! and answers each `myevent` with a `reload` event 50 ms later (which pushes `myevent`
//! again). A "ghost" inner hook that the client never destroyed would double the events on
//! every round; with the fix they stay one at a time. The inner hook's `destroyed` empties
//! `#notice`.

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};
use serde_json::json;

/// Adds `/issues/3651` to live_session `default`, with the hooks in its `pre_script`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<Issue3651Live>("/issues/3651", PageOptions::new().layout(layout::live_with(PRE_SCRIPT, "")))
    });
}

/// Upstream's `pre_script` assign: the two hooks.
const PRE_SCRIPT: &str = r#"<script>
window.hooks.OuterHook = {
  mounted() {
    this.pushEvent("lol");
  },
};
window.hooks.InnerHook = {
  mounted() {
    console.log("MOUNTED", this.el);
    this.handleEvent("myevent", () => setTimeout(() => {
      console.warn("reloading", this.el);
      this.pushEvent("reload", {});
    }, 50));
  },
  destroyed() {
    document.getElementById("notice").innerHTML = "";
    console.log("DESTROYED", this.el);
  },
};
</script>
"#;

/// `/issues/3651`.
#[live_view]
#[derive(Debug)]
pub struct Issue3651Live {
    id: u32,
    counter: u32,
}

/// Change the inner hook's id (sent to itself on the connected mount).
#[derive(Debug)]
pub struct ChangeId;

#[live_view]
impl Issue3651Live {
    fn mount(socket: &mut Socket) -> Self {
        if socket.connected() {
            socket.send_info(ChangeId);
        }
        socket.push_event("myevent", json!({}));
        Issue3651Live { id: 1, counter: 0 }
    }

    #[info]
    fn change_id(&mut self, _: ChangeId) {
        self.id = 2;
    }

    #[event("lol")]
    fn lol(&mut self) {}

    #[event("reload")]
    fn reload(&mut self, socket: &mut Socket) -> Result<()> {
        self.counter += 1;
        socket.push_event("myevent", json!({}));
        if self.counter > 4096 {
            return Err(Error::msg("that's enough, bye!"));
        }
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! {
            <div id="main" phx-hook={elsewhere("OuterHook")}>
                <div phx-hook={elsewhere("InnerHook")} id={format_args!("id-{}", self.id)}></div>
                "This is an example of nested hooks resulting in a \"ghost\" element
                that isn't on the DOM, and is never cleaned up. In this specific example
                a timeout is used to show how the number of events being sent to the server
                grows exponentially."
                <p>"Doing any of the following things fixes it:"</p>
                <ol>
                    <li>"Setting the `phx-hook` to use a fixed id."</li>
                    <li>"Removing the `pushEvent` from the OuterHook `mounted` callback."</li>
                    <li>"Deferring the pushEvent by wrapping it in a setTimeout."</li>
                </ol>
            </div>
            <div>"To prevent blowing up your computer, the page will reload after 4096 events, which takes ~12 seconds"</div>
            <div style="color: blue; font-size: 20px" id="counter">
                "Total Event Calls: "<span id="total">{self.counter}</span>
            </div>
            <div style="color: red; font-size: 72px" id="notice" phx-update="ignore">
                "I will disappear if the bug is not present."
            </div>
        }
    }
}
