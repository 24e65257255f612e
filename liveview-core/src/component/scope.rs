//! The render scope: while the runtime renders a view or a component, `live_component` calls
//! on this thread find (or allocate) their cids here and leave their props for the runtime.
//!
//! A render is synchronous, so a thread-local scope set around it is exact; a guard clears it
//! even if the render panics, so no other view on the thread ever sees it.

use super::lifecycle::{MountFn, PropsClone, PropsEq};
use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;

/// A component instance's identity in its view: its type and the id the parent gave it.
pub(super) type Key = (TypeId, String);

/// A component to create.
pub(super) struct New {
    pub(super) mount: MountFn,
    pub(super) name: &'static str,
    pub(super) key: Key,
    pub(super) props_eq: PropsEq,
    pub(super) props_clone: PropsClone,
}

/// One instance to bring up to date after a render.
pub(super) struct Request {
    pub(super) cid: u32,
    /// Set when the cid was allocated by this render.
    pub(super) new: Option<New>,
    /// `None`: render without calling `update` (the target of an event).
    pub(super) props: Option<Box<dyn Any + Send>>,
    /// The props come from a render of the embedding view or component (not `send_update`):
    /// props equal to that render's previous ones change nothing.
    pub(super) from_render: bool,
}

/// The cids known to the view, lent to a render.
pub(super) struct Scope {
    pub(super) by_key: HashMap<Key, u32>,
    pub(super) next_cid: u32,
    pub(super) requests: Vec<Request>,
}

thread_local! {
    static SCOPE: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

struct Clear;

impl Drop for Clear {
    fn drop(&mut self) {
        SCOPE.with(|s| s.borrow_mut().take());
    }
}

/// Runs `f` (a render) with `scope` installed; returns its result and the scope.
pub(super) fn render<R>(scope: Scope, f: impl FnOnce() -> R) -> (R, Scope) {
    SCOPE.with(|s| *s.borrow_mut() = Some(scope));
    let guard = Clear;
    let r = f();
    let scope = SCOPE.with(|s| s.borrow_mut().take());
    drop(guard);
    // Installed above and only taken here (or by the guard, after a panic).
    (r, scope.unwrap_or_else(|| unreachable!("the render scope is taken only when the render ends")))
}

/// Calls `f` with the current scope, if a render is under way on this thread.
pub(super) fn with<R>(f: impl FnOnce(&mut Scope) -> R) -> Option<R> {
    SCOPE.with(|s| s.borrow_mut().as_mut().map(f))
}
