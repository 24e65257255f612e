//! A joined view: events, infos and client `live_patch`, each followed by navigation, render
//! and diff.

use super::app::{App, Captures};
use super::update::{Answer, Effects, Push, Update};
use crate::component::{Components, Pending};
use crate::diff;
use crate::json::{comma, write_str};
use crate::nested::{self, Children};
use crate::rendered::Rendered;
use crate::route::{Params, Url};
use crate::socket::{Info, Navigation, Socket};
use crate::view::{DynView, Error, Event, Reply, Result, Session, ViewFactory};
use serde_json::Value;
use std::sync::Arc;

/// One joined LiveView: its state, socket and the tree the client has.
pub struct ViewRuntime {
    pub(super) app: Arc<App>,
    pub(super) factory: Arc<dyn ViewFactory>,
    pub(super) view: Box<dyn DynView>,
    pub(super) socket: Socket,
    /// The tree the client has: every update is a diff against it.
    pub(super) last: Rendered,
    pub(super) stopped: bool,
    /// The view's live components.
    pub(super) components: Components,
    /// The `live_session` the view was mounted in: a patch stays within it.
    pub(super) group: String,
    /// The session the view mounted with (its nested views inherit it).
    pub(super) session: Session,
    /// Its nested views' containers, once it renders one.
    pub(super) children: Option<Box<Children>>,
    /// The view is nested in another (`live_render`): it has no URL of its own to patch.
    pub(super) nested: bool,
    /// A sticky nested view: its `push_navigate` navigates the page, and it lives on (as in
    /// Phoenix, where the client keeps it across the navigation).
    pub(super) sticky: bool,
}

impl std::fmt::Debug for ViewRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewRuntime")
            .field("view", &self.factory.name())
            .field("id", &self.socket.view_id())
            .field("stopped", &self.stopped)
            .finish()
    }
}

/// The most `push_patch`es `handle_params` may chain in one update (Phoenix's limit): past
/// it the view crashes, as a loop would never end.
const MAX_PATCH_CHAIN: usize = 20;

/// The message a view sends itself when components asked for `send_update`s while it ran
/// them (in their `mount` or `update`, or the view in `mount`, before the instances existed):
/// those run in a render cycle of their own after this one, as Phoenix delivers `send_update`
/// as a message. A component that keeps asking for updates therefore goes through the
/// mailbox each time, like any loop of messages, instead of spinning inside one update.
pub(super) struct FlushUpdates;

/// Sends [`FlushUpdates`] if `send_update`s are waiting.
pub(super) fn flush_later(socket: &mut Socket) {
    if !socket.updates.is_empty() {
        socket.send_info(FlushUpdates);
    }
}

/// The object of a `live_redirect` / `redirect` reply or push.
pub(super) fn nav_payload(to: &str, kind: Option<&str>, flash: Option<String>) -> String {
    let mut out = String::from("{\"to\":");
    write_str(&mut out, to);
    if let Some(kind) = kind {
        out.push_str(",\"kind\":");
        write_str(&mut out, kind);
    }
    if let Some(f) = flash {
        out.push_str(",\"flash\":");
        write_str(&mut out, &f);
    }
    out.push('}');
    out
}

impl ViewRuntime {
    /// The socket (for inspection).
    pub fn socket(&self) -> &Socket {
        &self.socket
    }

    /// The mounted view's type name.
    pub fn view_name(&self) -> &'static str {
        self.factory.name()
    }

    /// Whether the view has stopped (after a navigation away). A stopped view ignores inputs.
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// Renders the view: its tree and the components it embeds.
    pub(super) fn render(&mut self) -> (Rendered, Pending) {
        let (app, socket, session, group) = (&self.app, &self.socket, &self.session, &self.group);
        let make = || Children::new(app.shared_signer(), socket.view_id(), socket.url(), session, group, true);
        nested::render_view(&mut self.children, &mut self.components, self.view.as_ref(), socket, make)
    }

    /// What the callbacks so far asked of the transport.
    pub(super) fn take_effects(&mut self) -> Effects {
        Effects {
            scheduled: self.socket.take_scheduled(),
            pubsub: self.socket.take_pubsub(),
            uploads: self.socket.take_upload_ops(),
            tasks: self.socket.take_tasks(),
        }
    }

    /// Handles a client event. `Err` means the view crashed.
    pub async fn event(&mut self, event: Event) -> Result<Update> {
        if self.stopped {
            return Ok(Update::new());
        }
        self.socket.begin();
        if let Some(cid) = event.cid {
            return self.component_event(cid, event).await;
        }
        let reply = if event.name == "lv:clear-flash" {
            match event.value.get("key").and_then(Value::as_str) {
                Some(k) => self.socket.clear_flash(k),
                None => self.socket.clear_all_flash(),
            }
            None
        } else {
            let name = event.name.clone();
            match self.view.handle_event(event, &mut self.socket).await {
                Ok(r) => r,
                Err(Error::Payload { event, source }) => {
                    tracing::warn!(view = self.factory.name(), %event, error = %source, "event payload did not decode; event ignored");
                    None
                }
                Err(e) => {
                    tracing::error!(view = self.factory.name(), event = %name, error = %e, "event handler failed; view crashes");
                    return Err(e);
                }
            }
        };
        self.finish(reply.as_ref()).await
    }

    /// Handles an info message. `Err` means the view crashed.
    pub async fn info(&mut self, info: Info) -> Result<Update> {
        if self.stopped {
            return Ok(Update::new());
        }
        self.socket.begin();
        if info.is::<FlushUpdates>() {
            return self.finish_cycle(None, false, Pending::none()).await;
        }
        self.view.handle_info(info, &mut self.socket).await?;
        self.finish(None).await
    }

    /// Handles a client `live_patch` (a patch link or back/forward) to `url`.
    pub async fn live_patch(&mut self, url: &str) -> Result<Update> {
        if self.stopped {
            return Ok(Update::new());
        }
        self.socket.begin();
        let Some(url) = Url::parse(url) else {
            tracing::warn!(view = self.factory.name(), url, "live_patch to an unparseable URL ignored");
            return Ok(Update::new());
        };
        match self.patch_target(url.path()) {
            Some(caps) => {
                let params = Params::new(caps, &url);
                self.socket.set_url(url);
                self.view.handle_params(&params, &mut self.socket).await?;
                self.finish(None).await
            }
            _ => {
                let mut update = Update::new();
                update.answer = Answer::LinkRedirect;
                Ok(update)
            }
        }
    }

    /// After a callback: follow navigation, then render and diff.
    /// An event for component `cid`: its handler runs and only it re-renders (the view too if
    /// the handler navigated within the view or changed the flash). An unknown or destroyed cid
    /// is logged and answered with an empty reply.
    async fn component_event(&mut self, cid: u32, event: Event) -> Result<Update> {
        let name = event.name.clone();
        let component = self.components.name(cid).unwrap_or("?");
        let reply = match self.components.handle_event(event, &mut self.socket).await {
            None => {
                tracing::warn!(view = self.factory.name(), cid, event = %name, "event for a component that does not exist (destroyed?); ignored");
                return Ok(Update::new());
            }
            Some(Ok(r)) => r,
            Some(Err(Error::Payload { event, source })) => {
                tracing::warn!(component, %event, error = %source, "event payload did not decode; event ignored");
                None
            }
            Some(Err(e)) => {
                tracing::error!(component, event = %name, error = %e, "component event handler failed; view crashes");
                return Err(e);
            }
        };
        let parent = self.socket.flash_changed || self.socket.navigation.is_some();
        let mut pending = Pending::none();
        self.components.target(cid, &mut pending);
        self.finish_cycle(reply.as_ref(), parent, pending).await
    }

    /// `cids_will_destroy` (`destroyed: false`, reply `{}`) or `cids_destroyed` (frees the
    /// instances still marked, reply `{"cids":[..]}` with those).
    pub fn cids(&mut self, destroyed: bool, cids: &[u64]) -> String {
        if !destroyed {
            self.components.will_destroy(cids);
            return "{}".to_owned();
        }
        let freed = self.components.destroyed(cids);
        serde_json::json!({ "cids": freed }).to_string()
    }

    pub(super) async fn finish(&mut self, reply: Option<&Reply>) -> Result<Update> {
        self.finish_cycle(reply, true, Pending::none()).await
    }

    /// A [`Self::render_cycle`], with what the callbacks asked of the transport.
    async fn finish_cycle(&mut self, reply: Option<&Reply>, parent: bool, pending: Pending) -> Result<Update> {
        let mut update = self.render_cycle(reply, parent, pending).await?;
        update.effects = self.take_effects();
        Ok(update)
    }

    /// Renders the view (if `parent`), then the components it embeds, those in `pending` and
    /// those `send_update` names, and answers with the diff of all of them.
    async fn render_cycle(&mut self, reply: Option<&Reply>, parent: bool, mut pending: Pending) -> Result<Update> {
        let mut update = Update::new();
        self.settle(&mut update, false).await?;
        if update.stop {
            if !self.socket.events.is_empty() {
                let mut out = String::from("{");
                let mut first = true;
                self.write_extras(&mut out, &mut first, None);
                out.push('}');
                update.before.push(Push { event: "diff", payload: out });
            }
            self.stopped = true;
            return Ok(update);
        }
        let mut out = String::with_capacity(128);
        out.push('{');
        let mut first = true;
        if parent {
            let (new, embedded) = self.render();
            diff::write_diff_members(&mut out, &self.last, &new, &mut first);
            self.last = new;
            pending.extend(embedded);
        }
        self.components.take_updates(&mut self.socket, &mut pending);
        let cids = self.components.run(pending, &mut self.socket).await?;
        flush_later(&mut self.socket);
        self.components.write_members(&mut out, &mut first, &cids);
        self.write_extras(&mut out, &mut first, reply);
        out.push('}');
        if !first {
            update.answer = Answer::Diff(out);
        }
        Ok(update)
    }

    /// Applies requested navigation. Patches to this view run `handle_params` (repeatedly if
    /// it patches again); anything else ends the view. In a join, a patch becomes the reply's
    /// `live_patch` field (returned) instead of a push.
    /// The captures of `path` when a patch may go there: a route to this view's type in this
    /// view's `live_session` (a patch runs no `on_mount` hooks, so it must not cross groups;
    /// anything else becomes live navigation, which the target group authorizes on its join).
    fn patch_target(&self, path: &str) -> Option<Captures> {
        let r = self.app.resolve_route(path)?;
        (r.factory.type_id() == self.factory.type_id() && r.group.name() == self.group).then_some(r.captures)
    }

    pub(super) async fn settle(&mut self, update: &mut Update, in_join: bool) -> Result<Option<String>> {
        let mut join_patch = None;
        let mut patches = 0;
        loop {
            match self.socket.navigation.take() {
                None => return Ok(join_patch),
                Some(Navigation::Patch(loc)) if self.nested => {
                    // The URL is the page's: only its view patches it (as in Phoenix).
                    return Err(Error::msg(format!(
                        "push_patch({loc}) from nested LiveView {}: only the page's view can patch the URL; use push_navigate",
                        self.socket.view_id()
                    )));
                }
                Some(Navigation::Patch(_)) if patches == MAX_PATCH_CHAIN => {
                    return Err(Error::msg(format!(
                        "too many redirects for {}: handle_params patched {MAX_PATCH_CHAIN} times in a row; check it for an endless push_patch loop",
                        self.factory.name()
                    )));
                }
                Some(Navigation::Patch(loc)) => {
                    patches += 1;
                    let to = loc.to_string();
                    let target = Url::parse(&to).and_then(|u| self.patch_target(u.path()).map(|c| (u, c)));
                    match target {
                        Some((url, caps)) => {
                            let payload = nav_payload(&to, Some(loc.kind()), None);
                            if in_join {
                                join_patch = Some(payload);
                            } else {
                                update.before.push(Push { event: "live_patch", payload });
                            }
                            let params = Params::new(caps, &url);
                            self.socket.set_url(url);
                            self.view.handle_params(&params, &mut self.socket).await?;
                        }
                        _ => {
                            tracing::debug!(to, "push_patch to another view becomes push_redirect");
                            self.socket.navigation = Some(Navigation::Redirect(loc));
                        }
                    }
                }
                Some(Navigation::Redirect(loc)) => {
                    let flash = self.app.sign_flash(self.socket.flash());
                    update.answer = Answer::LiveRedirect(nav_payload(&loc.to_string(), Some(loc.kind()), flash));
                    update.stop = !self.sticky;
                    return Ok(None);
                }
                Some(Navigation::External(to)) => {
                    let flash = self.app.sign_flash(self.socket.flash());
                    update.answer = Answer::Redirect(nav_payload(&to, None, flash));
                    update.stop = true;
                    return Ok(None);
                }
            }
        }
    }

    /// Writes `"e"`, `"t"` and `"r"` members for this update.
    pub(super) fn write_extras(&mut self, out: &mut String, first: &mut bool, reply: Option<&Reply>) {
        if !self.socket.events.is_empty() {
            comma(out, first);
            out.push_str("\"e\":[");
            for (i, (name, payload)) in self.socket.events.drain(..).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                write_str(out, &name);
                out.push(',');
                out.push_str(&payload.to_string());
                out.push(']');
            }
            out.push(']');
        }
        if self.socket.title_changed {
            if let Some(t) = self.socket.title() {
                comma(out, first);
                out.push_str("\"t\":");
                write_str(out, t);
            }
            self.socket.title_changed = false;
        }
        if let Some(Reply(r)) = reply {
            comma(out, first);
            out.push_str("\"r\":");
            out.push_str(&r.to_string());
        }
    }
}
