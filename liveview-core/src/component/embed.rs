//! What views and components write: [`live_component`] in `html!`, [`Myself`] for
//! `phx-target`, and `socket.myself()` / `socket.send_update::<C>(..)`.

use super::lifecycle::{LiveComponent, mount_fn, props_fns};
use super::scope::{self, New, Request};
use crate::rendered::{AttrValue, Dynamic};
use crate::socket::{ComponentUpdate, Socket};
use std::any::TypeId;

/// Embeds live component `C` with `id` (unique among the view's components of type `C`) and
/// its props: `{live_component::<Card>(id, props)}` in `html!`.
///
/// The first render of an id mounts an instance; a later render of the parent that passes
/// different props calls its `update` (equal props: nothing happens to the instance). An instance the parent stops rendering is freed once the browser
/// has removed it (the destroy protocol); rendering its id later mounts a new one.
pub fn live_component<C: LiveComponent>(id: impl ToString, props: C::Props) -> Dynamic {
    let key = (TypeId::of::<C>(), id.to_string());
    // A tracked loop must not skip the row that places this component next time.
    crate::rendered::effect();
    let cid = scope::with(|s| {
        let (cid, new) = match s.by_key.get(&key) {
            Some(&cid) => (cid, None),
            None => {
                let cid = s.next_cid;
                s.next_cid += 1;
                s.by_key.insert(key.clone(), cid);
                let (props_eq, props_clone) = props_fns::<C>();
                let name = std::any::type_name::<C>();
                (cid, Some(New { mount: mount_fn::<C>(), name, key, props_eq, props_clone }))
            }
        };
        s.requests.push(Request { cid, new, props: Some(Box::new(props)), from_render: true });
        cid
    });
    match cid {
        Some(cid) => Dynamic::Component(cid),
        None => {
            tracing::warn!(
                component = std::any::type_name::<C>(),
                "live_component rendered outside a view's render; it renders nothing"
            );
            Dynamic::empty()
        }
    }
}

/// A component instance as an event target: `phx-target={myself}` (renders its cid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Myself(pub(crate) u32);

impl Myself {
    /// The instance's cid.
    pub fn cid(self) -> u32 {
        self.0
    }
}

impl std::fmt::Display for Myself {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl AttrValue for Myself {
    fn write_attr(self, name: &str, out: &mut String) {
        self.0.write_attr(name, out)
    }
}

impl AttrValue for &Myself {
    fn write_attr(self, name: &str, out: &mut String) {
        self.0.write_attr(name, out)
    }
}

impl Socket {
    /// The component instance whose callback runs now: `phx-target={socket.myself()}`.
    ///
    /// Panics outside a live component's callbacks (a view has no `myself`).
    pub fn myself(&self) -> Myself {
        match self.myself {
            Some(cid) => Myself(cid),
            None => panic!("socket.myself() is only available in a live component's callbacks, not in a view's"),
        }
    }

    /// Sends new props to the instance of `C` with `id`: after the current handler, the
    /// instance's `update` runs with them and it re-renders (the parent does not). An id with
    /// no instance is logged and ignored.
    pub fn send_update<C: LiveComponent>(&mut self, id: impl ToString, props: C::Props) {
        self.updates.push(ComponentUpdate {
            type_id: TypeId::of::<C>(),
            type_name: std::any::type_name::<C>(),
            id: id.to_string(),
            props: Box::new(props),
        });
    }
}
