//! `live_session` groups: routes that share `on_mount` hooks and between which live navigation
//! stays on the socket.
//!
//! Every route belongs to exactly one group (the default group has no name and no hooks). The
//! group's name is signed into the page's session token, so a token minted on a page of one
//! group cannot join a view of another: that join is refused `unauthorized` and the official
//! client falls back to a full page load, which runs the other group's hooks over HTTP.

use crate::route::Params;
use crate::socket::Socket;
use crate::view::{BoxFuture, Session};
use std::sync::Arc;

/// What an `on_mount` hook decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum OnMount {
    /// Go on: the next hook runs, then the view mounts.
    Continue,
    /// Stop here: the view does not mount. The hook must have navigated away first
    /// (`socket.redirect("/login")` or `socket.push_navigate(..)`); halting without it is an
    /// error, as in Phoenix.
    Halt,
}

/// A hook that runs before `mount`, on the dead render and again on the connected join.
///
/// Any `Fn(&Params, &Session, &mut Socket) -> OnMount` is one. A hook that has to wait (load
/// the user from a database, say) implements the trait on a type of its own and returns a
/// boxed future. A hook may put values on the socket ([`Socket::assign`]) for `mount` to read.
///
/// ```
/// use liveview_core::live_session::{OnMount, OnMountHook};
/// use liveview_core::view::BoxFuture;
/// use liveview_core::{Params, Session, Socket};
///
/// struct LoadUser; // would hold a connection pool
///
/// impl OnMountHook for LoadUser {
///     fn on_mount<'a>(&'a self, _: &'a Params, session: &'a Session, socket: &'a mut Socket) -> BoxFuture<'a, OnMount> {
///         Box::pin(async move {
///             let Some(id) = session.get::<u64>("user_id") else {
///                 socket.redirect("/login");
///                 return OnMount::Halt;
///             };
///             socket.assign(format!("user {id}")); // an awaited query in a real app
///             OnMount::Continue
///         })
///     }
/// }
/// ```
pub trait OnMountHook: Send + Sync + 'static {
    /// Decides whether the view may mount.
    fn on_mount<'a>(
        &'a self,
        params: &'a Params,
        session: &'a Session,
        socket: &'a mut Socket,
    ) -> BoxFuture<'a, OnMount>;
}

impl<F> OnMountHook for F
where
    F: Fn(&Params, &Session, &mut Socket) -> OnMount + Send + Sync + 'static,
{
    fn on_mount<'a>(
        &'a self,
        params: &'a Params,
        session: &'a Session,
        socket: &'a mut Socket,
    ) -> BoxFuture<'a, OnMount> {
        Box::pin(std::future::ready(self(params, session, socket)))
    }
}

/// A named group of routes and its hooks.
#[derive(Clone, Default)]
pub struct LiveSession {
    name: Arc<str>,
    hooks: Vec<Arc<dyn OnMountHook>>,
}

impl std::fmt::Debug for LiveSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSession").field("name", &self.name).field("hooks", &self.hooks.len()).finish()
    }
}

impl LiveSession {
    /// A group named `name` without hooks. The empty name is the default group.
    pub fn new(name: impl Into<Arc<str>>) -> Self {
        LiveSession { name: name.into(), hooks: Vec::new() }
    }

    /// Adds a hook; hooks run in the order they were added.
    pub fn on_mount(mut self, hook: impl OnMountHook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The group's name (`""` for the default group).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs the hooks in order until one halts.
    pub async fn run_hooks(&self, params: &Params, session: &Session, socket: &mut Socket) -> OnMount {
        for hook in &self.hooks {
            if hook.on_mount(params, session, socket).await == OnMount::Halt {
                return OnMount::Halt;
            }
        }
        OnMount::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::Url;

    #[tokio::test]
    async fn hooks_run_in_order_and_stop_at_the_first_halt() {
        let ran = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (a, b, c) = (ran.clone(), ran.clone(), ran.clone());
        let group = LiveSession::new("g")
            .on_mount(move |_: &Params, _: &Session, _: &mut Socket| {
                a.lock().unwrap().push("a");
                OnMount::Continue
            })
            .on_mount(move |_: &Params, _: &Session, _: &mut Socket| {
                b.lock().unwrap().push("b");
                OnMount::Halt
            })
            .on_mount(move |_: &Params, _: &Session, _: &mut Socket| {
                c.lock().unwrap().push("c");
                OnMount::Continue
            });
        let url = Url::parse("/").unwrap();
        let mut socket = Socket::new("phx-1", false, url.clone());
        assert_eq!(group.run_hooks(&Params::new(vec![], &url), &Session::default(), &mut socket).await, OnMount::Halt);
        assert_eq!(*ran.lock().unwrap(), ["a", "b"]);
        assert_eq!(LiveSession::default().name(), "");
    }
}
