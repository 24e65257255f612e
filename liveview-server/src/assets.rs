//! The official JS client (from npm) and the bootstrap module, held in memory.

use bytes::Bytes;
use std::path::{Path, PathBuf};

/// Where the client's ESM builds live inside `node_modules`.
const PHOENIX: &str = "phoenix/priv/static/phoenix.mjs";
const LIVE_VIEW: &str = "phoenix_live_view/priv/static/phoenix_live_view.esm.js";

/// The client files could not be found.
#[derive(Debug, thiserror::Error)]
#[error(
    "the Phoenix LiveView JS client was not found (looked for node_modules/{LIVE_VIEW} in {searched}); \
     run `npm ci` next to a package.json that pins \"phoenix\": \"1.8.16\" and \"phoenix_live_view\": \"1.2.12\" \
     (or `npm install phoenix@1.8.16 phoenix_live_view@1.2.12`), or set LIVEVIEW_ASSETS to a node_modules directory \
     that holds both"
)]
pub struct AssetsNotFound {
    searched: String,
}

/// One served file.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub(crate) body: Bytes,
    pub(crate) content_type: &'static str,
    pub(crate) etag: String,
}

impl Asset {
    pub(crate) fn new(body: impl Into<Bytes>, content_type: &'static str) -> Self {
        let body = body.into();
        let etag = format!("\"{:016x}\"", liveview_core::rendered::fingerprint(&[&String::from_utf8_lossy(&body)]));
        Asset { body, content_type, etag }
    }
}

/// The client assets, read once at start-up.
#[derive(Debug, Clone)]
pub(crate) struct ClientAssets {
    pub(crate) phoenix: Asset,
    pub(crate) live_view: Asset,
}

impl ClientAssets {
    /// Finds `node_modules`: `$LIVEVIEW_ASSETS`, else the current directory and its parents,
    /// else this crate's workspace root (handy for `cargo run` and tests).
    pub(crate) fn load() -> Result<Self, AssetsNotFound> {
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(dir) = std::env::var_os("LIVEVIEW_ASSETS") {
            candidates.push(PathBuf::from(dir));
        }
        if let Ok(cwd) = std::env::current_dir() {
            candidates.extend(cwd.ancestors().map(|d| d.join("node_modules")));
        }
        candidates.extend(Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().map(|d| d.join("node_modules")));
        Self::load_from(&candidates)
    }

    /// The client from the first of `candidates` (`node_modules` directories) that has it.
    fn load_from(candidates: &[PathBuf]) -> Result<Self, AssetsNotFound> {
        for dir in candidates {
            if let (Ok(p), Ok(l)) = (std::fs::read(dir.join(PHOENIX)), std::fs::read(dir.join(LIVE_VIEW))) {
                tracing::debug!(dir = %dir.display(), "loaded the LiveView JS client");
                return Ok(ClientAssets {
                    phoenix: Asset::new(p, "text/javascript; charset=utf-8"),
                    live_view: Asset::new(l, "text/javascript; charset=utf-8"),
                });
            }
        }
        let searched = candidates.iter().take(3).map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        Err(AssetsNotFound { searched })
    }

    /// Empty stand-ins, for the in-process test harness (which runs no browser).
    #[cfg(feature = "test")]
    pub(crate) fn none() -> Self {
        let empty = Asset::new(Bytes::new(), "text/javascript; charset=utf-8");
        ClientAssets { phoenix: empty.clone(), live_view: empty }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_client_says_what_to_install_and_where() {
        let err = ClientAssets::load_from(&[PathBuf::from("/nonexistent/node_modules")]).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/node_modules"), "{err}");
        for needed in ["npm ci", "package.json", "phoenix@1.8.16", "phoenix_live_view@1.2.12", "LIVEVIEW_ASSETS"] {
            assert!(err.contains(needed), "{needed} missing from: {err}");
        }
    }
}
