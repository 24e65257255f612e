//! # liveview
//!
//! Server-rendered, real-time web UIs in Rust, in the Phoenix LiveView model. The browser runs
//! the official, unmodified Phoenix LiveView JS client (`phoenix_live_view@1.2.12`); this crate
//! speaks its wire protocol.
//!
//! A LiveView is a struct (its state) and an impl with `#[live_view]`: `mount` builds the state,
//! event handlers change it, `render` turns it into markup with [`html!`]. After every callback
//! the framework re-renders and sends the browser only what changed.
//!
//! See the README for a complete example and the push API.

pub use liveview_core::Url;
pub use liveview_core::pubsub::{LocalPubSub, PubSub, Subscription};
pub use liveview_core::rendered::{Rendered, raw};
pub use liveview_core::route::Params;
pub use liveview_core::socket::{Flash, Info, Location, Navigation, Socket};
pub use liveview_core::view::{Error, Event, LiveView, Reply, Result, Session};
pub use liveview_macros::{html, live_view};
pub use liveview_server::{Layout, Limits, LiveRouter, Page, Server, ServerError, default_layout, serve};

/// Building blocks for tests and tools: the rendered tree, diff encoder, client model, runtime.
pub use liveview_core as core;

/// What examples and applications import: `use liveview::prelude::*;`.
pub mod prelude {
    pub use crate::{
        Error, Event, Info, LiveRouter, LiveView, Location, Params, Rendered, Reply, Result, Session, Socket, Url,
        html, live_view, raw,
    };
}

#[doc(hidden)]
pub mod __private {
    pub use liveview_core::rendered::{
        AttrValue, Attrs, Comprehension, Dynamic, Entry, IntoDynamic, Rendered, Template, attr_slot, attrs_slot,
        fingerprint,
    };
    pub use liveview_core::view::{Error, IntoEventResult, IntoUnitResult, LiveView};
    pub use serde::de::DeserializeOwned;
    pub use tracing;
}
