//! The LiveView model, free of I/O.
//!
//! - [`rendered`]: the `Rendered` tree that `html!` produces;
//! - [`diff`]: full-render and diff encoding in the phoenix_live_view 1.2 wire format;
//! - [`client`]: the official client's merge algorithm, for tests and the user test harness;
//! - [`component`]: live components: `LiveComponent`, the cid table, the `"c"` map;
//! - [`escape`], [`json`]: escaping for HTML and JSON;
//! - [`wire`]: Phoenix channel frames (V2 JSON serializer);
//! - [`view`], [`socket`], [`info`]: the `LiveView` trait, the socket push API and the messages
//!   views send themselves;
//! - [`pubsub`]: broadcasts between views, on one node or many;
//! - [`presence`]: who is on a topic (Phoenix.Presence), kept across nodes over pubsub;
//! - [`runtime`]: the per-view state machine (join, events, infos, navigation);
//! - [`route`], [`token`], [`form`]: routing, signed tokens, payload decoding;
//! - [`live_session`]: route groups and their `on_mount` hooks;
//! - [`link`]: the attributes of live links (`patch` and `navigate`);
//! - [`js`]: JS commands (`Phoenix.LiveView.JS`), client-side commands as binding values;
//! - [`nested`]: LiveViews rendered inside LiveViews (`live_render`);
//! - [`task`]: async work started from handlers (`start_async`) and its `AsyncResult`;
//! - [`upload`]: file uploads: configuration, entries and the limits the server enforces.

pub mod client;
pub mod component;
pub mod diff;
pub mod escape;
pub mod form;
pub mod info;
pub mod js;
pub mod json;
pub mod link;
pub mod live_session;
pub mod nested;
pub mod presence;
pub mod pubsub;
pub mod rendered;
pub mod route;
pub mod runtime;
pub mod socket;
pub mod task;
pub mod token;
pub mod upload;
pub mod view;
pub mod wire;

pub use info::Info;
pub use route::{Params, Url};
pub use socket::{Location, Socket};
pub use view::{Error, Event, LiveView, Reply, Result, Session};
