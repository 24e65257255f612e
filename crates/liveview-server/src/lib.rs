//! The liveview HTTP and websocket server.
