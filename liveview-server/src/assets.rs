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
     (or `npm install --save-exact phoenix@1.8.16 phoenix_live_view@1.2.12`), or set LIVEVIEW_ASSETS to a node_modules directory \
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
    /// Finds `node_modules`: `$LIVEVIEW_ASSETS` alone when it is set (a wrong one is an error,
    /// not a fallback), else the current directory and its parents, else the directories
    /// above this crate's source (a checkout of the framework, for `cargo run` and tests: a
    /// warning says so, since a deployed binary will not have them).
    pub(crate) fn load() -> Result<Self, AssetsNotFound> {
        if let Some(dir) = std::env::var_os("LIVEVIEW_ASSETS") {
            return Self::load_from(&[PathBuf::from(dir)], &[]);
        }
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Ok(cwd) = std::env::current_dir() {
            candidates.extend(cwd.ancestors().map(|d| d.join("node_modules")));
        }
        let fallback: Vec<PathBuf> =
            Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().map(|d| d.join("node_modules")).collect();
        Self::load_from(&candidates, &fallback)
    }

    /// The client from the first of `candidates`, else of `fallback` (`node_modules`
    /// directories), that has it.
    fn load_from(candidates: &[PathBuf], fallback: &[PathBuf]) -> Result<Self, AssetsNotFound> {
        for (dir, fell_back) in candidates.iter().map(|d| (d, false)).chain(fallback.iter().map(|d| (d, true))) {
            if let (Ok(p), Ok(l)) = (std::fs::read(dir.join(PHOENIX)), std::fs::read(dir.join(LIVE_VIEW))) {
                if fell_back {
                    tracing::warn!(
                        dir = %dir.display(),
                        "no node_modules with the LiveView JS client in the current directory or above: serving the one next to the liveview framework's source (run `npm ci` in your app, or set LIVEVIEW_ASSETS, before deploying)"
                    );
                } else {
                    tracing::info!(dir = %dir.display(), "serving the LiveView JS client from this node_modules");
                }
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
        let err = ClientAssets::load_from(&[PathBuf::from("/nonexistent/node_modules")], &[]).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/node_modules"), "{err}");
        for needed in ["npm ci", "package.json", "phoenix@1.8.16", "phoenix_live_view@1.2.12", "LIVEVIEW_ASSETS"] {
            assert!(err.contains(needed), "{needed} missing from: {err}");
        }
    }

    #[test]
    fn the_frameworks_own_node_modules_serve_only_after_the_apps() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules");
        if !repo.join(LIVE_VIEW).is_file() {
            return; // no npm ci in this checkout
        }
        let bad = PathBuf::from("/nonexistent/node_modules");
        assert!(ClientAssets::load_from(std::slice::from_ref(&bad), std::slice::from_ref(&repo)).is_ok());
        // An explicit LIVEVIEW_ASSETS has no fallback: a wrong one is an error.
        assert!(ClientAssets::load_from(&[bad], &[]).is_err());
    }
}
