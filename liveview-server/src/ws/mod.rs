//! Websockets speaking Phoenix channels (V2 JSON serializer).
//!
//! Imports run one way, top to bottom:
//! - [`upgrade`]: the handshake and its checks; spawns the connection;
//! - [`connection`]: the socket's one task: reads frames ([`frame`]) into the [`mux`] and
//!   writes what the [`outbox`] queue holds; its close codes ([`close`]);
//! - [`mux`]: routes frames to channels, starts a [`view`] task per joined topic;
//! - [`view`]: the task owning one LiveView, writing through its channel's [`outbox`] handle;
//! - [`upload`]: a view's upload channels and their temporary files.

mod close;
mod connection;
mod frame;
mod mux;
mod outbox;
mod upgrade;
pub(crate) mod upload;
mod view;

/// The harness serves its in-memory sockets with the real connection task.
#[cfg(feature = "test")]
pub(crate) use connection::run as serve_socket;
pub(crate) use upgrade::upgrade;
