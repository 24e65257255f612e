//! What one named upload accepts: types, counts, sizes, chunking, and where the bytes go.

use super::by_identity::ByIdentity;
use super::entry::UploadEntry;
use super::writer::{UploadWriter, WriterFn, writer_fn};
use serde_json::Value;
use std::sync::Arc;

/// The uploader metadata of an external upload's entry (see [`UploadConfig::external`]).
type Presign = dyn Fn(&UploadEntry) -> Value + Send + Sync;

/// An external upload's metadata function.
pub(crate) type External = ByIdentity<Presign>;

/// The configuration of one named upload (`socket.allow_upload(UploadConfig::new("avatar"))`).
///
/// ```
/// use liveview_core::upload::UploadConfig;
/// // Any type except executables, up to 3 files of 5 MB each.
/// let files = UploadConfig::new("files").reject([".exe"]).max_entries(3).max_file_size(5_000_000);
/// assert!(files.accepts("notes.txt", "text/plain"));
/// assert!(!files.accepts("setup.EXE", "application/octet-stream"));
/// // Only images.
/// let avatar = UploadConfig::new("avatar").accept([".png", ".jpg", "image/*"]);
/// assert!(avatar.accepts("me.webp", "image/webp"));
/// assert!(!avatar.accepts("me.pdf", "application/pdf"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadConfig {
    pub(crate) name: String,
    /// Extensions (`.png`) and MIME patterns (`image/*`) accepted; empty: any.
    pub(crate) accept: Vec<String>,
    /// Extensions and MIME patterns refused (checked first).
    pub(crate) reject: Vec<String>,
    pub(crate) max_entries: usize,
    pub(crate) max_entries_mode: MaxEntriesMode,
    pub(crate) max_file_size: u64,
    pub(crate) chunk_size: usize,
    pub(crate) chunk_timeout_ms: u64,
    pub(crate) auto_upload: bool,
    pub(crate) progress_event: Option<String>,
    pub(crate) external: Option<External>,
    pub(crate) writer: Option<WriterFn>,
}

impl UploadConfig {
    /// An upload named `name` (the file input's `name`): any type, one entry of at most
    /// 8,000,000 bytes, 64,000-byte chunks (Phoenix's defaults).
    pub fn new(name: impl Into<String>) -> Self {
        UploadConfig {
            name: name.into(),
            accept: Vec::new(),
            reject: Vec::new(),
            max_entries: 1,
            max_entries_mode: MaxEntriesMode::Selected,
            max_file_size: 8_000_000,
            chunk_size: 64_000,
            chunk_timeout_ms: 10_000,
            auto_upload: false,
            progress_event: None,
            external: None,
            writer: None,
        }
    }

    /// Accepts only these extensions (`.pdf`, case-insensitive) and MIME patterns
    /// (`image/png`, `image/*`). Also rendered as the input's `accept` attribute, which the
    /// browser only uses as a hint: the server checks every entry itself.
    pub fn accept<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.accept.extend(patterns.into_iter().map(|p| p.into().to_ascii_lowercase()));
        self
    }

    /// Refuses these extensions and MIME patterns, whatever [`accept`](Self::accept) says
    /// (`.reject([".exe"])`: anything but executables).
    pub fn reject<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.reject.extend(patterns.into_iter().map(|p| p.into().to_ascii_lowercase()));
        self
    }

    /// At most `n` entries at a time (more: the `too_many_files` error). At least 1.
    pub fn max_entries(mut self, n: usize) -> Self {
        self.max_entries = n.max(1);
        self
    }

    /// What [`max_entries`](Self::max_entries) counts: the entries selected now (the default),
    /// or also every entry consumed so far ([`MaxEntriesMode::Total`]: at most `n` files over the
    /// upload's whole life, e.g. with `auto_upload`).
    pub fn max_entries_mode(mut self, mode: MaxEntriesMode) -> Self {
        self.max_entries_mode = mode;
        self
    }

    /// At most `bytes` per file: declared larger is refused at selection (`too_large`),
    /// more bytes actually sent end the upload.
    pub fn max_file_size(mut self, bytes: u64) -> Self {
        self.max_file_size = bytes;
        self
    }

    /// The size of the chunks the client sends (a larger chunk ends the upload). Keep it
    /// under the server's `max_frame_bytes`.
    pub fn chunk_size(mut self, bytes: usize) -> Self {
        self.chunk_size = bytes.max(1);
        self
    }

    /// An upload channel that receives no chunk for this long fails its entry (`chunk_timeout`)
    /// and its data is deleted (default 10 s; the client gives up on an unanswered chunk
    /// after the same time).
    pub fn chunk_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.chunk_timeout_ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX).max(1);
        self
    }

    /// Uploads start as soon as files are selected, not on submit.
    pub fn auto_upload(mut self, on: bool) -> Self {
        self.auto_upload = on;
        self
    }

    /// After each progress report, the view's handler for `event` runs with
    /// `{"name", "ref", "progress", "done"}`: take an [`UploadProgress`](super::UploadProgress).
    /// With [`auto_upload`](Self::auto_upload), consume the entries there when `done` (the
    /// README's "Uploads" section has the example).
    pub fn progress_event(mut self, event: impl Into<String>) -> Self {
        self.progress_event = Some(event.into());
        self
    }

    /// Sends the files somewhere else (object storage through a presigned URL) instead of over
    /// the socket: at preflight, `meta` gives each valid entry the object the client's uploader
    /// receives as `entry.meta` (it must have an `"uploader"` key naming a function of the
    /// `uploaders` your hooks module exports; an entry whose object has none fails). The
    /// entry is done when the uploader reports 100 %; it is consumed like any other, with
    /// [`UploadedEntry::meta`](super::UploadedEntry::meta) instead of a path.
    ///
    /// The server never sees these bytes, so it cannot count them: make the storage enforce
    /// the size (sign the limit into the URL) and check the object when you consume it.
    ///
    /// An upload's bytes go one way: this replaces a [`writer`](Self::writer) set before.
    pub fn external(mut self, meta: impl Fn(&UploadEntry) -> Value + Send + Sync + 'static) -> Self {
        self.external = Some(ByIdentity(Arc::new(meta)));
        self.writer = None;
        self
    }

    /// Hands each entry's bytes to a writer of yours instead of a temporary file: `make` gives
    /// every entry its [`UploadWriter`] when its upload channel opens. Chunks are written one
    /// at a time, in a task of the entry's own, and acked to the client after the write; a
    /// failed write fails the entry with [`UploadError::Writer`](super::UploadError::Writer),
    /// which stays listed until cancelled. A finished entry is consumed with
    /// [`UploadedEntry::meta`](super::UploadedEntry::meta) (the writer's
    /// [`meta`](UploadWriter::meta)) instead of a path. The limits (size, chunk size, type) are
    /// checked before a chunk reaches the writer.
    ///
    /// An upload's bytes go one way: this replaces an [`external`](Self::external) uploader
    /// set before.
    pub fn writer<W: UploadWriter>(mut self, make: impl Fn(&UploadEntry) -> W + Send + Sync + 'static) -> Self {
        self.writer = Some(writer_fn(make));
        self.external = None;
        self
    }

    /// The upload's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The largest file accepted, in bytes.
    pub fn max_file_size_bytes(&self) -> u64 {
        self.max_file_size
    }

    /// The chunk size, in bytes.
    pub fn chunk_size_bytes(&self) -> usize {
        self.chunk_size
    }

    /// Whether a file called `name` of (client-declared) MIME type `mime` is accepted.
    pub fn accepts(&self, name: &str, mime: &str) -> bool {
        let ext = extension(name);
        let mime = mime.to_ascii_lowercase();
        let hit = |p: &String| matches(p, ext.as_deref(), &mime);
        !self.reject.iter().any(hit) && (self.accept.is_empty() || self.accept.iter().any(hit))
    }

    /// The input's `accept` attribute (`None`: any type).
    pub(crate) fn accept_attr(&self) -> Option<String> {
        (!self.accept.is_empty()).then(|| self.accept.join(","))
    }
}

/// `.ext` of a file name, lowercased.
fn extension(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim_end();
    let (_, ext) = base.rsplit_once('.')?;
    (!ext.is_empty()).then(|| format!(".{}", ext.to_ascii_lowercase()))
}

fn matches(pattern: &str, ext: Option<&str>, mime: &str) -> bool {
    if pattern.starts_with('.') {
        return ext == Some(pattern);
    }
    match pattern.strip_suffix("/*") {
        Some(family) => mime.split_once('/').is_some_and(|(f, _)| f == family),
        None => mime == pattern,
    }
}

/// What [`UploadConfig::max_entries`] counts (Phoenix's `max_entries_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MaxEntriesMode {
    /// The entries selected now: after they are consumed, as many may be selected again.
    #[default]
    Selected,
    /// The entries selected now plus every entry consumed so far.
    Total,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusions_win_and_extensions_ignore_case() {
        let c = UploadConfig::new("f").reject([".exe", "application/x-msdownload"]);
        assert!(c.accepts("a.txt", "text/plain"));
        assert!(c.accepts("noext", ""));
        assert!(!c.accepts("A.ExE", ""));
        assert!(!c.accepts("renamed.bin", "application/x-msdownload"));
        assert!(!c.accepts("dir/x.exe ", "application/octet-stream"));
    }

    #[test]
    fn accept_lists_extensions_and_mime_families() {
        let c = UploadConfig::new("f").accept([".PDF", "image/*"]);
        assert!(c.accepts("x.pdf", ""));
        assert!(c.accepts("x", "image/png"));
        assert!(!c.accepts("x.png", "text/plain"));
        assert!(!c.accepts("image", "imagex/png"));
        assert_eq!(c.accept_attr().as_deref(), Some(".pdf,image/*"));
    }
}
