#![doc = include_str!("../../README.md")]
//!
//! ## Crate map
//!
//! This facade is the whole API an application uses: what is listed here is kept stable.
//! The machinery behind it lives in internal crates whose items are public only so that the
//! crates of this workspace can share them, and which change without notice:
//! `liveview-core` (rendered tree, diff encoder, wire frames, the view runtime, the client
//! merge model), `liveview-server` (HTTP, websockets) and `liveview-macros`.

pub use liveview_core::Url;
pub use liveview_core::component::{LiveComponent, Myself, live_component};
pub use liveview_core::info::Info;
pub use liveview_core::js::JS;
pub use liveview_core::link::Link;
pub use liveview_core::live_session::{OnMount, OnMountHook};
pub use liveview_core::nested::{LiveRender, live_render};
pub use liveview_core::pubsub::{LocalPubSub, PubSub, Subscription};
pub use liveview_core::rendered::{At, Insert, Rendered, Stream, TrackedItem, TrackedVec, raw};
pub use liveview_core::route::Params;
pub use liveview_core::socket::{Flash, Location, Navigation, Socket};
pub use liveview_core::task::{AsyncError, AsyncResult};
pub use liveview_core::view::{
    BoxFuture, Error, Event, IntoEventResult, IntoUnitResult, LiveView, Reply, Result, Session, elsewhere,
};
pub use liveview_macros::{html, live_component, live_view};
pub use liveview_server::{
    AssetsNotFound, ConfigError, Layout, Limits, LiveRouter, LiveService, LiveSessionRoutes, Page, PageOptions,
    RequestParts, Server, ServerError, cookie, default_layout, serve,
};

#[cfg(feature = "test")]
pub use liveview_server::test;

/// File uploads over the socket: [`UploadConfig`](upload::UploadConfig) in `mount`
/// (`socket.allow_upload`), the entries and file input in `render` (`socket.upload(name)`),
/// `socket.consume_uploaded_entries` and `socket.cancel_upload` in handlers; an
/// [`UploadWriter`](upload::UploadWriter) of yours to take the bytes instead of a temporary
/// file. See the README's "Uploads" section.
pub mod upload {
    pub use liveview_core::upload::{
        FileInput, ImgPreview, MaxEntriesMode, Upload, UploadConfig, UploadEntry, UploadError, UploadProgress,
        UploadWriter, UploadedEntry, WriterClose,
    };
}

/// JS commands (`Phoenix.LiveView.JS`): [`JS`] and the options of its commands. See the
/// README's "JS commands" section and [`JS`]'s docs.
pub mod js {
    pub use liveview_core::js::{
        Animation, Classes, Dispatch, Exec, Hide, IgnoreAttributes, JS, Push, PushTarget, RemoveAttribute,
        SetAttribute, Show, To, Toggle, ToggleAttribute, Transition,
    };
}

/// Presence (Phoenix.Presence): who is on a topic, with metadata, on every node. A view calls
/// `socket.track(topic, key, &meta)` and `socket.subscribe_presence::<M>(topic)`, then keeps a
/// [`Presences`](presence::Presences) with each [`PresenceDiff`](presence::PresenceDiff) its
/// `#[info]` handler receives; [`PresenceConfig`](presence::PresenceConfig) goes to
/// `LiveRouter::presence`. See the README's "Presence" section.
pub mod presence {
    pub use liveview_core::presence::{PresenceConfig, PresenceDiff, PresenceMeta, Presences};
}

/// Form events beyond a decoded payload: an [`Unused`](form::Unused) field in the payload type
/// reads the client's `_unused_<field>` marker; or take the handler's `event: Event` and read
/// [`Event::form`](crate::Event::form) for the triggering field and the fields not used yet.
///
/// ```
/// use liveview::prelude::*;
///
/// #[derive(serde::Deserialize)]
/// struct Signup { email: String }
///
/// #[live_view]
/// #[derive(Default)]
/// struct Page { email_error: Option<&'static str> }
///
/// #[live_view]
/// impl Page {
///     #[event("validate")]
///     fn validate(&mut self, form: Signup, event: Event) {
///         // The client marks fields the user has not touched yet: no error for those.
///         let untouched = event.form().is_some_and(|f| f.is_unused("email"));
///         self.email_error = (!untouched && !form.email.contains('@')).then_some("not an email");
///     }
///
///     fn render(&self) -> Rendered {
///         html! {
///             <form phx-change="validate">
///                 <input name="email" />
///                 <p class="error">{self.email_error.unwrap_or_default()}</p>
///             </form>
///         }
///     }
/// }
/// ```
pub mod form {
    pub use liveview_core::form::{FormError, FormEvent, Param, Unused, parse_urlencoded};
}

/// Rendering your own types in `html!`: implement [`IntoDynamic`](rendered::IntoDynamic) for
/// text and children, [`AttrValue`](rendered::AttrValue) for attribute values.
///
/// ```
/// use liveview::prelude::*;
/// use liveview::rendered::AttrValue;
///
/// /// Renders as `data-state="on"` / `data-state="off"`.
/// struct State(bool);
///
/// impl AttrValue for &State {
///     fn write_attr(self, name: &str, out: &mut String) {
///         out.push_str(&format!(" {name}=\"{}\"", if self.0 { "on" } else { "off" }));
///     }
/// }
///
/// let s = State(true);
/// assert_eq!(html! { <p data-state={&s}>"x"</p> }.to_html(), "<p data-state=\"on\">x</p>");
/// ```
pub mod rendered {
    pub use liveview_core::rendered::{AttrValue, Dynamic, IntoDynamic, Rendered, raw};
}

/// What examples and applications import: `use liveview::prelude::*;`.
pub mod prelude {
    pub use crate::JS;
    pub use crate::presence::{PresenceDiff, Presences};
    pub use crate::upload::UploadConfig;
    pub use crate::{AsyncError, AsyncResult};
    pub use crate::{
        Error, Event, Info, Link, LiveRouter, LiveView, Location, OnMount, Params, Rendered, Reply, Result, Session,
        Socket, Stream, TrackedItem, TrackedVec, Url, html, live_view, raw,
    };
    pub use crate::{LiveComponent, Myself, elsewhere, live_component};
    pub use crate::{LiveRender, live_render};
}

#[doc(hidden)]
pub mod __private {
    pub use liveview_core::component::LiveComponent;
    pub use liveview_core::nested::register_nested;
    pub use liveview_core::rendered::{
        AttrValue, Attrs, Comprehension, DepHash, DepOpaque, DepProbe, DepsHasher, Dynamic, EntryBuilder, IntoDynamic,
        LoopPlan, LoopProbe, Rendered, SizeHint, SlotWriter, Stream, Template, ViaPlain, ViaTracked, attr_slot,
        attrs_slot, fingerprint, instance_of, iterable,
    };
    pub use liveview_core::view::{Error, IntoEventResult, IntoUnitResult, LiveView};
    pub use serde::de::DeserializeOwned;
    pub use tracing;
}
