//! The `LiveView` trait (what `#[live_view]` implements) and its type-erased form.

use crate::form::{self, DecodeError};
use crate::rendered::Rendered;
use crate::route::Params;
use crate::socket::{Info, Socket};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable error from user code.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The error of a LiveView callback.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A callback returned an error: the view crashes (the client rejoins and remounts).
    /// The callback's error is the [`source`](std::error::Error::source).
    #[error("{0}")]
    Handler(#[source] BoxError),
    /// An event payload did not decode into the handler's type.
    #[error("event {event:?}: {source}")]
    Payload {
        /// The event name.
        event: String,
        /// What did not decode, with the field path.
        source: DecodeError,
    },
}

impl Error {
    /// Wraps any error (used by generated code for handlers returning `Result<_, E>`).
    pub fn handler(e: impl Into<BoxError>) -> Self {
        Error::Handler(e.into())
    }

    /// An error with a message.
    pub fn msg(msg: impl std::fmt::Display) -> Self {
        Error::Handler(msg.to_string().into())
    }

    /// The error of a callback that returned `Result<_, E>`, boxed: an [`Error`] of our own
    /// comes back as it was (a payload error stays a payload error), anything else becomes
    /// [`Error::Handler`]. Used by [`IntoEventResult`], [`IntoUnitResult`] and the `mount`
    /// that `#[live_view]` generates.
    pub fn from_boxed(e: BoxError) -> Self {
        match e.downcast::<Error>() {
            Ok(own) => *own,
            Err(other) => Error::Handler(other),
        }
    }
}

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The user session (from the signed session token): any JSON map the server put there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session(pub serde_json::Map<String, Value>);

impl Session {
    /// A value by key, decoded.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        self.0.get(key).and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    /// Sets `key` (what `LiveRouter::session_from` returns is signed into the page's tokens,
    /// so keep it small). A value that does not serialize to JSON is left out (and logged).
    pub fn insert(&mut self, key: impl Into<String>, value: impl serde::Serialize) -> &mut Self {
        let key = key.into();
        match serde_json::to_value(value) {
            Ok(v) => {
                self.0.insert(key, v);
            }
            Err(e) => tracing::warn!(key, error = %e, "session value left out: it does not serialize to JSON"),
        }
        self
    }
}

/// A client event (`phx-click`, `phx-change`, `phx-submit`, hook `pushEvent`, keys, focus...).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event name (`phx-click="inc"` → `inc`).
    pub name: String,
    /// `click`, `form`, `hook`, `keyup`, `keydown`, `focus`, `blur`, ...
    pub kind: String,
    /// The raw value: an object of strings, a url-encoded form string, or hook JSON.
    pub value: Value,
    /// Form metadata (`_target`, form `phx-value-*`).
    pub meta: Option<Value>,
    /// The target live component, if any.
    pub cid: Option<u32>,
}

/// An event binding's value that is deliberately not one of this view's (or component's)
/// `#[event]`s: handled by a hook, by another view, by the parent of a component. It returns
/// `event`; written as an expression, `phx-click={elsewhere("save")}`, it opts out of the
/// compile-time check `#[live_view]` and `#[live_component]` make of literal event names.
pub fn elsewhere(event: &str) -> &str {
    event
}

impl Event {
    /// Decodes the payload into `T`:
    /// - `form` events: the url-encoded form (nested names like `user[name]`), with `_target`;
    /// - `hook` events: the JSON as sent;
    /// - others: the `phx-value-*` map (strings coerce to numbers and booleans as needed).
    ///
    /// Errors name the field path (`user.age: invalid digit found in string`).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        match (self.kind.as_str(), &self.value) {
            ("form", Value::String(s)) => {
                let tree = form::form_payload(s, self.meta.as_ref()).map_err(DecodeError::from)?;
                form::decode(&tree)
            }
            ("hook", v) => form::decode_json(v),
            (_, v) => form::decode(&form::from_json(v)),
        }
    }

    /// A form event (`phx-change`, `phx-submit`) as the client sent it: its parameters, the
    /// field that triggered it, and which fields the user has not used yet
    /// ([`FormEvent::is_unused`](form::FormEvent::is_unused): show a field's error only once
    /// it is used). `None` for other events, and for a form payload that does not parse.
    pub fn form(&self) -> Option<form::FormEvent> {
        match (self.kind.as_str(), &self.value) {
            ("form", Value::String(s)) => form::FormEvent::parse(s, self.meta.as_ref()).ok(),
            _ => None,
        }
    }
}

/// A reply to a hook's `pushEvent` (delivered to its callback / promise).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply(pub Value);

impl Reply {
    /// A reply from any serializable value (a map is expected by hooks).
    pub fn new(value: impl serde::Serialize) -> Self {
        Reply(serde_json::to_value(value).unwrap_or(Value::Null))
    }
}

/// What an event handler may return: nothing, a [`Reply`], or a `Result` of those.
pub trait IntoEventResult {
    /// Converts into the runtime's form.
    fn into_event_result(self) -> Result<Option<Reply>>;
}

impl IntoEventResult for () {
    fn into_event_result(self) -> Result<Option<Reply>> {
        Ok(None)
    }
}
impl IntoEventResult for Reply {
    fn into_event_result(self) -> Result<Option<Reply>> {
        Ok(Some(self))
    }
}
impl IntoEventResult for Option<Reply> {
    fn into_event_result(self) -> Result<Option<Reply>> {
        Ok(self)
    }
}
impl<T: IntoEventResult, E: Into<BoxError>> IntoEventResult for std::result::Result<T, E> {
    fn into_event_result(self) -> Result<Option<Reply>> {
        match self {
            Ok(t) => t.into_event_result(),
            Err(e) => Err(Error::from_boxed(e.into())),
        }
    }
}

/// What other callbacks may return: nothing or a `Result<(), E>`.
pub trait IntoUnitResult {
    /// Converts into the runtime's form.
    fn into_unit_result(self) -> Result<()>;
}
impl IntoUnitResult for () {
    fn into_unit_result(self) -> Result<()> {
        Ok(())
    }
}
impl<E: Into<BoxError>> IntoUnitResult for std::result::Result<(), E> {
    fn into_unit_result(self) -> Result<()> {
        self.map_err(|e| Error::from_boxed(e.into()))
    }
}

/// A LiveView. Implement it with `#[live_view]` rather than by hand.
///
/// Callbacks run one at a time, in the order their messages arrived.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a LiveView",
    note = "put `#[live_view]` on the struct and on its impl"
)]
pub trait LiveView: Sized + Send + 'static {
    /// Creates the view's state. Runs twice per page: once for the HTTP dead render
    /// (`socket.connected()` is false) and once when the websocket joins.
    fn mount(params: &Params, session: &Session, socket: &mut Socket) -> impl Future<Output = Result<Self>> + Send;

    /// Runs after `mount` and on every URL change within the view (`push_patch`, live links).
    fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> impl Future<Output = Result<()>> + Send {
        let _ = (params, socket);
        async { Ok(()) }
    }

    /// Whether `render` embeds views with `live_render` (generated by `#[live_view]`): the
    /// runtime then prepares for children before the first render.
    #[doc(hidden)]
    const __NESTS: bool = false;

    /// Registers the views `render` embeds with `live_render` (generated by `#[live_view]`),
    /// so that their joins find them before this view has rendered on this server.
    #[doc(hidden)]
    fn __register_nested() {}

    /// Handles a client event. Unknown events are logged and acknowledged.
    fn handle_event(
        &mut self,
        event: Event,
        socket: &mut Socket,
    ) -> impl Future<Output = Result<Option<Reply>>> + Send {
        let _ = socket;
        async move {
            tracing::warn!(event = %event.name, view = std::any::type_name::<Self>(), "no handler for event; ignored");
            Ok(None)
        }
    }

    /// Handles a message sent with `send_info`/`send_after` or a pubsub broadcast.
    fn handle_info(&mut self, info: Info, socket: &mut Socket) -> impl Future<Output = Result<()>> + Send {
        let _ = socket;
        async move {
            tracing::warn!(
                view = std::any::type_name::<Self>(),
                message = info.type_name(),
                "no handle_info for this message; dropped"
            );
            Ok(())
        }
    }

    /// Renders the view. Must not have side effects: it runs after every callback.
    fn render(&self, socket: &Socket) -> Rendered;
}

/// A boxed future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A mounted view, type-erased.
pub trait DynView: Send {
    /// See [`LiveView::handle_params`].
    fn handle_params<'a>(&'a mut self, params: &'a Params, socket: &'a mut Socket) -> BoxFuture<'a, Result<()>>;
    /// See [`LiveView::handle_event`].
    fn handle_event<'a>(&'a mut self, event: Event, socket: &'a mut Socket) -> BoxFuture<'a, Result<Option<Reply>>>;
    /// See [`LiveView::handle_info`].
    fn handle_info<'a>(&'a mut self, info: Info, socket: &'a mut Socket) -> BoxFuture<'a, Result<()>>;
    /// See [`LiveView::render`].
    fn render(&self, socket: &Socket) -> Rendered;
    /// Whether the view's render is known to embed nested views.
    fn nests(&self) -> bool;
}

impl<V: LiveView> DynView for V {
    fn handle_params<'a>(&'a mut self, params: &'a Params, socket: &'a mut Socket) -> BoxFuture<'a, Result<()>> {
        Box::pin(LiveView::handle_params(self, params, socket))
    }
    fn handle_event<'a>(&'a mut self, event: Event, socket: &'a mut Socket) -> BoxFuture<'a, Result<Option<Reply>>> {
        Box::pin(LiveView::handle_event(self, event, socket))
    }
    fn handle_info<'a>(&'a mut self, info: Info, socket: &'a mut Socket) -> BoxFuture<'a, Result<()>> {
        Box::pin(LiveView::handle_info(self, info, socket))
    }
    fn render(&self, socket: &Socket) -> Rendered {
        LiveView::render(self, socket)
    }
    fn nests(&self) -> bool {
        V::__NESTS
    }
}

/// Mounts views of one type (what a route points at).
pub trait ViewFactory: Send + Sync + 'static {
    /// Mounts a new instance.
    fn mount<'a>(
        &'a self,
        params: &'a Params,
        session: &'a Session,
        socket: &'a mut Socket,
    ) -> BoxFuture<'a, Result<Box<dyn DynView>>>;
    /// The view's type name (for logs).
    fn name(&self) -> &'static str;
    /// Identifies the view type (two routes to the same view patch rather than navigate).
    fn type_id(&self) -> std::any::TypeId;
}

/// The [`ViewFactory`] of a [`LiveView`] type.
pub struct Factory<V>(std::marker::PhantomData<fn() -> V>);

impl<V> std::fmt::Debug for Factory<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Factory<{}>", std::any::type_name::<V>())
    }
}

impl<V> Factory<V> {
    /// The factory of `V`.
    pub fn new() -> Self {
        Factory(std::marker::PhantomData)
    }
}

impl<V> Default for Factory<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: LiveView> ViewFactory for Factory<V> {
    fn mount<'a>(
        &'a self,
        params: &'a Params,
        session: &'a Session,
        socket: &'a mut Socket,
    ) -> BoxFuture<'a, Result<Box<dyn DynView>>> {
        Box::pin(async move {
            let v = V::mount(params, session, socket).await?;
            Ok(Box::new(v) as Box<dyn DynView>)
        })
    }
    fn name(&self) -> &'static str {
        std::any::type_name::<V>()
    }
    fn type_id(&self) -> std::any::TypeId {
        std::any::TypeId::of::<V>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, value: Value, meta: Option<Value>) -> Event {
        Event { name: "e".into(), kind: kind.into(), value, meta, cid: None }
    }

    #[test]
    fn a_form_event_tells_its_target_and_its_unused_fields_and_other_events_have_no_form() {
        let change = event(
            "form",
            json!("user%5Bname%5D=a&user%5Bemail%5D=&user%5B_unused_email%5D="),
            Some(json!({"_target": "user[name]"})),
        );
        let form = change.form().expect("a form event");
        assert_eq!(form.target(), Some(&["user".to_owned(), "name".to_owned()][..]));
        assert!(form.is_unused("user[email]") && !form.is_unused("user[name]"));
        assert!(event("click", json!({"value": ""}), None).form().is_none());
        assert!(event("hook", json!("a=b"), None).form().is_none());
    }
}
