#![doc = include_str!("../../README.md")]
//!
//! ## Crate map
//!
//! This facade re-exports everything an application needs; [`core`] exposes the building blocks
//! (rendered tree, diff encoder, the client merge model used by tests, the view runtime).

pub use liveview_core::Url;
pub use liveview_core::info::Info;
pub use liveview_core::pubsub::{LocalPubSub, PubSub, Subscription};
pub use liveview_core::rendered::{Rendered, raw};
pub use liveview_core::route::Params;
pub use liveview_core::socket::{Flash, Location, Navigation, Socket};
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
        AttrValue, Attrs, Comprehension, Dynamic, EntryBuilder, IntoDynamic, Rendered, SizeHint, SlotWriter, Template,
        attr_slot, attrs_slot, fingerprint,
    };
    pub use liveview_core::view::{Error, IntoEventResult, IntoUnitResult, LiveView};
    pub use serde::de::DeserializeOwned;
    pub use tracing;
}
