//! The view runtime: a transport-agnostic state machine per joined LiveView, by lifecycle phase.
//!
//! The transport feeds it inputs (join, event, client `live_patch`, info) one at a time, in
//! arrival order, and sends what it returns. It owns the view, its socket and the last tree the
//! client has, so every update is a minimal diff.
//!
//! - [`app`]: the route table and token signer every view shares;
//! - [`dead`]: the HTTP (dead) render;
//! - [`join`](mod@join): a websocket join: tokens verified, view mounted, first render;
//! - [`live`]: a joined view handling events, infos and `live_patch`;
//! - [`upload`]: uploads: selections, preflights, progress and chunk accounting;
//! - [`update`]: what each input returns to the transport: frames to send and effects to
//!   carry out (timers, pubsub).

pub mod app;
pub mod dead;
pub mod join;
pub mod live;
pub mod update;
pub mod upload;

pub use app::{App, FLASH_MAX_AGE_SECS, SESSION_MAX_AGE_SECS, new_view_id};
pub use dead::{DeadRender, dead_render};
pub use join::{JoinRequest, Joined, LIVEVIEW_VERSION, join};
pub use live::ViewRuntime;
pub use update::{Answer, Effects, Push, Update};
