//! The liveview server: hyper 1.x HTTP + websockets speaking Phoenix channels (V2 JSON).
//!
//! - [`LiveRouter`]: routes paths to LiveViews, plus layout, hooks and limits;
//! - [`Server`] / [`serve`]: bind, serve, shut down gracefully.
//!
//! Per request: dead render (mount disconnected → handle_params → render → layout). Per
//! websocket: one connection task reading and writing frames and multiplexing topics, and one
//! task per joined view.

mod assets;
mod cookie;
mod dev;
mod http;
mod inspect;
mod mailbox;
mod page;
mod paths;
mod presence;
mod queue;
mod response;
mod router;
mod serve;
mod service;
mod state;
#[cfg(feature = "test")]
pub mod test;
mod ws;

/// The HTTP request a dead render's session is built from (`http::request::Parts`).
pub use ::http::request::Parts as RequestParts;
pub use assets::AssetsNotFound;
pub use cookie::cookie;
pub use page::{Layout, Page, PageOptions, default_layout};
pub use router::{ConfigError, Limits, LiveRouter, LiveSessionRoutes, SessionFn};
pub use serve::{Server, ServerError, serve};
pub use service::LiveService;
