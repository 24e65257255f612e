//! Upstream issue #4209: `test/e2e/support/issues/issue_4209.ex` + `tests/issues/4209.spec.js`.
//!
//! `/issues/4209`: a panel with a hook (locked while its event is in flight) holds a live
//! component; the hook's button pushes an event to a nested view that is slow to answer
//! (800 ms) and meanwhile tells the parent to bump a counter outside the panel and to
//! `send_update` the component inside it. The component's new label must stay private to the
//! locked panel until the lock is released.
//!
//! Upstream's child gets the parent's pid in its session and `send`s it messages. Here the
//! parent registers a channel under a fresh number, gives the number to the child in its
//! session, and listens to the channel with an async task; the child sends into it at once
//! (a broadcast would leave only after the child's slow handler returned). Upstream's
//! colocated hook `.LockedPanel` is a page script here (`window.hooks["Issue4209.LockedPanel"]`).

use crate::conformance::layout;
use crate::conformance::routes::Routes;
use liveview::prelude::*;
use liveview::{PageOptions, Rendered};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Adds `/issues/4209` (live_session `default`, with the hook's script).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live_with::<LockedParentLive>("/issues/4209", PageOptions::new().layout(layout::live_with(HOOK, "")))
    });
}

/// The colocated hook.
const HOOK: &str = r##"<script>
window.hooks["Issue4209.LockedPanel"] = {
  mounted() {
    this.el.querySelector("#start-locked-update").addEventListener("click", () => {
      this.pushEventTo("#slow-target-child", "hold-lock", {});
    });
  },
};
</script>
"##;

/// What the child tells its parent (upstream's `:bump_outside` and `:update_child`).
#[derive(Debug, Clone, Copy)]
pub enum ToParent {
    /// Bump the counter outside the panel.
    BumpOutside,
    /// `send_update` the component inside the panel.
    UpdateChild,
}

/// The connected parents' channels, by the number their children get in their session.
static PARENTS: Mutex<Option<HashMap<u64, UnboundedSender<ToParent>>>> = Mutex::new(None);
static NEXT_PARENT: AtomicU64 = AtomicU64::new(1);

fn register() -> (u64, UnboundedReceiver<ToParent>) {
    let (tx, rx) = unbounded_channel();
    let id = NEXT_PARENT.fetch_add(1, Ordering::Relaxed);
    PARENTS.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert_with(HashMap::new).insert(id, tx);
    (id, rx)
}

fn send_to_parent(id: u64, msg: ToParent) {
    if let Some(tx) = PARENTS.lock().unwrap_or_else(PoisonError::into_inner).as_ref().and_then(|m| m.get(&id)) {
        let _ = tx.send(msg);
    }
}

/// One message from the channel, and the receiver to listen again.
#[derive(Debug)]
pub struct Received(Result<(Option<ToParent>, UnboundedReceiver<ToParent>), AsyncError<String>>);

fn listen(socket: &mut Socket, mut rx: UnboundedReceiver<ToParent>) {
    socket.start_async(
        "parent-channel",
        async move {
            let msg = rx.recv().await;
            Ok::<_, String>((msg, rx))
        },
        Received,
    );
}

/// Upstream's `ChildComponent`.
#[live_component]
#[derive(Debug, Default)]
pub struct ChildComponent {
    label: String,
}

#[live_component]
impl ChildComponent {
    fn update(&mut self, label: String) {
        self.label = label;
    }

    fn render(&self) -> Rendered {
        html! {
            <div id="locked-child-content">
                <span id="locked-child-label">{self.label}</span>
            </div>
        }
    }
}

/// Upstream's `SlowTargetLive`.
#[live_view]
#[derive(Debug, Default)]
pub struct SlowTargetLive {
    parent: u64,
}

#[live_view]
impl SlowTargetLive {
    fn mount(session: &Session) -> Self {
        SlowTargetLive { parent: session.get("parent").unwrap_or_default() }
    }

    /// Tells the parent, then answers 800 ms later (upstream's `Process.sleep(800)`).
    #[event("hold-lock")]
    async fn hold_lock(&mut self) {
        send_to_parent(self.parent, ToParent::BumpOutside);
        send_to_parent(self.parent, ToParent::UpdateChild);
        tokio::time::sleep(Duration::from_millis(800)).await;
    }

    fn render(&self) -> Rendered {
        html! { <div id="slow-target-child">"slow target"</div> }
    }
}

/// `/issues/4209`.
#[live_view]
#[derive(Debug, Default)]
pub struct LockedParentLive {
    outside_count: u64,
    /// The number of this parent's channel (0 on the dead render).
    channel: u64,
}

#[live_view]
impl LockedParentLive {
    fn mount(socket: &mut Socket) -> Self {
        let mut view = LockedParentLive::default();
        if socket.connected() {
            let (id, rx) = register();
            view.channel = id;
            listen(socket, rx);
        }
        view
    }

    #[info]
    fn received(&mut self, Received(result): Received, socket: &mut Socket) {
        let Ok((msg, rx)) = result else { return };
        match msg {
            Some(ToParent::BumpOutside) => self.outside_count += 1,
            Some(ToParent::UpdateChild) => socket.send_update::<ChildComponent>("locked-child", "child 1".to_owned()),
            None => return,
        }
        listen(socket, rx);
    }

    fn render(&self) -> Rendered {
        html! {
            <div id="outside-count">{self.outside_count}</div>
            <div id="locked-panel" phx-hook="Issue4209.LockedPanel">
                {live_component::<ChildComponent>("locked-child", "child 0".to_owned())}
                <button id="start-locked-update" type="button">"Start locked update"</button>
            </div>
            <div id="slow-target">
                {live_render::<SlowTargetLive>("slow-target-live").session("parent", self.channel)}
            </div>
        }
    }
}
