//! The uploads of one view: entries registered on selection, preflighted, received chunk by
//! chunk, then consumed or cancelled. Every limit is checked here, on what the server saw.

use super::claims::UploadClaims;
use super::config::{MaxEntriesMode, UploadConfig};
use super::entry::{UploadEntry, UploadError, UploadedEntry};
use super::writer::OpenWriter;
use crate::json::{comma, write_str, write_uint};
use crate::token::Signer;
use serde_json::Value;
use std::path::PathBuf;

/// Entries kept per upload beyond `max_entries` (so "too many" can be shown), at most.
const EXTRA_ENTRIES: usize = 16;
/// Longest entry ref accepted (it travels in the `lvu:<ref>` topic).
const MAX_REF_LEN: usize = 64;
/// Longest file name kept.
const MAX_NAME_LEN: usize = 255;

/// What the transport must do for the view's uploads after a callback.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UploadOp {
    /// The entry's data is no longer needed (consumed, cancelled or failed): delete its
    /// temporary file if it is still there and close its upload channel.
    Release {
        /// The entry ref.
        entry_ref: String,
    },
}

/// One named upload of a view: its configuration and its entries.
#[derive(Debug, Clone)]
pub struct Upload {
    pub(crate) config: UploadConfig,
    pub(crate) config_ref: String,
    pub(crate) entries: Vec<UploadEntry>,
    /// Entries consumed so far (counted against `max_entries` in [`MaxEntriesMode::Total`]).
    pub(crate) consumed: usize,
}

impl Upload {
    /// The name (the file input's `name`).
    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// The config ref (the input's id and `data-phx-upload-ref`).
    pub fn config_ref(&self) -> &str {
        &self.config_ref
    }

    /// The configuration.
    pub fn config(&self) -> &UploadConfig {
        &self.config
    }

    /// The selected entries, in selection order.
    pub fn entries(&self) -> &[UploadEntry] {
        &self.entries
    }

    /// Errors of the upload as a whole (`TooManyFiles`).
    pub fn errors(&self) -> Vec<UploadError> {
        if self.entries.len() > self.room() { vec![UploadError::TooManyFiles] } else { Vec::new() }
    }

    /// How many entries may be selected now: `max_entries`, less those consumed in
    /// [`MaxEntriesMode::Total`].
    fn room(&self) -> usize {
        match self.config.max_entries_mode {
            MaxEntriesMode::Selected => self.config.max_entries,
            MaxEntriesMode::Total => self.config.max_entries.saturating_sub(self.consumed),
        }
    }

    /// Every error message of the upload and its entries (`"a.exe: not accepted"`,
    /// `"too many files"`), for an error list.
    pub fn error_messages(&self) -> Vec<String> {
        let mut out: Vec<String> = self.errors().iter().map(UploadError::message).collect();
        for e in &self.entries {
            out.extend(e.errors.iter().map(|err| format!("{}: {}", e.name, err.message())));
        }
        out
    }

    fn entry_mut(&mut self, entry_ref: &str) -> Option<&mut UploadEntry> {
        self.entries.iter_mut().find(|e| e.entry_ref == entry_ref)
    }

    /// Comma-separated refs of the entries matching `f`.
    pub(crate) fn refs(&self, f: impl Fn(&UploadEntry) -> bool) -> String {
        let mut out = String::new();
        for e in self.entries.iter().filter(|e| f(e)) {
            if !out.is_empty() {
                out.push(',');
            }
            out.push_str(&e.entry_ref);
        }
        out
    }

    /// `data-phx-error-refs`: entries in error, and the config ref for upload-wide errors.
    pub(crate) fn error_refs(&self) -> String {
        let mut out = self.refs(|e| !e.errors.is_empty());
        if !self.errors().is_empty() {
            if !out.is_empty() {
                out.push(',');
            }
            out.push_str(&self.config_ref);
        }
        out
    }

    fn register(&mut self, v: &Value) {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default();
        let entry_ref = s("ref");
        if entry_ref.is_empty() || entry_ref.len() > MAX_REF_LEN || self.entry_mut(entry_ref).is_some() {
            return;
        }
        if self.entries.len() >= self.config.max_entries.saturating_add(EXTRA_ENTRIES) {
            tracing::warn!(upload = %self.config.name, "upload entry ignored: far more entries than max_entries");
            return;
        }
        let Some(size) = v.get("size").and_then(Value::as_u64) else {
            tracing::warn!(upload = %self.config.name, "upload entry without a size ignored");
            return;
        };
        let name: String = s("name").chars().take(MAX_NAME_LEN).collect();
        let client_type: String = s("type").chars().take(MAX_NAME_LEN).collect();
        let mut errors = Vec::new();
        if size > self.config.max_file_size {
            errors.push(UploadError::TooLarge);
        }
        if !self.config.accepts(&name, &client_type) {
            errors.push(UploadError::NotAccepted);
        }
        self.entries.push(UploadEntry {
            entry_ref: entry_ref.to_owned(),
            name,
            client_type,
            size,
            received: 0,
            preflighted: false,
            joined: false,
            errors,
            path: None,
            meta: None,
            reported: 0,
            written: None,
        });
    }
}

/// Why the server refused a chunk: the entry ends with this error and its data is deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkRefused {
    /// The error reply's `reason`.
    pub reason: &'static str,
    /// The limit that was exceeded, in bytes.
    pub limit: u64,
}

/// What an upload channel join opens: the limits of its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadTarget {
    /// Bytes the client declared.
    pub size: u64,
    /// Largest chunk accepted.
    pub chunk_size: usize,
    /// The longest wait for the next chunk.
    pub chunk_timeout: std::time::Duration,
}

/// The uploads of one view.
#[derive(Debug)]
pub struct Uploads {
    view_id: String,
    pub(crate) socket_id: String,
    instance: String,
    list: Vec<Upload>,
    ops: Vec<UploadOp>,
}

impl Uploads {
    pub(crate) fn new(view_id: &str, socket_id: &str) -> Self {
        let mut b = [0u8; 12];
        rand::fill(&mut b);
        Uploads {
            view_id: view_id.to_owned(),
            socket_id: socket_id.to_owned(),
            instance: b.iter().map(|x| format!("{x:02x}")).collect(),
            list: Vec::new(),
            ops: Vec::new(),
        }
    }

    /// Adds (or replaces) the upload `config.name`.
    pub(crate) fn allow(&mut self, config: UploadConfig) {
        if let Some(i) = self.list.iter().position(|u| u.config.name == config.name) {
            let old = self.list.remove(i);
            self.release_all(old.entries);
        }
        let config_ref = format!("{}-u{}", self.view_id, self.list.len());
        let config_ref = if self.list.iter().any(|u| u.config_ref == config_ref) {
            format!("{config_ref}x{}", self.instance.get(..6).unwrap_or_default())
        } else {
            config_ref
        };
        self.list.push(Upload { config, config_ref, entries: Vec::new(), consumed: 0 });
    }

    /// The upload `name`.
    pub fn get(&self, name: &str) -> Option<&Upload> {
        self.list.iter().find(|u| u.config.name == name)
    }

    fn by_ref(&mut self, config_ref: &str) -> Option<&mut Upload> {
        self.list.iter_mut().find(|u| u.config_ref == config_ref)
    }

    pub(crate) fn owner_of(&self, entry_ref: &str) -> Option<&str> {
        self.list.iter().find(|u| u.entries.iter().any(|e| e.entry_ref == entry_ref)).map(|u| u.config_ref.as_str())
    }

    fn entry_mut(&mut self, entry_ref: &str) -> Option<(&UploadConfig, &mut UploadEntry)> {
        self.list.iter_mut().find_map(|u| {
            let Upload { config, entries, .. } = u;
            entries.iter_mut().find(|e| e.entry_ref == entry_ref).map(|e| (&*config, e))
        })
    }

    /// Registers the entries of a form change's `uploads` (`{config_ref: [entry, …]}`).
    /// Known entries keep their state; entries are never dropped here.
    pub(crate) fn register(&mut self, uploads: &Value) {
        let Some(map) = uploads.as_object() else { return };
        for (config_ref, entries) in map {
            let Some(entries) = entries.as_array() else { continue };
            self.register_entries(config_ref, entries);
        }
    }

    fn register_entries(&mut self, config_ref: &str, entries: &[Value]) {
        // A single-file input: choosing another file replaces the one chosen before (the client
        // sends only the new entry), as Phoenix's upload config does. Without this, the old
        // entry stayed and the new selection read "too many files".
        if let [only] = entries
            && let Some(new_ref) = only.get("ref").and_then(Value::as_str)
        {
            // Every entry goes, also after a drop of several files gave "too many files"
            // (Phoenix issue 3368).
            let replaced = self
                .by_ref(config_ref)
                .filter(|u| u.config.max_entries == 1 && u.entries.iter().all(|e| e.entry_ref != new_ref))
                .map(|u| std::mem::take(&mut u.entries))
                .unwrap_or_default();
            self.release_all(replaced);
        }
        for v in entries {
            let r = v.get("ref").and_then(Value::as_str).unwrap_or_default();
            if let Some(owner) = self.owner_of(r)
                && owner != config_ref
            {
                tracing::warn!(entry = r, "upload entry ref already used by another upload; ignored");
                continue;
            }
            match self.by_ref(config_ref) {
                Some(u) => u.register(v),
                None => {
                    tracing::warn!(config_ref, "upload entries for an unknown upload ignored");
                    return;
                }
            }
        }
    }

    /// Answers a preflight (`allow_upload` `{ref, entries}`): the response object without its
    /// diff (`None` when the upload is unknown). Valid entries get a signed token each; any
    /// error refuses the whole preflight with the error list, except with `auto_upload` (as in
    /// Phoenix): then the first `max_entries` entries not yet preflighted are answered, valid
    /// ones with a token and invalid ones under `errors`, while the upload's own error (too
    /// many files) stays on it until the user removes an entry.
    pub(crate) fn preflight(&mut self, payload: &Value, signer: &Signer) -> Option<String> {
        let config_ref = payload.get("ref").and_then(Value::as_str)?.to_owned();
        let requested: Vec<Value> = payload.get("entries").and_then(Value::as_array).cloned().unwrap_or_default();
        self.by_ref(&config_ref)?;
        self.register_entries(&config_ref, &requested);
        let (view_id, socket_id, instance) = (self.view_id.clone(), self.socket_id.clone(), self.instance.clone());
        let upload = self.by_ref(&config_ref)?;
        let wanted: Vec<&str> = requested.iter().filter_map(|v| v.get("ref").and_then(Value::as_str)).collect();
        let mut errors: Vec<(String, String)> =
            upload.errors().iter().map(|e| (config_ref.clone(), e.as_str().to_owned())).collect();
        errors.extend(
            upload
                .entries
                .iter()
                .filter(|e| wanted.contains(&e.entry_ref.as_str()))
                .flat_map(|e| e.errors.iter().map(|err| (e.entry_ref.clone(), err.as_str().to_owned()))),
        );
        let auto = upload.config.auto_upload;
        let mut out = String::from("{\"ref\":");
        write_str(&mut out, &config_ref);
        if !errors.is_empty() && !auto {
            out.push_str(",\"error\":[");
            let mut first = true;
            for (r, why) in errors {
                comma(&mut out, &mut first);
                out.push('[');
                write_str(&mut out, &r);
                out.push(',');
                write_str(&mut out, &why);
                out.push(']');
            }
            out.push_str("]}");
            return Some(out);
        }
        let c = &upload.config;
        out.push_str(",\"config\":{\"chunk_size\":");
        write_uint(&mut out, c.chunk_size as u64);
        out.push_str(",\"chunk_timeout\":");
        write_uint(&mut out, c.chunk_timeout_ms);
        out.push_str(",\"max_entries\":");
        write_uint(&mut out, c.max_entries as u64);
        out.push_str(",\"max_file_size\":");
        write_uint(&mut out, c.max_file_size);
        out.push_str("},\"entries\":{");
        let mut first = true;
        let external = upload.config.external.clone();
        let limit = upload.room();
        let mut invalid: Vec<(String, Vec<String>)> = Vec::new();
        for (i, e) in upload.entries.iter_mut().enumerate() {
            if !wanted.contains(&e.entry_ref.as_str()) || (auto && (i >= limit || e.preflighted)) {
                continue;
            }
            e.preflighted = true;
            if !e.valid() {
                // Only with auto_upload: otherwise its errors refused the preflight above.
                invalid.push((e.entry_ref.clone(), e.errors.iter().map(|w| w.as_str().to_owned()).collect()));
                continue;
            }
            if let Some(external) = &external {
                let meta = (external.0)(e);
                if meta.get("uploader").and_then(Value::as_str).is_none() {
                    tracing::error!(upload = %upload.config.name, "external upload metadata has no \"uploader\" name; entry failed");
                    e.errors.push(UploadError::Failed("no uploader".to_owned()));
                    continue;
                }
                comma(&mut out, &mut first);
                write_str(&mut out, &e.entry_ref);
                out.push(':');
                out.push_str(&meta.to_string());
                e.meta = Some(meta);
                continue;
            }
            let token = UploadClaims {
                view_id: view_id.clone(),
                socket_id: socket_id.clone(),
                instance: instance.clone(),
                config_ref: config_ref.clone(),
                entry_ref: e.entry_ref.clone(),
            }
            .sign(signer);
            comma(&mut out, &mut first);
            write_str(&mut out, &e.entry_ref);
            out.push(':');
            write_str(&mut out, &token);
        }
        out.push_str("},\"errors\":{");
        let mut first = true;
        for (entry_ref, why) in invalid {
            comma(&mut out, &mut first);
            write_str(&mut out, &entry_ref);
            out.push_str(":[");
            for (n, w) in why.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                // An external uploader's client code reads `{reason}` objects (as Phoenix sends).
                if external.is_some() {
                    out.push_str("{\"reason\":");
                    write_str(&mut out, w);
                    out.push('}');
                } else {
                    write_str(&mut out, w);
                }
            }
            out.push(']');
        }
        out.push_str("}}");
        Some(out)
    }

    /// Opens the upload channel of a token's entry, once. `Err`: the join's error reason.
    pub fn join(&mut self, claims: &UploadClaims) -> Result<UploadTarget, &'static str> {
        if claims.view_id != self.view_id || claims.instance != self.instance || claims.socket_id != self.socket_id {
            return Err("invalid_token");
        }
        let owner = self.owner_of(&claims.entry_ref).map(str::to_owned);
        if owner.as_deref() != Some(claims.config_ref.as_str()) {
            return Err("disallowed");
        }
        let (config, entry) = self.entry_mut(&claims.entry_ref).ok_or("disallowed")?;
        if !entry.preflighted || !entry.errors.is_empty() || entry.meta.is_some() {
            return Err("disallowed");
        }
        if entry.joined {
            return Err("already_registered");
        }
        entry.joined = true;
        Ok(UploadTarget {
            size: entry.size,
            chunk_size: config.chunk_size,
            chunk_timeout: std::time::Duration::from_millis(config.chunk_timeout_ms),
        })
    }

    /// Records where the entry's bytes are stored.
    pub fn attach(&mut self, entry_ref: &str, path: PathBuf) {
        if let Some((_, e)) = self.entry_mut(entry_ref) {
            e.path = Some(path);
        }
    }

    /// Accounts for a chunk of `len` bytes before it is stored: `Ok(true)` once the entry is
    /// complete. A chunk over the chunk size, more bytes than declared or than the upload's
    /// `max_file_size` fail the entry (the caller deletes its data).
    pub fn chunk(&mut self, entry_ref: &str, len: usize) -> Result<bool, ChunkRefused> {
        let Some((config, e)) = self.entry_mut(entry_ref) else {
            return Err(ChunkRefused { reason: "disallowed", limit: 0 });
        };
        if !e.joined || !e.errors.is_empty() {
            return Err(ChunkRefused { reason: "disallowed", limit: 0 });
        }
        let refused = if len > config.chunk_size {
            Some(ChunkRefused { reason: "chunk_size_exceeded", limit: config.chunk_size as u64 })
        } else if e.received + len as u64 > config.max_file_size {
            Some(ChunkRefused { reason: "file_size_limit_exceeded", limit: config.max_file_size })
        } else if e.received + len as u64 > e.size {
            Some(ChunkRefused { reason: "size_mismatch", limit: e.size })
        } else {
            None
        };
        if let Some(r) = refused {
            e.errors.push(if r.reason == "file_size_limit_exceeded" {
                UploadError::TooLarge
            } else {
                UploadError::Failed(r.reason.to_owned())
            });
            e.path = None;
            e.received = 0;
            return Err(r);
        }
        e.received += len as u64;
        Ok(e.received == e.size)
    }

    /// No chunk came within the chunk timeout: an unfinished entry fails (`chunk_timeout`) and
    /// its data and channel go. `false` when the entry is gone or finished.
    pub fn timed_out(&mut self, entry_ref: &str) -> bool {
        match self.entry_mut(entry_ref) {
            Some((_, e)) if e.joined && e.errors.is_empty() && e.received < e.size => {}
            _ => return false,
        }
        self.fail(entry_ref, "chunk_timeout");
        true
    }

    /// The entry failed (a write error, or the client reported one): its data is gone.
    pub fn fail(&mut self, entry_ref: &str, reason: &str) {
        let reason: String = reason.chars().take(64).collect();
        self.fail_with(entry_ref, UploadError::Failed(reason));
    }

    /// The entry's writer failed with `reason` (see [`UploadError::Writer`]): the entry stays,
    /// with the error, until cancelled; its channel closes.
    pub fn writer_failed(&mut self, entry_ref: &str, reason: &str) {
        let reason: String = reason.chars().take(256).collect();
        self.fail_with(entry_ref, UploadError::Writer(reason));
    }

    /// Records `error` on the entry (unless it already has one), forgets its data and releases
    /// its channel.
    fn fail_with(&mut self, entry_ref: &str, error: UploadError) {
        if let Some((_, e)) = self.entry_mut(entry_ref) {
            if e.errors.is_empty() {
                e.errors.push(error);
            }
            e.path = None;
            e.written = None;
            e.received = 0;
            self.ops.push(UploadOp::Release { entry_ref: entry_ref.to_owned() });
        }
    }

    /// The writer of a joined entry whose upload has one (made now, for this entry).
    pub fn open_writer(&mut self, entry_ref: &str) -> Option<OpenWriter> {
        let (config, entry) = self.entry_mut(entry_ref)?;
        let make = config.writer.clone()?;
        Some((make.0)(entry))
    }

    /// The entry's writer closed after its last byte, with this metadata: the entry is done.
    pub fn written(&mut self, entry_ref: &str, meta: Value) {
        if let Some((_, e)) = self.entry_mut(entry_ref)
            && e.errors.is_empty()
        {
            e.written = Some(meta);
        }
    }

    /// An external entry's uploader reported `percent` (it only goes up, to 100 at most).
    /// Channel entries ignore reports: their progress is the server's own count.
    pub(crate) fn report(&mut self, config_ref: &str, entry_ref: &str, percent: u64) {
        if self.owner_of(entry_ref) != Some(config_ref) {
            return;
        }
        if let Some((_, e)) = self.entry_mut(entry_ref)
            && e.meta.is_some()
            && e.errors.is_empty()
        {
            e.reported = e.reported.max(u8::try_from(percent.min(100)).unwrap_or(100));
        }
    }

    /// The progress of a known entry: `(upload name, progress event, percent, done)`.
    pub(crate) fn progress_of(&self, config_ref: &str, entry_ref: &str) -> Option<(String, Option<String>, u8, bool)> {
        let u = self.list.iter().find(|u| u.config_ref == config_ref)?;
        let e = u.entries.iter().find(|e| e.entry_ref == entry_ref)?;
        Some((u.config.name.clone(), u.config.progress_event.clone(), e.progress(), e.done()))
    }

    /// Removes entry `entry_ref` of upload `name`; `false` when there is none.
    pub(crate) fn cancel(&mut self, name: &str, entry_ref: &str) -> bool {
        let Some(u) = self.list.iter_mut().find(|u| u.config.name == name) else { return false };
        let Some(i) = u.entries.iter().position(|e| e.entry_ref == entry_ref) else { return false };
        let e = u.entries.remove(i);
        self.ops.push(UploadOp::Release { entry_ref: e.entry_ref });
        true
    }

    /// Hands every finished entry of `name` to `f`, then removes them (the transport deletes
    /// the files that are still there). Unfinished entries stay.
    pub(crate) fn consume<R>(&mut self, name: &str, mut f: impl FnMut(UploadedEntry<'_>) -> R) -> Vec<R> {
        let Some(u) = self.list.iter_mut().find(|u| u.config.name == name) else { return Vec::new() };
        let mut out = Vec::new();
        let mut released = Vec::new();
        for e in u.entries.iter().filter(|e| e.done()) {
            out.push(f(UploadedEntry { entry: e, path: e.path.as_deref() }));
            released.push(e.entry_ref.clone());
        }
        u.entries.retain(|e| !released.contains(&e.entry_ref));
        u.consumed += released.len();
        self.ops.extend(released.into_iter().map(|entry_ref| UploadOp::Release { entry_ref }));
        out
    }

    fn release_all(&mut self, entries: Vec<UploadEntry>) {
        self.ops.extend(entries.into_iter().map(|e| UploadOp::Release { entry_ref: e.entry_ref }));
    }

    pub(crate) fn take_ops(&mut self) -> Vec<UploadOp> {
        std::mem::take(&mut self.ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn uploads() -> (Uploads, String) {
        let mut u = Uploads::new("phx-v", "sock");
        u.allow(UploadConfig::new("files").reject([".exe"]).max_entries(2).max_file_size(100).chunk_size(10));
        let r = u.get("files").map(|u| u.config_ref().to_owned()).unwrap_or_default();
        (u, r)
    }

    fn entry(r: &str, name: &str, size: u64) -> Value {
        json!({"ref": r, "name": name, "type": "", "size": size})
    }

    #[test]
    fn registration_validates_size_type_and_count() {
        let (mut u, cref) = uploads();
        u.register(&json!({ cref.clone(): [entry("0", "a.txt", 5), entry("1", "b.exe", 5), entry("2", "c", 101)] }));
        let up = u.get("files").cloned().unwrap_or_else(|| unreachable!());
        assert_eq!(up.entries().len(), 3);
        assert_eq!(up.entries()[1].errors(), &[UploadError::NotAccepted]);
        assert_eq!(up.entries()[2].errors(), &[UploadError::TooLarge]);
        assert_eq!(up.errors(), vec![UploadError::TooManyFiles]);
        assert_eq!(up.error_refs(), format!("1,2,{cref}"));
    }

    #[test]
    fn a_single_file_upload_replaces_its_entry_when_another_file_is_chosen() {
        let mut u = Uploads::new("phx-v", "sock");
        u.allow(UploadConfig::new("avatar").max_entries(1).max_file_size(100));
        let cref = u.get("avatar").map(|u| u.config_ref().to_owned()).unwrap_or_default();
        u.register(&json!({ cref.clone(): [entry("0", "big.png", 500)] }));
        u.register(&json!({ cref.clone(): [entry("1", "small.png", 5)] }));
        let up = u.get("avatar").cloned().unwrap_or_else(|| unreachable!());
        assert_eq!(up.entries().len(), 1, "the second choice replaced the first");
        assert_eq!(up.entries()[0].entry_ref, "1");
        assert!(up.errors().is_empty() && up.entries()[0].errors().is_empty(), "{:?}", up.error_messages());
        assert_eq!(u.take_ops(), vec![UploadOp::Release { entry_ref: "0".into() }], "the old entry's data goes");
        // The same entry again, or a multi-file upload, is not a replacement.
        u.register(&json!({ cref.clone(): [entry("1", "small.png", 5)] }));
        assert_eq!(u.get("avatar").map(|a| a.entries().len()), Some(1));
        let (mut many, mref) = uploads();
        many.register(&json!({ mref.clone(): [entry("0", "a", 5)] }));
        many.register(&json!({ mref.clone(): [entry("1", "b", 5)] }));
        assert_eq!(many.get("files").map(|f| f.entries().len()), Some(2));
    }

    #[test]
    fn an_unlimited_entry_count_does_not_overflow() {
        let mut u = Uploads::new("phx-v", "sock");
        u.allow(UploadConfig::new("any").max_entries(usize::MAX));
        let cref = u.get("any").map(|u| u.config_ref().to_owned()).unwrap_or_default();
        u.register(&json!({ cref: [entry("0", "a", 5), entry("1", "b", 5)] }));
        assert_eq!(u.get("any").map(|a| a.entries().len()), Some(2));
    }

    proptest::proptest! {
        /// Any split of a file into chunks no larger than the chunk size completes exactly on
        /// its last byte; one byte more is refused.
        #[test]
        fn any_split_completes_exactly_on_the_last_byte(
            size in 1u64..100, cuts in proptest::collection::vec(1usize..=10, 1..200)
        ) {
            let signer = Signer::new(["k".repeat(64)]);
            let (mut u, cref) = uploads();
            let e = entry("0", "a", size);
            let reply = u.preflight(&json!({"ref": cref, "entries": [e]}), &signer).unwrap_or_default();
            let reply: Value = serde_json::from_str(&reply).unwrap_or_default();
            let claims = UploadClaims::verify(&signer, reply["entries"]["0"].as_str().unwrap_or_default());
            proptest::prop_assert!(u.join(&claims.unwrap_or_else(|| unreachable!())).is_ok());
            u.attach("0", PathBuf::from("x"));
            let mut sent = 0u64;
            for cut in cuts.iter().copied().chain(std::iter::repeat(10)) {
                let n = cut.min((size - sent) as usize);
                sent += n as u64;
                let complete = u.chunk("0", n);
                proptest::prop_assert_eq!(complete, Ok(sent == size));
                if sent == size {
                    break;
                }
            }
            proptest::prop_assert!(u.get("files").is_some_and(|f| f.entries()[0].done()));
            proptest::prop_assert_eq!(u.chunk("0", 1).map_err(|r| r.reason), Err("size_mismatch"));
        }
    }

    #[test]
    fn external_entries_get_their_uploader_metadata_no_channel_and_finish_on_the_reported_100() {
        let signer = Signer::new(["k".repeat(64)]);
        let mut u = Uploads::new("phx-v", "sock");
        u.allow(
            UploadConfig::new("docs")
                .max_entries(2)
                .external(|e| json!({"uploader": "S3", "url": format!("https://store/{}", e.name())})),
        );
        let e = entry("0", "a.pdf", 5);
        let reply = u.preflight(&json!({"ref": "phx-v-u0", "entries": [e]}), &signer).unwrap_or_default();
        let reply: Value = serde_json::from_str(&reply).unwrap_or_default();
        assert_eq!(reply["entries"]["0"], json!({"uploader": "S3", "url": "https://store/a.pdf"}));
        let forged = UploadClaims {
            view_id: "phx-v".into(),
            socket_id: "sock".into(),
            instance: u.instance.clone(),
            config_ref: "phx-v-u0".into(),
            entry_ref: "0".into(),
        };
        assert_eq!(u.join(&forged), Err("disallowed"), "no upload channel for an external entry");
        u.report("phx-v-u0", "0", 60);
        u.report("phx-v-u0", "0", 40);
        assert_eq!(u.get("docs").map(|d| d.entries()[0].progress()), Some(60), "progress only goes up");
        assert!(u.consume("docs", |_| ()).is_empty(), "not done before 100");
        u.report("phx-v-u0", "0", 1000);
        let consumed = u.consume("docs", |e| (e.path().is_none(), e.meta().cloned()));
        assert_eq!(consumed, vec![(true, Some(json!({"uploader": "S3", "url": "https://store/a.pdf"})))]);
    }

    #[test]
    fn auto_upload_preflight_answers_the_first_max_entries_and_keeps_the_too_many_files_error() {
        let signer = Signer::new(["k".repeat(64)]);
        let mut u = Uploads::new("phx-v", "sock");
        u.allow(UploadConfig::new("files").max_entries(2).max_file_size(10).auto_upload(true));
        let three = [entry("0", "a", 5), entry("1", "b", 50), entry("2", "c", 5)];
        let reply = u.preflight(&json!({"ref": "phx-v-u0", "entries": three}), &signer).unwrap_or_default();
        let reply: Value = serde_json::from_str(&reply).unwrap_or_default();
        // No refusal: the first two entries are answered, the valid one with a token, the too
        // large one under `errors`; the third gets nothing, as in Phoenix.
        assert!(reply.get("error").is_none(), "{reply}");
        assert!(reply["entries"]["0"].is_string(), "{reply}");
        assert_eq!(reply["entries"].as_object().map(|m| m.len()), Some(1), "{reply}");
        assert_eq!(reply["errors"], json!({"1": ["too_large"]}), "{reply}");
        // The upload still says it has too many files until one is removed.
        assert_eq!(u.get("files").map(|f| f.errors()), Some(vec![UploadError::TooManyFiles]));
        // Without auto_upload the same selection is refused as a whole.
        let mut manual = Uploads::new("phx-v", "sock");
        manual.allow(UploadConfig::new("files").max_entries(2).max_file_size(10));
        let three = [entry("0", "a", 5), entry("1", "b", 50), entry("2", "c", 5)];
        let reply = manual.preflight(&json!({"ref": "phx-v-u0", "entries": three}), &signer).unwrap_or_default();
        let reply: Value = serde_json::from_str(&reply).unwrap_or_default();
        assert_eq!(reply["error"], json!([["phx-v-u0", "too_many_files"], ["1", "too_large"]]), "{reply}");
    }

    #[test]
    fn a_single_file_drop_replaces_every_entry_after_too_many_files() {
        // Phoenix issue 3368: two files dropped on a one-file input, then one more.
        let mut u = Uploads::new("phx-v", "sock");
        u.allow(UploadConfig::new("file").max_entries(1));
        let cref = u.get("file").map(|u| u.config_ref().to_owned()).unwrap_or_default();
        u.register(&json!({ cref.clone(): [entry("0", "a", 5), entry("1", "b", 5)] }));
        assert_eq!(u.get("file").map(Upload::errors), Some(vec![UploadError::TooManyFiles]));
        u.take_ops();
        u.register(&json!({ cref.clone(): [entry("2", "c", 5)] }));
        let up = u.get("file").cloned().unwrap_or_else(|| unreachable!());
        assert_eq!(up.entries().iter().map(|e| e.entry_ref.as_str()).collect::<Vec<_>>(), ["2"]);
        assert!(up.errors().is_empty(), "{:?}", up.error_messages());
        assert_eq!(
            u.take_ops(),
            vec![UploadOp::Release { entry_ref: "0".into() }, UploadOp::Release { entry_ref: "1".into() }]
        );
    }

    #[test]
    fn total_mode_counts_consumed_entries_against_max_entries() {
        let signer = Signer::new(["k".repeat(64)]);
        let mut u = Uploads::new("phx-v", "sock");
        let config = UploadConfig::new("docs")
            .max_entries(2)
            .max_entries_mode(MaxEntriesMode::Total)
            .auto_upload(true)
            .external(|e| json!({"uploader": "S3", "url": format!("https://store/{}", e.name())}));
        u.allow(config);
        let cref = "phx-v-u0";
        let reply = u.preflight(&json!({"ref": cref, "entries": [entry("0", "a", 5)]}), &signer).unwrap_or_default();
        assert!(reply.contains("\"0\":{"), "{reply}");
        u.report(cref, "0", 100);
        assert_eq!(u.consume("docs", |_| ()).len(), 1);
        // One consumed: two more selected are one too many, and only one is answered.
        let two = [entry("1", "b", 5), entry("2", "c", 5)];
        let reply = u.preflight(&json!({"ref": cref, "entries": two}), &signer).unwrap_or_default();
        let reply: Value = serde_json::from_str(&reply).unwrap_or_default();
        assert_eq!(
            reply["entries"].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["1".to_owned()])
        );
        assert_eq!(u.get("docs").map(Upload::errors), Some(vec![UploadError::TooManyFiles]));
        // The same in the default mode: consumed entries make room again.
        let mut selected = Uploads::new("phx-v", "sock");
        selected.allow(UploadConfig::new("docs").max_entries(2).auto_upload(true));
        selected.list[0].consumed = 5;
        selected.register(&json!({ cref: [entry("1", "b", 5), entry("2", "c", 5)] }));
        assert!(selected.get("docs").map(Upload::errors).is_some_and(|e| e.is_empty()));
    }

    #[test]
    fn chunks_are_checked_against_every_limit() {
        let signer = Signer::new(["k".repeat(64)]);
        let (mut u, cref) = uploads();
        u.register(&json!({ cref.clone(): [entry("0", "a", 15), entry("1", "b", 5)] }));
        let reply = u.preflight(&json!({"ref": cref, "entries": [entry("0", "a", 15), entry("1", "b", 5)]}), &signer);
        let reply: Value = serde_json::from_str(&reply.unwrap_or_default()).unwrap_or_default();
        let token = reply["entries"]["0"].as_str().unwrap_or_default();
        let claims = UploadClaims::verify(&signer, token).unwrap_or_else(|| unreachable!());
        assert_eq!(u.chunk("0", 1), Err(ChunkRefused { reason: "disallowed", limit: 0 }), "not joined yet");
        let target = UploadTarget { size: 15, chunk_size: 10, chunk_timeout: std::time::Duration::from_secs(10) };
        assert_eq!(u.join(&claims), Ok(target));
        assert_eq!(u.join(&claims), Err("already_registered"));
        u.attach("0", PathBuf::from("x"));
        assert_eq!(u.chunk("0", 10), Ok(false));
        assert_eq!(u.chunk("0", 6).map_err(|r| r.reason), Err("size_mismatch"));
        assert!(!u.get("files").is_some_and(|f| f.entries()[0].valid()));
        let mut other = claims.clone();
        other.entry_ref = "1".into();
        other.instance = "forged".into();
        assert_eq!(u.join(&other), Err("invalid_token"));
        let claims1 = UploadClaims::verify(&signer, reply["entries"]["1"].as_str().unwrap_or_default());
        assert!(u.join(&claims1.unwrap_or_else(|| unreachable!())).is_ok());
        assert_eq!(u.chunk("1", 11).map_err(|r| r.reason), Err("chunk_size_exceeded"));
    }
}
