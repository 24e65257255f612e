//! The socket handed to every callback: the push API and per-view connection facts.
//!
//! Everything pushed during one callback is delivered with that callback's reply or diff, in
//! order: push events (`"e"`), a page title (`"t"`), flash changes, and at most one navigation
//! (the last one asked for wins).

use crate::info::{Decoder, decoder};
use crate::presence::{PresenceDecoder, presence_decoder};
use crate::route::Url;
use crate::task::{AsyncError, AsyncOp, erase};
use crate::upload::{Upload, UploadConfig, UploadOp, UploadedEntry, Uploads};
use serde::Serialize;
use serde_json::Value;
use std::any::Any;
use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

/// The one path is [`crate::info::Info`]; kept here for `runtime`, `view` and liveview-server,
/// which still import it from `socket`.
pub use crate::info::Info;

/// Where to navigate: a path with optional query parameters and a history mode.
///
/// ```
/// use liveview_core::socket::Location;
/// let to = Location::new("/push").param("bar", "baz").replace();
/// assert_eq!(to.to_string(), "/push?bar=baz");
/// assert!(to.is_replace());
/// let plain: Location = "/counter".into();
/// assert!(!plain.is_replace());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    path: String,
    query: Vec<(String, String)>,
    replace: bool,
}

impl Location {
    /// A location at `path` (which may already carry a `?query`).
    pub fn new(path: impl Into<String>) -> Self {
        Location { path: path.into(), query: Vec::new(), replace: false }
    }

    /// Adds a query parameter (url-encoded when rendered).
    pub fn param(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Adds several query parameters.
    pub fn params<K: Into<String>, V: ToString>(mut self, params: impl IntoIterator<Item = (K, V)>) -> Self {
        self.query.extend(params.into_iter().map(|(k, v)| (k.into(), v.to_string())));
        self
    }

    /// Replaces the current browser history entry instead of pushing a new one.
    pub fn replace(mut self) -> Self {
        self.replace = true;
        self
    }

    /// Whether history is replaced rather than pushed.
    pub fn is_replace(&self) -> bool {
        self.replace
    }

    pub(crate) fn kind(&self) -> &'static str {
        if self.replace { "replace" } else { "push" }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path)?;
        if !self.query.is_empty() {
            let mut q = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &self.query {
                q.append_pair(k, v);
            }
            f.write_str(if self.path.contains('?') { "&" } else { "?" })?;
            f.write_str(&q.finish())?;
        }
        Ok(())
    }
}

impl From<&str> for Location {
    fn from(path: &str) -> Self {
        Location::new(path)
    }
}

impl From<String> for Location {
    fn from(path: String) -> Self {
        Location::new(path)
    }
}

/// A navigation requested by a callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Navigation {
    /// `push_patch`: same view, new URL, `handle_params` runs.
    Patch(Location),
    /// `push_redirect`: another (or a fresh) view mounts over the same socket.
    Redirect(Location),
    /// `redirect`: full page load.
    External(String),
}

/// An info to deliver to this view, now (after the current callback) or after a delay.
#[derive(Debug)]
pub struct Scheduled {
    /// `None`: as soon as the current callback's output is sent.
    pub delay: Option<Duration>,
    /// The message.
    pub info: Info,
}

/// A pubsub request made by a callback; the transport carries it out.
pub enum PubSubOp {
    /// Start receiving broadcasts on `topic`, decoded by `decoder`.
    Subscribe {
        /// The topic.
        topic: String,
        /// Turns a payload into an [`Info`] of the subscribed type.
        decoder: Decoder,
    },
    /// Stop receiving broadcasts on `topic`.
    Unsubscribe {
        /// The topic.
        topic: String,
    },
    /// Broadcast a JSON payload on `topic`.
    Broadcast {
        /// The topic.
        topic: String,
        /// The encoded message.
        payload: Vec<u8>,
    },
    /// Track the view as present on `topic` under `key` (replacing its meta if it already is).
    Track {
        /// The topic.
        topic: String,
        /// The key (a user id, say).
        key: String,
        /// The metadata, as JSON.
        meta: Value,
    },
    /// Stop tracking the view on `topic` under `key`.
    Untrack {
        /// The topic.
        topic: String,
        /// The key.
        key: String,
    },
    /// Start receiving presence diffs of `topic`, decoded by `decoder`: first everyone
    /// present, then each change.
    SubscribePresence {
        /// The topic.
        topic: String,
        /// Turns a diff into an [`Info`] of the subscribed type.
        decoder: PresenceDecoder,
    },
}

impl std::fmt::Debug for PubSubOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PubSubOp::Subscribe { topic, .. } => write!(f, "Subscribe({topic})"),
            PubSubOp::Unsubscribe { topic } => write!(f, "Unsubscribe({topic})"),
            PubSubOp::Broadcast { topic, payload } => write!(f, "Broadcast({topic}, {} bytes)", payload.len()),
            PubSubOp::Track { topic, key, .. } => write!(f, "Track({topic}, {key})"),
            PubSubOp::Untrack { topic, key } => write!(f, "Untrack({topic}, {key})"),
            PubSubOp::SubscribePresence { topic, .. } => write!(f, "SubscribePresence({topic})"),
        }
    }
}

/// Flash messages by kind (`"info"`, `"error"`, ...).
pub type Flash = BTreeMap<String, String>;

/// The socket of one LiveView: read connection facts and push to the client.
#[derive(Debug)]
pub struct Socket {
    view_id: String,
    connected: bool,
    url: Url,
    flash: Flash,
    title: Option<String>,
    pub(crate) title_changed: bool,
    pub(crate) events: Vec<(String, Value)>,
    pub(crate) navigation: Option<Navigation>,
    pub(crate) scheduled: Vec<Scheduled>,
    pub(crate) flash_changed: bool,
    pubsub: Vec<PubSubOp>,
    /// Values put by `on_mount` hooks for `mount` (one per type).
    assigns: Vec<Box<dyn std::any::Any + Send + Sync>>,
    /// The transport's id of the websocket (binds upload tokens to it); empty when dead.
    socket_id: String,
    /// The join's `params`, while the view mounts over the websocket.
    pub(crate) connect_params: Option<Box<Value>>,
    /// The view's uploads, once `allow_upload` was called.
    pub(crate) uploads: Option<Box<Uploads>>,
    /// The cid of the live component whose callback runs now (`None`: the view's own).
    pub(crate) myself: Option<u32>,
    /// `send_update`s not yet delivered (the runtime delivers them after the handler).
    pub(crate) updates: Vec<ComponentUpdate>,
    /// Async tasks to start or cancel (the transport runs them).
    tasks: Vec<AsyncOp>,
}

/// A `send_update` on its way to a live component: its type, its id and the props, type-erased.
pub(crate) struct ComponentUpdate {
    pub(crate) type_id: std::any::TypeId,
    pub(crate) type_name: &'static str,
    pub(crate) id: String,
    pub(crate) props: Box<dyn std::any::Any + Send>,
}

impl std::fmt::Debug for ComponentUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComponentUpdate").field("component", &self.type_name).field("id", &self.id).finish()
    }
}

/// Whether `topic` is reserved for the framework (it starts with `__`); if so `op` on it is
/// logged as refused.
fn reserved(topic: &str, op: &str) -> bool {
    let reserved = topic.starts_with("__");
    if reserved {
        tracing::warn!(%topic, "{op} refused: topics starting with `__` are reserved for the framework (presence trackers use `__presence`); pick another topic name");
    }
    reserved
}

impl Socket {
    /// A socket for view `view_id` at `url`; `connected` is false during the dead render.
    pub fn new(view_id: impl Into<String>, connected: bool, url: Url) -> Self {
        Socket {
            view_id: view_id.into(),
            connected,
            url,
            flash: Flash::new(),
            title: None,
            title_changed: false,
            events: Vec::new(),
            navigation: None,
            scheduled: Vec::new(),
            flash_changed: false,
            pubsub: Vec::new(),
            assigns: Vec::new(),
            socket_id: String::new(),
            connect_params: None,
            uploads: None,
            myself: None,
            updates: Vec::new(),
            tasks: Vec::new(),
        }
    }

    pub(crate) fn set_socket_id(&mut self, id: &str) {
        self.socket_id = id.to_owned();
    }

    pub(crate) fn set_connect_params(&mut self, params: &Value) {
        self.connect_params = params.is_object().then(|| Box::new(params.clone()));
    }

    /// The params the client's `LiveSocket` sent with the join (its `params` option: set them
    /// with the router's, a group's or a route's `client_options`, e.g.
    /// `"{params: {timezone: Intl.DateTimeFormat().resolvedOptions().timeZone}}"`, merged with
    /// the CSRF token; plus `_mounts`: how many times this container mounted before), as Phoenix's
    /// `get_connect_params`. Only during the websocket join (in `mount`, the `on_mount` hooks
    /// and the `handle_params` of a patch they ask for); `None` during the dead render and once
    /// the view has joined.
    pub fn connect_params(&self) -> Option<&Value> {
        self.connect_params.as_deref()
    }

    /// Puts `value` on the socket, replacing an earlier value of the same type. `on_mount`
    /// hooks use it to hand `mount` what they found (the current user, say).
    pub fn assign<T: Send + Sync + 'static>(&mut self, value: T) {
        self.assigns.retain(|v| !v.is::<T>());
        self.assigns.push(Box::new(value));
    }

    /// The value of type `T` put by [`Socket::assign`], if any.
    pub fn assigned<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.assigns.iter().find_map(|v| v.downcast_ref::<T>())
    }

    /// Whether the view runs over a websocket (false during the HTTP dead render).
    pub fn connected(&self) -> bool {
        self.connected
    }

    /// The LiveView's DOM id (the channel topic is `lv:<id>`): unique among the page's views
    /// only. A page's root view gets `phx-` and 3 random characters (short, as it travels in
    /// every frame), so two pages may share one: do not use it as a user's or a session's key.
    pub fn view_id(&self) -> &str {
        &self.view_id
    }

    /// The current URL (path and query).
    pub fn url(&self) -> &Url {
        &self.url
    }

    pub(crate) fn set_url(&mut self, url: Url) {
        self.url = url;
    }

    /// Pushes an event to the client: `window` gets `phx:<name>` with `payload` as `detail`, and
    /// hooks that called `handleEvent(name)` get `payload`. Delivered after this update's patch.
    ///
    /// A payload that cannot be serialized is logged and sent as `null`.
    pub fn push_event(&mut self, name: impl Into<String>, payload: impl Serialize) {
        let name = name.into();
        let payload = serde_json::to_value(payload).unwrap_or_else(|e| {
            tracing::warn!(event = %name, error = %e, "push_event payload is not serializable; sending null");
            Value::Null
        });
        self.events.push((name, payload));
    }

    /// Changes the URL without leaving the view: the browser history gets `to` (pushed, or
    /// replaced with [`Location::replace`]) and `handle_params` runs; its changes render in the
    /// same update.
    pub fn push_patch(&mut self, to: impl Into<Location>) {
        self.navigation = Some(Navigation::Patch(to.into()));
    }

    /// Navigates live: this view shuts down and the view routed at `to` mounts over the same
    /// socket, without a page load (the same view may mount again, freshly). Flash carries over.
    pub fn push_redirect(&mut self, to: impl Into<Location>) {
        self.navigation = Some(Navigation::Redirect(to.into()));
    }

    /// Phoenix's name for [`Socket::push_redirect`].
    pub fn push_navigate(&mut self, to: impl Into<Location>) {
        self.push_redirect(to)
    }

    /// Full page navigation to `url` (a path or an absolute URL). Flash carries over.
    pub fn redirect(&mut self, url: impl Into<String>) {
        self.navigation = Some(Navigation::External(url.into()));
    }

    /// The navigation requested so far in this callback, if any.
    pub fn navigation(&self) -> Option<&Navigation> {
        self.navigation.as_ref()
    }

    /// Sets a flash message of `kind`.
    pub fn put_flash(&mut self, kind: impl Into<String>, message: impl Into<String>) {
        self.flash.insert(kind.into(), message.into());
        self.flash_changed = true;
    }

    /// Clears the flash message of `kind`.
    pub fn clear_flash(&mut self, kind: &str) {
        self.flash_changed |= self.flash.remove(kind).is_some();
    }

    /// Clears every flash message.
    pub fn clear_all_flash(&mut self) {
        self.flash_changed |= !self.flash.is_empty();
        self.flash.clear();
    }

    /// The current flash messages.
    pub fn flash(&self) -> &Flash {
        &self.flash
    }

    /// A flash message of `kind`.
    pub fn flash_of(&self, kind: &str) -> Option<&str> {
        self.flash.get(kind).map(String::as_str)
    }

    pub(crate) fn set_flash(&mut self, flash: Flash) {
        self.flash = flash;
    }

    /// Sets the page title (`<title>`, honouring its `data-prefix`/`data-suffix`).
    pub fn page_title(&mut self, title: impl Into<String>) {
        let title = title.into();
        if self.title.as_deref() != Some(title.as_str()) {
            self.title = Some(title);
            self.title_changed = true;
        }
    }

    /// The page title set so far, if any.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Sends `msg` to this view's `handle_info`, after the current callback's update is sent.
    pub fn send_info<M: Any + Send>(&mut self, msg: M) {
        self.scheduled.push(Scheduled { delay: None, info: Info::new(msg) });
    }

    /// Sends `msg` to this view's `handle_info` after `delay`. If the view is gone by then,
    /// the message is dropped.
    pub fn send_after<M: Any + Send>(&mut self, delay: Duration, msg: M) {
        self.scheduled.push(Scheduled { delay: Some(delay), info: Info::new(msg) });
    }

    /// Runs `future` in the background under `name` (Phoenix's `start_async`): the view keeps
    /// handling events meanwhile, and when the future ends, `deliver` turns its outcome into a
    /// message that this view's `#[info]` handler for that type receives (then the view
    /// re-renders, as after any info).
    ///
    /// - an `Err(e)` of the future arrives as [`AsyncError::Failed`]`(e)`, a panic in it as
    ///   [`AsyncError::Panicked`]: neither crashes the view (a panic is caught where it
    ///   unwinds: under `panic = "abort"` it ends the process, as every panic does);
    /// - starting `name` again cancels the task still running under that name: only the new
    ///   one reports (so a "reload" button never shows a stale result);
    /// - the task is cancelled (dropped at its next `.await`) when the view stops, and by
    ///   [`Socket::cancel_async`]; a cancelled task reports nothing;
    /// - it only runs on a connected socket: during the dead render the future is dropped
    ///   unpolled (start it in `mount`, which runs again once connected).
    ///
    /// The future must be `Send + 'static`: move what it needs into it (clone it out of
    /// `self` first) instead of borrowing the view, which it outlives. Results always go to
    /// the view's `#[info]` handlers, also when a live component starts the task.
    ///
    /// ```
    /// use liveview_core::Socket;
    /// use liveview_core::task::AsyncError;
    ///
    /// /// The view's `#[info] fn loaded(&mut self, msg: Loaded)` receives it.
    /// struct Loaded(Result<u32, AsyncError<String>>);
    ///
    /// fn reload(socket: &mut Socket) {
    ///     socket.start_async("answer", async { Ok::<u32, String>(42) }, Loaded);
    /// }
    /// ```
    pub fn start_async<T, E, M, F, D>(&mut self, name: impl Into<String>, future: F, deliver: D)
    where
        F: Future<Output = Result<T, E>> + Send + 'static,
        D: FnOnce(Result<T, AsyncError<E>>) -> M + Send + 'static,
        M: Any + Send,
    {
        if self.connected {
            self.tasks.push(AsyncOp::Start { name: name.into(), future: erase(future, deliver) });
        }
    }

    /// Cancels the task started as `name` by [`Socket::start_async`], if it still runs: it
    /// is dropped and reports nothing.
    pub fn cancel_async(&mut self, name: impl Into<String>) {
        if self.connected {
            self.tasks.push(AsyncOp::Cancel { name: name.into() });
        }
    }

    /// Receives every message broadcast on `topic` in the `#[info]` handler for `M` (messages
    /// that do not decode as `M` are logged and dropped). Only effective on a connected socket;
    /// the subscription ends when the view ends.
    ///
    /// Topics starting with `__` are the framework's (presence trackers talk on `__presence`):
    /// subscribing to one is logged as a warning and does nothing.
    pub fn subscribe<M: serde::de::DeserializeOwned + Send + 'static>(&mut self, topic: impl Into<String>) {
        let topic = topic.into();
        if self.connected && !reserved(&topic, "subscribe") {
            self.pubsub.push(PubSubOp::Subscribe { topic, decoder: decoder::<M>() });
        }
    }

    /// Stops receiving broadcasts on `topic`.
    pub fn unsubscribe(&mut self, topic: impl Into<String>) {
        self.pubsub.push(PubSubOp::Unsubscribe { topic: topic.into() });
    }

    /// Broadcasts `msg` (as JSON) to every subscriber of `topic` on every node, this view
    /// included if it is subscribed. Sent after the current callback's update.
    ///
    /// Topics starting with `__` are the framework's (presence trackers talk on `__presence`):
    /// broadcasting to one is logged as a warning and does nothing, so a view cannot forge
    /// their messages.
    pub fn broadcast<M: Serialize>(&mut self, topic: impl Into<String>, msg: &M) {
        let topic = topic.into();
        if reserved(&topic, "broadcast") {
            return;
        }
        match serde_json::to_vec(msg) {
            Ok(payload) => self.pubsub.push(PubSubOp::Broadcast { topic, payload }),
            Err(e) => tracing::warn!(%topic, error = %e, "broadcast message is not serializable; dropped"),
        }
    }

    /// Tracks this view as present on `topic` under `key`, with `meta` (Phoenix's
    /// `Presence.track`), on every node; views subscribed with
    /// [`Socket::subscribe_presence`] see it join. It leaves when the view stops, however it
    /// stops (leave, crash, navigation, closed socket), or on [`Socket::untrack`]. Tracking the
    /// same topic and key again replaces the meta (a leave and a join, in one diff).
    ///
    /// Several views may track one key (two tabs of one user): one presence with two metas.
    /// Only effective on a connected socket; a meta that cannot be serialized is logged and
    /// nothing is tracked. One view may track 64 topic and key pairs at once: a view that
    /// tracks more crashes (a handler that tracks keys taken from client input would let a
    /// client grow presence on every node without bound).
    pub fn track<M: Serialize>(&mut self, topic: impl Into<String>, key: impl Into<String>, meta: &M) {
        if !self.connected {
            return;
        }
        let (topic, key) = (topic.into(), key.into());
        match serde_json::to_value(meta) {
            Ok(meta) => self.pubsub.push(PubSubOp::Track { topic, key, meta }),
            Err(e) => tracing::warn!(%topic, %key, error = %e, "presence meta is not serializable; not tracked"),
        }
    }

    /// Stops tracking this view on `topic` under `key` (see [`Socket::track`]).
    pub fn untrack(&mut self, topic: impl Into<String>, key: impl Into<String>) {
        self.pubsub.push(PubSubOp::Untrack { topic: topic.into(), key: key.into() });
    }

    /// Receives who joins and leaves `topic` in the `#[info]` handler for
    /// [`PresenceDiff<M>`](crate::presence::PresenceDiff): first one diff listing everyone
    /// present (as joins), then one per change, in order, so a
    /// [`Presences<M>`](crate::presence::Presences) that applies them is never missing or
    /// double-counting a change. Metas that do not decode as `M` are logged and left out.
    /// Only effective on a connected socket; ends when the view ends.
    pub fn subscribe_presence<M: serde::de::DeserializeOwned + Send + 'static>(&mut self, topic: impl Into<String>) {
        if self.connected {
            self.pubsub.push(PubSubOp::SubscribePresence { topic: topic.into(), decoder: presence_decoder::<M>() });
        }
    }

    /// Allows file uploads named `config.name` (call it in `mount`; again to reconfigure,
    /// which cancels its entries). Render the input with
    /// `<input {socket.upload("name").input()} />` inside a form with `phx-change`.
    pub fn allow_upload(&mut self, config: UploadConfig) {
        let (view_id, socket_id) = (&self.view_id, &self.socket_id);
        self.uploads.get_or_insert_with(|| Box::new(Uploads::new(view_id, socket_id))).allow(config);
    }

    /// The upload `name`: its entries (name, size, progress, errors) and its file input.
    ///
    /// # Panics
    /// When `allow_upload` was not called for `name` (a programming error).
    pub fn upload(&self, name: &str) -> &Upload {
        match self.uploads.as_ref().and_then(|u| u.get(name)) {
            Some(u) => u,
            None => panic!("no upload named {name:?}: call socket.allow_upload(UploadConfig::new({name:?})) in mount"),
        }
    }

    /// Cancels entry `entry_ref` of upload `name` (a `cancel-upload` event's `ref`): it leaves
    /// the list, its upload stops and its data is deleted. `false` when there is no such entry.
    pub fn cancel_upload(&mut self, name: &str, entry_ref: &str) -> bool {
        self.uploads.as_mut().is_some_and(|u| u.cancel(name, entry_ref))
    }

    /// Hands each finished entry of upload `name` to `f` (the temporary file's path and the
    /// entry's metadata), then removes the entries. Each file is deleted after this callback
    /// unless `f` moved it away. Entries still uploading stay.
    pub fn consume_uploaded_entries<R>(&mut self, name: &str, f: impl FnMut(UploadedEntry<'_>) -> R) -> Vec<R> {
        match self.uploads.as_mut() {
            Some(u) => u.consume(name, f),
            None => Vec::new(),
        }
    }

    /// Takes what the transport must do for the uploads.
    pub(crate) fn take_upload_ops(&mut self) -> Vec<UploadOp> {
        self.uploads.as_mut().map(|u| u.take_ops()).unwrap_or_default()
    }

    /// Takes the pubsub requests (the transport carries them out).
    pub(crate) fn take_pubsub(&mut self) -> Vec<PubSubOp> {
        std::mem::take(&mut self.pubsub)
    }

    /// Takes the async-task requests (the transport runs them).
    pub(crate) fn take_tasks(&mut self) -> Vec<AsyncOp> {
        std::mem::take(&mut self.tasks)
    }

    /// Takes the scheduled infos (the transport delivers them).
    pub(crate) fn take_scheduled(&mut self) -> Vec<Scheduled> {
        std::mem::take(&mut self.scheduled)
    }

    pub(crate) fn begin(&mut self) {
        self.events.clear();
        self.navigation = None;
        self.title_changed = false;
        self.flash_changed = false;
    }
}
