//! A joined view's uploads: selections, preflights and progress reports from the client, and
//! the transport's accounting of each upload channel's chunks.

use super::live::ViewRuntime;
use super::update::{Answer, Update};
use crate::json::write_str;
use crate::upload::{ChunkRefused, OpenWriter, UploadClaims, UploadProgress, UploadTarget};
use crate::view::{Event, Result};
use serde_json::Value;
use std::path::PathBuf;

impl ViewRuntime {
    /// Registers the entries of a form change's `uploads` (`{config_ref: [entry, …]}`), before
    /// its event is handled: each is checked against its upload's limits.
    pub fn register_uploads(&mut self, uploads: &Value) {
        if let Some(u) = self.socket.uploads.as_mut() {
            u.register(uploads);
        }
    }

    /// Answers a preflight (`allow_upload`): entry tokens, or the errors, and the diff
    /// (preflighted refs, error lists).
    pub async fn allow_upload(&mut self, payload: &Value) -> Result<Update> {
        let config_ref = payload.get("ref").and_then(Value::as_str).unwrap_or_default().to_owned();
        let mut response = None;
        if !self.stopped {
            self.socket.begin();
            let signer = self.app.signer();
            response = self.socket.uploads.as_mut().and_then(|u| u.preflight(payload, signer));
        }
        let mut response = response.unwrap_or_else(|| {
            tracing::warn!(view = self.view_name(), config_ref, "allow_upload for an unknown upload refused");
            let mut out = String::from("{\"ref\":");
            write_str(&mut out, &config_ref);
            out.push_str(",\"error\":[[");
            write_str(&mut out, &config_ref);
            out.push_str(",\"disallowed\"]]}");
            out
        });
        if self.stopped {
            let mut update = Update::new();
            update.answer = Answer::Response(response);
            return Ok(update);
        }
        let mut update = self.finish(None).await?;
        if let Answer::Diff(d) = &update.answer {
            response.pop();
            response.push_str(",\"diff\":");
            response.push_str(d);
            response.push('}');
        }
        update.answer = Answer::Response(response);
        Ok(update)
    }

    /// Handles a progress report (`progress` `{ref, entry_ref, progress}`). The percent shown
    /// is the server's own count of bytes stored; a reported `{"error": reason}` fails the
    /// entry. Runs the upload's progress event, if it has one, and renders.
    pub async fn upload_progress(&mut self, payload: &Value) -> Result<Update> {
        if self.stopped {
            return Ok(Update::new());
        }
        let s = |k: &str| payload.get(k).and_then(Value::as_str).unwrap_or_default();
        let (config_ref, entry_ref) = (s("ref"), s("entry_ref"));
        if let Some(u) = self.socket.uploads.as_mut() {
            if let Some(percent) = payload.get("progress").and_then(Value::as_u64) {
                u.report(config_ref, entry_ref, percent);
            }
            if let Some(why) = payload.get("progress").and_then(|p| p.get("error")) {
                let why = why.as_str().unwrap_or("failed");
                tracing::info!(
                    view = self.factory.name(),
                    entry = entry_ref,
                    reason = why,
                    "the client reports a failed upload"
                );
                u.fail(entry_ref, why);
            }
        }
        self.progress_event(config_ref, entry_ref).await
    }

    /// Runs the upload's progress event for the entry, if it has one, and renders.
    async fn progress_event(&mut self, config_ref: &str, entry_ref: &str) -> Result<Update> {
        let mut event = None;
        if let Some(u) = self.socket.uploads.as_ref()
            && let Some((name, Some(ev), progress, done)) = u.progress_of(config_ref, entry_ref)
        {
            // The payload users decode: built from the same type.
            let progress = UploadProgress { name, entry_ref: entry_ref.to_owned(), progress, done };
            let value = serde_json::to_value(progress).unwrap_or_default();
            event = Some(Event { name: ev, kind: "hook".to_owned(), value, meta: None, cid: None });
        }
        match event {
            Some(ev) => self.event(ev).await,
            None => {
                self.socket.begin();
                self.finish(None).await
            }
        }
    }

    /// Opens the upload channel of a verified token's entry (once per entry). `Err`: the
    /// join's error reason (`invalid_token`, `disallowed`, `already_registered`).
    pub fn upload_join(&mut self, claims: &UploadClaims) -> std::result::Result<UploadTarget, &'static str> {
        match self.socket.uploads.as_mut() {
            Some(u) if !self.stopped => u.join(claims),
            _ => Err("disallowed"),
        }
    }

    /// Records the temporary file of an entry.
    pub fn upload_attach(&mut self, entry_ref: &str, path: PathBuf) {
        if let Some(u) = self.socket.uploads.as_mut() {
            u.attach(entry_ref, path);
        }
    }

    /// Accounts for a chunk of `len` bytes before it is stored: `Ok(true)` once complete.
    /// `Err`: the entry failed on a limit; the caller deletes its data and replies the error.
    pub fn upload_chunk(&mut self, entry_ref: &str, len: usize) -> std::result::Result<bool, ChunkRefused> {
        match self.socket.uploads.as_mut() {
            Some(u) => u.chunk(entry_ref, len),
            None => Err(ChunkRefused { reason: "disallowed", limit: 0 }),
        }
    }

    /// No chunk came in time: an unfinished entry fails (see [`Uploads::timed_out`]); the
    /// render shows it. `Ok(None)` when there was nothing to fail.
    ///
    /// [`Uploads::timed_out`]: crate::upload::Uploads::timed_out
    pub async fn upload_timed_out(&mut self, entry_ref: &str) -> Result<Option<Update>> {
        let failed = !self.stopped && self.socket.uploads.as_mut().is_some_and(|u| u.timed_out(entry_ref));
        if !failed {
            return Ok(None);
        }
        tracing::warn!(
            view = self.factory.name(),
            entry = entry_ref,
            "no upload chunk within the chunk timeout; the entry fails"
        );
        self.socket.begin();
        self.finish(None).await.map(Some)
    }

    /// The writer of the entry, when its upload has one (see `UploadConfig::writer`).
    pub fn upload_open_writer(&mut self, entry_ref: &str) -> Option<OpenWriter> {
        match self.socket.uploads.as_mut() {
            Some(u) if !self.stopped => u.open_writer(entry_ref),
            _ => None,
        }
    }

    /// The entry's writer closed after its last byte with this metadata: the entry is done.
    pub fn upload_written(&mut self, entry_ref: &str, meta: Value) {
        if let Some(u) = self.socket.uploads.as_mut() {
            u.written(entry_ref, meta);
        }
    }

    /// The entry's writer failed with `reason`: the entry keeps an [`UploadError::Writer`],
    /// the upload's progress event runs (as Phoenix runs it for the failed entry) and the view
    /// renders. `Ok(None)` when the entry is gone (cancelled meanwhile) or the view stopped.
    ///
    /// [`UploadError::Writer`]: crate::upload::UploadError::Writer
    pub async fn upload_writer_failed(&mut self, entry_ref: &str, reason: &str) -> Result<Option<Update>> {
        if self.stopped {
            return Ok(None);
        }
        let Some(config_ref) = self.socket.uploads.as_ref().and_then(|u| u.owner_of(entry_ref).map(str::to_owned))
        else {
            return Ok(None);
        };
        tracing::info!(
            view = self.factory.name(),
            entry = entry_ref,
            reason,
            "the upload writer failed; the entry fails"
        );
        if let Some(u) = self.socket.uploads.as_mut() {
            u.writer_failed(entry_ref, reason);
        }
        self.progress_event(&config_ref, entry_ref).await.map(Some)
    }

    /// The entry's data could not be stored: it fails with `reason`.
    pub fn upload_failed(&mut self, entry_ref: &str, reason: &str) {
        if let Some(u) = self.socket.uploads.as_mut() {
            u.fail(entry_ref, reason);
        }
    }
}
