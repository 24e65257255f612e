//! liveview facade.
