//! File uploads over the LiveView socket (protocol §9): configuration, entries and the
//! server's checks. No I/O: the transport stores the bytes and carries out [`UploadOp`]s.
//!
//! - [`config`]: [`UploadConfig`], what one named upload accepts;
//! - [`entry`]: [`UploadEntry`] (a selected file), [`UploadError`], [`UploadedEntry`];
//! - [`state`]: [`Uploads`], the entries of a view from selection to consumption;
//! - [`claims`]: the signed per-entry token of an upload channel;
//! - [`input`]: the file input's attributes;
//! - [`writer`]: [`UploadWriter`], for bytes that go elsewhere than a temporary file.

mod by_identity;
pub mod claims;
pub mod config;
pub mod entry;
pub mod input;
pub mod state;
pub mod writer;

pub use claims::{UPLOAD_TOKEN_MAX_AGE_SECS, UploadClaims};
pub use config::{MaxEntriesMode, UploadConfig};
pub use entry::{UploadEntry, UploadError, UploadProgress, UploadedEntry};
pub use input::{FileInput, ImgPreview};
pub use state::{ChunkRefused, Upload, UploadOp, UploadTarget, Uploads};
pub use writer::{OpenWriter, UploadWriter, WriterClose};
