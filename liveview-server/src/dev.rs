//! Development mode (`LIVEVIEW_DEV=1`): a signing secret that survives restarts, so a page
//! open in the browser rejoins a rebuilt server instead of reloading.
//!
//! Without a configured secret the server signs with a random one per process, and every
//! open page reloads after a restart (its tokens no longer verify), losing what the client
//! could have kept: form contents (the client replays them on rejoin), scroll, focus. In
//! development the server keeps its secret in a file instead (`liveview-dev-secret` in
//! `$CARGO_TARGET_DIR`, else in `target/` under the directory the server runs in;
//! `LIVEVIEW_DEV_SECRET_FILE` chooses another), created on first use with 32 random bytes. A configured secret
//! (`.secret(..)`, `LIVEVIEW_SECRET`) always wins: development mode never replaces it.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Whether development mode is on (`LIVEVIEW_DEV` set to anything but empty, `0` or `false`).
pub(crate) fn enabled() -> bool {
    std::env::var("LIVEVIEW_DEV").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Where the development secret is kept.
pub(crate) fn secret_file() -> PathBuf {
    match (std::env::var_os("LIVEVIEW_DEV_SECRET_FILE"), std::env::var_os("CARGO_TARGET_DIR")) {
        (Some(p), _) if !p.is_empty() => PathBuf::from(p),
        (_, Some(target)) if !target.is_empty() => PathBuf::from(target).join("liveview-dev-secret"),
        _ => PathBuf::from("target").join("liveview-dev-secret"),
    }
}

/// Bytes of a new development secret (hex-encoded in the file: 64 characters).
const SECRET_BYTES: usize = 32;

/// The secret kept in `path`, created (with its directory) if missing or unusable.
///
/// # Errors
/// When the file can be neither read nor written.
pub(crate) fn secret(path: &Path) -> io::Result<Vec<u8>> {
    if let Ok(f) = std::fs::File::open(path) {
        let mut s = String::new();
        // Longer than any secret we write: a file that is not ours is not read whole.
        f.take(1024).read_to_string(&mut s)?;
        let s = s.trim();
        if s.len() >= 2 * SECRET_BYTES {
            return Ok(s.as_bytes().to_vec());
        }
        tracing::warn!(file = %path.display(), "development secret file too short; writing a new one");
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut bytes = [0u8; SECRET_BYTES];
    rand::fill(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    // Written beside, then renamed: two servers starting at once both end up with one secret
    // on disk (each keeps the one it read or wrote; the next start reads the survivor).
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    {
        let mut f = private_file(&tmp)?;
        f.write_all(hex.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(hex.into_bytes())
}

#[cfg(unix)]
fn private_file(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::create(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let mut b = [0u8; 6];
        rand::fill(&mut b);
        let d = std::env::temp_dir()
            .join(format!("liveview-dev-{name}-{}", b.iter().map(|b| format!("{b:02x}")).collect::<String>()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn the_secret_is_created_once_then_read_back_by_the_next_start() {
        let dir = temp_dir("once");
        let path = dir.join("nested").join("secret");
        let first = secret(&path).unwrap();
        assert_eq!(first.len(), 2 * SECRET_BYTES);
        assert_eq!(secret(&path).unwrap(), first, "a restart signs with the same secret");
        assert_ne!(secret(&dir.join("other")).unwrap(), first, "another checkout gets its own");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_file_too_short_to_be_a_secret_is_replaced() {
        let dir = temp_dir("short");
        let path = dir.join("secret");
        std::fs::write(&path, "abc").unwrap();
        let s = secret(&path).unwrap();
        assert_eq!(s.len(), 2 * SECRET_BYTES);
        assert_eq!(std::fs::read(&path).unwrap(), s);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
