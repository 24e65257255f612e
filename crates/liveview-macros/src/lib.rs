//! Procedural macros for liveview (see the `liveview` crate).
