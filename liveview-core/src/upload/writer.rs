//! Custom upload writers: where an upload's bytes go instead of a temporary file (Phoenix's
//! `UploadWriter`), set with [`UploadConfig::writer`](super::UploadConfig::writer).
//!
//! The transport runs each entry's writer in a task of its own, one chunk at a time, so a slow
//! write (a network store, a check of the content) keeps the client waiting for that chunk's
//! ack but never holds up the view's other events.

use super::by_identity::ByIdentity;
use super::entry::UploadEntry;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Receives one entry's bytes, chunk by chunk, in order.
///
/// Made by the upload's writer function when the entry's upload channel opens; [`close`]d
/// exactly once: when the last chunk is written, when the entry is cancelled (or its view
/// ends) before that, or after a failed write. A writer that wants the bytes elsewhere than a
/// file (object storage, a parser, a hash) implements this; without one the server writes
/// each entry to a temporary file.
///
/// ```
/// use liveview_core::upload::{UploadConfig, UploadWriter, WriterClose};
/// use serde_json::json;
///
/// /// Keeps the bytes in memory and refuses anything that is not a PDF.
/// #[derive(Default)]
/// struct PdfInMemory {
///     bytes: Vec<u8>,
/// }
///
/// impl UploadWriter for PdfInMemory {
///     async fn write_chunk(&mut self, chunk: &[u8]) -> Result<(), String> {
///         if self.bytes.is_empty() && !chunk.starts_with(b"%PDF") {
///             return Err("invalid_pdf".into()); // the entry fails with UploadError::Writer
///         }
///         self.bytes.extend_from_slice(chunk);
///         Ok(())
///     }
///
///     async fn close(&mut self, _why: WriterClose) -> Result<(), String> {
///         Ok(())
///     }
///
///     fn meta(&self) -> serde_json::Value {
///         json!({ "size": self.bytes.len() }) // what UploadedEntry::meta gives the consumer
///     }
/// }
///
/// let config = UploadConfig::new("documents").writer(|_entry| PdfInMemory::default());
/// # let _ = config;
/// ```
///
/// [`close`]: UploadWriter::close
pub trait UploadWriter: Send + 'static {
    /// Stores the next chunk. `Err(reason)`: the entry fails with
    /// [`UploadError::Writer`](super::UploadError::Writer)`(reason)`, stays listed with that
    /// error until the view cancels it, and the writer is closed with
    /// [`WriterClose::Failed`].
    fn write_chunk(&mut self, chunk: &[u8]) -> impl Future<Output = Result<(), String>> + Send;

    /// Ends the writer (see [`WriterClose`]). An `Err` after the last chunk fails the entry as
    /// a failed write does; after a cancel or a failure it is only logged.
    fn close(&mut self, why: WriterClose) -> impl Future<Output = Result<(), String>> + Send;

    /// What the view receives for a finished entry as
    /// [`UploadedEntry::meta`](super::UploadedEntry::meta) (asked once, after a successful
    /// [`close`](UploadWriter::close) with [`WriterClose::Done`]).
    fn meta(&self) -> Value;
}

/// Why an [`UploadWriter`] is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriterClose {
    /// Every byte of the entry was written.
    Done,
    /// The entry was cancelled, or its view ended, before its last byte.
    Cancelled,
    /// [`write_chunk`](UploadWriter::write_chunk) failed with this reason.
    Failed(String),
}

/// A boxed future of the object-safe writer.
type BoxFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// [`UploadWriter`] as an object (its methods return `impl Future`, so it is not one itself).
trait ErasedWriter: Send {
    fn write_chunk<'a>(&'a mut self, chunk: &'a [u8]) -> BoxFuture<'a>;
    fn close(&mut self, why: WriterClose) -> BoxFuture<'_>;
    fn meta(&self) -> Value;
}

impl<W: UploadWriter> ErasedWriter for W {
    fn write_chunk<'a>(&'a mut self, chunk: &'a [u8]) -> BoxFuture<'a> {
        Box::pin(UploadWriter::write_chunk(self, chunk))
    }

    fn close(&mut self, why: WriterClose) -> BoxFuture<'_> {
        Box::pin(UploadWriter::close(self, why))
    }

    fn meta(&self) -> Value {
        UploadWriter::meta(self)
    }
}

/// One entry's writer, made by its upload's writer function: what the transport drives.
pub struct OpenWriter(Box<dyn ErasedWriter>);

impl OpenWriter {
    /// Stores the next chunk (see [`UploadWriter::write_chunk`]).
    pub async fn write_chunk(&mut self, chunk: &[u8]) -> Result<(), String> {
        self.0.write_chunk(chunk).await
    }

    /// Ends the writer (see [`UploadWriter::close`]).
    pub async fn close(&mut self, why: WriterClose) -> Result<(), String> {
        self.0.close(why).await
    }

    /// The finished entry's metadata (see [`UploadWriter::meta`]).
    pub fn meta(&self) -> Value {
        self.0.meta()
    }
}

impl std::fmt::Debug for OpenWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpenWriter(..)")
    }
}

/// The writer function of an upload (see [`UploadConfig::writer`](super::UploadConfig::writer)).
pub(crate) type WriterFn = ByIdentity<dyn Fn(&UploadEntry) -> OpenWriter + Send + Sync>;

/// Wraps `make` so that it gives boxed writers.
pub(crate) fn writer_fn<W: UploadWriter>(make: impl Fn(&UploadEntry) -> W + Send + Sync + 'static) -> WriterFn {
    ByIdentity(Arc::new(move |entry| OpenWriter(Box::new(make(entry)))))
}
