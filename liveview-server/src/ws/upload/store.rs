//! The temporary files of one view's uploads: unguessable names under the upload directory,
//! created exclusively, written as chunks arrive, removed when released or when the view ends
//! (the store is dropped with the view task, however it ends).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One view's upload files, by entry ref.
#[derive(Debug)]
pub(crate) struct Store {
    dir: PathBuf,
    files: HashMap<String, Slot>,
}

#[derive(Debug)]
struct Slot {
    path: PathBuf,
    /// Open while bytes arrive; closed once complete.
    file: Option<std::fs::File>,
}

impl Store {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Store { dir, files: HashMap::new() }
    }

    /// Creates the (empty) file of `entry_ref`, replacing an earlier one.
    pub(crate) fn create(&mut self, entry_ref: &str) -> std::io::Result<PathBuf> {
        self.remove(entry_ref);
        create_dir(&self.dir)?;
        let mut b = [0u8; 16];
        rand::fill(&mut b);
        let name: String = b.iter().map(|x| format!("{x:02x}")).collect();
        let path = self.dir.join(format!("lv-{name}.part"));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let file = opts.open(&path)?;
        self.files.insert(entry_ref.to_owned(), Slot { path: path.clone(), file: Some(file) });
        Ok(path)
    }

    /// Appends `bytes` to the file of `entry_ref`.
    ///
    /// A plain blocking write: a chunk is at most the upload's chunk size, and the page cache
    /// takes it in microseconds, less than handing it to a blocking thread would cost.
    pub(crate) fn write(&mut self, entry_ref: &str, bytes: &[u8]) -> std::io::Result<()> {
        match self.files.get_mut(entry_ref).and_then(|s| s.file.as_mut()) {
            Some(f) => f.write_all(bytes),
            None => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no open upload file")),
        }
    }

    /// Closes the file of a complete entry.
    pub(crate) fn finish(&mut self, entry_ref: &str) {
        if let Some(slot) = self.files.get_mut(entry_ref) {
            slot.file = None;
        }
    }

    /// Deletes the file of `entry_ref`, if it is still there (the user may have moved it).
    pub(crate) fn remove(&mut self, entry_ref: &str) {
        if let Some(slot) = self.files.remove(entry_ref) {
            drop(slot.file);
            remove_file(&slot.path);
        }
    }
}

impl Drop for Store {
    /// Unconsumed uploads end with their view.
    fn drop(&mut self) {
        for (_, slot) in self.files.drain() {
            drop(slot.file);
            remove_file(&slot.path);
        }
    }
}

fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

fn remove_file(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!(path = %path.display(), error = %e, "could not delete an upload file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_removed_when_released_or_dropped() {
        let dir = std::env::temp_dir().join(format!("lv-store-test-{}", std::process::id()));
        let mut s = Store::new(dir.clone());
        let a = s.create("0").unwrap_or_default();
        let b = s.create("1").unwrap_or_default();
        assert!(s.write("0", b"hello").is_ok());
        assert_eq!(std::fs::read(&a).unwrap_or_default(), b"hello");
        s.remove("0");
        assert!(!a.exists());
        assert!(b.exists());
        drop(s);
        assert!(!b.exists());
        let _ = std::fs::remove_dir(&dir);
    }
}
