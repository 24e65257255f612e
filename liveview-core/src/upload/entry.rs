//! One selected file: what the client declared, what the server received, what went wrong.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Why an entry (or a whole upload) cannot go on. Shown to the user with [`message`](Self::message).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UploadError {
    /// The file is larger than the upload's `max_file_size` (declared or actually sent).
    TooLarge,
    /// The file's type or extension is not accepted.
    NotAccepted,
    /// More entries than the upload's `max_entries` (an error of the upload, not of one entry).
    TooManyFiles,
    /// The transfer failed: a chunk over the chunk size, more bytes than declared, a write
    /// error, or the client's own report. The reason as sent on the wire.
    Failed(String),
    /// The upload's [`UploadWriter`](super::UploadWriter) refused a chunk or failed to close,
    /// with its reason (Phoenix's `{:writer_failure, reason}`). The entry stays listed with
    /// this error until it is cancelled.
    Writer(String),
}

impl UploadError {
    /// The wire name (`too_large`, `not_accepted`, `too_many_files`, or the failure reason).
    pub fn as_str(&self) -> &str {
        match self {
            UploadError::TooLarge => "too_large",
            UploadError::NotAccepted => "not_accepted",
            UploadError::TooManyFiles => "too_many_files",
            UploadError::Failed(why) => why,
            UploadError::Writer(_) => "writer_failure",
        }
    }

    /// A message for people: "too large", "not accepted", "too many files", "upload failed (…)".
    pub fn message(&self) -> String {
        match self {
            UploadError::TooLarge => "too large".to_owned(),
            UploadError::NotAccepted => "not accepted".to_owned(),
            UploadError::TooManyFiles => "too many files".to_owned(),
            UploadError::Failed(why) => format!("upload failed ({why})"),
            UploadError::Writer(why) => format!("could not be stored ({why})"),
        }
    }
}

impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// One file selected for an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadEntry {
    pub(crate) entry_ref: String,
    pub(crate) name: String,
    pub(crate) client_type: String,
    pub(crate) size: u64,
    pub(crate) received: u64,
    pub(crate) preflighted: bool,
    /// Joined its upload channel (one join per entry).
    pub(crate) joined: bool,
    pub(crate) errors: Vec<UploadError>,
    pub(crate) path: Option<PathBuf>,
    /// External uploads: the uploader's metadata (from preflight on).
    pub(crate) meta: Option<Value>,
    /// External uploads: the percent the client's uploader reported (the server sees no bytes).
    pub(crate) reported: u8,
    /// Uploads with a writer: the writer's metadata, once it closed after the last byte.
    pub(crate) written: Option<Value>,
}

impl UploadEntry {
    /// The entry ref (client-chosen; `phx-value-ref` of a cancel button).
    pub fn entry_ref(&self) -> &str {
        &self.entry_ref
    }

    /// The file name as the client gave it (never a path on this server).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The MIME type the client declared (unverified).
    pub fn client_type(&self) -> &str {
        &self.client_type
    }

    /// The size the client declared, in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Bytes the server has received and stored.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Percent of the file the server has received (0–100); for an external upload, what the
    /// client's uploader reported.
    pub fn progress(&self) -> u8 {
        if self.meta.is_some() {
            return self.reported;
        }
        if self.size == 0 {
            return 100;
        }
        u8::try_from(self.received.min(self.size) * 100 / self.size).unwrap_or(100)
    }

    /// Every byte arrived (external uploads: the uploader reported 100 %).
    pub fn done(&self) -> bool {
        if self.meta.is_some() {
            return self.reported == 100 && self.errors.is_empty();
        }
        self.received == self.size && self.errors.is_empty() && (self.path.is_some() || self.written.is_some())
    }

    /// External uploads: the metadata given to the client's uploader. Uploads with a writer:
    /// the writer's metadata, once the entry is done.
    pub fn meta(&self) -> Option<&Value> {
        self.meta.as_ref().or(self.written.as_ref())
    }

    /// Whether the entry has no errors.
    pub fn valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The entry's errors.
    pub fn errors(&self) -> &[UploadError] {
        &self.errors
    }
}

/// A finished upload handed to `consume_uploaded_entries`: the stored file and what the
/// client said about it. The file is removed after the callback unless it was moved away.
#[derive(Debug)]
pub struct UploadedEntry<'a> {
    pub(crate) entry: &'a UploadEntry,
    pub(crate) path: Option<&'a Path>,
}

impl UploadedEntry<'_> {
    /// The temporary file holding exactly the bytes received (`None` for an external upload
    /// or one with a writer, whose bytes went where its [`meta`](Self::meta) says).
    pub fn path(&self) -> Option<&Path> {
        self.path
    }

    /// External uploads: the metadata the client's uploader was given (its URL, key, …).
    /// Uploads with an [`UploadWriter`](super::UploadWriter): the writer's
    /// [`meta`](super::UploadWriter::meta).
    pub fn meta(&self) -> Option<&Value> {
        self.entry.meta()
    }

    /// The client's file name.
    pub fn name(&self) -> &str {
        &self.entry.name
    }

    /// The size in bytes (a finished entry has stored exactly what it declared).
    pub fn size(&self) -> u64 {
        self.entry.size
    }

    /// The client's MIME type (unverified).
    pub fn client_type(&self) -> &str {
        &self.entry.client_type
    }

    /// The entry ref.
    pub fn entry_ref(&self) -> &str {
        &self.entry.entry_ref
    }
}

/// The payload of an upload's progress event ([`UploadConfig::progress_event`]): which entry
/// moved, how far, and whether it is complete (then it can be consumed).
///
/// [`UploadConfig::progress_event`]: super::UploadConfig::progress_event
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct UploadProgress {
    /// The upload's name.
    pub name: String,
    /// The entry's ref.
    #[serde(rename = "ref")]
    pub entry_ref: String,
    /// Percent received (0–100).
    pub progress: u8,
    /// Every byte arrived (and a writer, if any, closed): the entry can be consumed.
    pub done: bool,
}
