//! The gallery's stand-in for object storage (`PUT /storage/{object}`), for the external
//! upload example (`/upload-external`): a URL is good only as the server presigned it (object
//! name, exact size and expiry under an HMAC), so the browser can send the bytes directly here
//! while the LiveView only hands out URLs. Objects are files in a directory of the system temp
//! dir; the example reads each back once and forgets it.
//!
//! A demonstration: objects of entries that are cancelled or never consumed stay until the
//! directory is cleaned, and every preflight presigns a fresh object, so a public deployment
//! would need quotas and a sweep of objects older than their URL's lifetime, as real object
//! storage offers with lifecycle rules.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use std::io::Write;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The largest object the endpoint takes (the request body limit of its route).
pub const MAX_OBJECT: usize = 8 << 20;

fn key() -> &'static [u8; 32] {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut b = [0u8; 32];
        rand::fill(&mut b);
        b
    })
}

fn dir() -> std::path::PathBuf {
    std::env::temp_dir().join("liveview-gallery-storage")
}

fn mac(object: &str, size: u64, expires: u64) -> HmacSha256 {
    let mut m = match <HmacSha256 as KeyInit>::new_from_slice(key()) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    m.update(format!("{object}\n{size}\n{expires}").as_bytes());
    m
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// A fresh object name (random, URL-safe).
pub fn new_object() -> String {
    let mut b = [0u8; 16];
    rand::fill(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

/// A URL that stores exactly `size` bytes as `object`, good for `ttl`.
pub fn presign(object: &str, size: u64, ttl: Duration) -> String {
    let expires = now() + ttl.as_secs();
    let sig = URL_SAFE_NO_PAD.encode(mac(object, size, expires).finalize().into_bytes());
    format!("/storage/{object}?size={size}&expires={expires}&sig={sig}")
}

fn valid_object(object: &str) -> bool {
    (1..=64).contains(&object.len()) && object.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `PUT /storage/{object}?size&expires&sig`: stores the body if the URL is one we presigned,
/// not expired, for this object, and the body has exactly the signed size; once per object.
pub async fn put(Path(object): Path<String>, RawQuery(query): RawQuery, body: Bytes) -> StatusCode {
    let q = query.unwrap_or_default();
    let param = |k: &str| q.split('&').find_map(|kv| kv.strip_prefix(k)?.strip_prefix('='));
    let (Some(size), Some(expires), Some(sig)) = (
        param("size").and_then(|s| s.parse::<u64>().ok()),
        param("expires").and_then(|s| s.parse::<u64>().ok()),
        param("sig").and_then(|s| URL_SAFE_NO_PAD.decode(s).ok()),
    ) else {
        return StatusCode::BAD_REQUEST;
    };
    if !valid_object(&object) || mac(&object, size, expires).verify_slice(&sig).is_err() {
        tracing::warn!(object, "storage: refused a PUT that is not presigned");
        return StatusCode::FORBIDDEN;
    }
    if expires < now() {
        return StatusCode::FORBIDDEN;
    }
    if body.len() as u64 != size {
        tracing::warn!(object, size, got = body.len(), "storage: refused a body of another size than signed");
        return StatusCode::BAD_REQUEST;
    }
    let stored = std::fs::create_dir_all(dir()).and_then(|()| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(dir().join(&object))?;
        f.write_all(&body)
    });
    match stored {
        Ok(()) => StatusCode::CREATED,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => StatusCode::CONFLICT,
        Err(e) => {
            tracing::error!(object, error = %e, "storage: write failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// Reads object `object` once: its bytes, then it is gone.
pub fn take(object: &str) -> Option<Vec<u8>> {
    if !valid_object(object) {
        return None;
    }
    let path = dir().join(object);
    let bytes = std::fs::read(&path).ok()?;
    let _ = std::fs::remove_file(&path);
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_presigned_urls_of_the_signed_size_store() {
        let object = new_object();
        let url = presign(&object, 3, Duration::from_secs(60));
        let query = url.split_once('?').map(|(_, q)| q.to_owned());
        let put_with =
            |q: Option<String>, body: &'static [u8]| put(Path(object.clone()), RawQuery(q), Bytes::from_static(body));
        assert_eq!(put_with(query.clone(), b"toolong").await, StatusCode::BAD_REQUEST);
        let forged = query.clone().map(|q| q.replace("size=3", "size=7"));
        assert_eq!(put_with(forged, b"toolong").await, StatusCode::FORBIDDEN);
        assert_eq!(put_with(None, b"abc").await, StatusCode::BAD_REQUEST);
        assert_eq!(put_with(query.clone(), b"abc").await, StatusCode::CREATED);
        assert_eq!(put_with(query, b"abc").await, StatusCode::CONFLICT);
        assert_eq!(take(&object).as_deref(), Some(&b"abc"[..]));
        assert_eq!(take(&object), None);
    }
}
