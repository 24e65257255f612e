//! Logging in, the gallery's way: a signed cookie of its own, read into the LiveView session
//! by [`session_from_request`], checked by the `on_mount` hook [`require_user`].
//!
//! The cookie is `gallery_user=<name>.<mac>`, both base64url, the MAC an HMAC-SHA256 of the
//! name under a key derived from `LIVEVIEW_SECRET` (a random per-process key without it). A
//! cookie that does not verify is no cookie: the visitor is logged out, never an error.
//!
//! A demonstration, not an authentication scheme to copy: `/login` takes any name without a
//! password, the cookie carries no expiry, and logging out only deletes the cookie, so a page
//! already open keeps the session its token was signed with (up to the 14-day token age). A
//! real app signs an issue time and checks a maximum age, and keeps revocable sessions (a
//! session store behind a tower layer; see the README's `session_from` section).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use liveview::prelude::*;
use liveview::{OnMount, RequestParts};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The cookie's name.
pub const COOKIE: &str = "gallery_user";

/// The longest user name accepted at login, in bytes.
pub const MAX_NAME: usize = 64;

/// The logged-in user, put on the socket by [`require_user`] for `mount`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User(pub String);

fn key() -> &'static [u8] {
    static KEY: OnceLock<Vec<u8>> = OnceLock::new();
    KEY.get_or_init(|| {
        let secret = std::env::var("LIVEVIEW_SECRET").ok().and_then(|s| s.split(',').next().map(str::to_owned));
        let secret = match secret {
            Some(s) if s.len() >= 32 => s.into_bytes(),
            _ => {
                let mut b = vec![0u8; 32];
                rand::fill(&mut b[..]);
                b
            }
        };
        // A key of its own, so that a cookie can never pass for a LiveView token.
        mac_with(&secret, b"gallery user cookie").to_vec()
    })
}

fn mac_with(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut m = match <HmacSha256 as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    m.update(data);
    m.finalize().into_bytes().into()
}

/// The cookie value for `name` (`name.mac`).
pub fn sign(name: &str) -> String {
    format!("{}.{}", URL_SAFE_NO_PAD.encode(name), URL_SAFE_NO_PAD.encode(mac_with(key(), name.as_bytes())))
}

/// The name in a cookie value, if its MAC verifies (constant time).
pub fn verify(value: &str) -> Option<String> {
    let (name, tag) = value.split_once('.')?;
    let name = String::from_utf8(URL_SAFE_NO_PAD.decode(name).ok()?).ok()?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(key()).ok()?;
    m.update(name.as_bytes());
    m.verify_slice(&tag).ok()?;
    Some(name)
}

/// A `cookie` request header that logs `name` in (for tests: `cookie: gallery_user=…`).
pub fn cookie_header(name: &str) -> String {
    format!("{COOKIE}={}", sign(name))
}

/// `LiveRouter::session_from`: the session carries `"user"` when the request has a valid
/// login cookie.
pub fn session_from_request(req: &RequestParts) -> Session {
    let mut session = Session::default();
    if let Some(user) = liveview::cookie(&req.headers, COOKIE).and_then(verify) {
        session.insert("user", user);
    }
    session
}

/// How many times [`require_user`] let each user through (the dead render and the join each
/// count once): what the tests observe.
static CHECKS: Mutex<Option<HashMap<String, u64>>> = Mutex::new(None);

/// How many times [`require_user`] let `user` through.
pub fn checks(user: &str) -> u64 {
    CHECKS.lock().map(|m| m.as_ref().and_then(|m| m.get(user).copied()).unwrap_or(0)).unwrap_or(0)
}

/// The `on_mount` hook of the `authenticated` live_session: puts the [`User`] on the socket, or
/// redirects to `/login` and halts.
pub fn require_user(_: &Params, session: &Session, socket: &mut Socket) -> OnMount {
    match session.get::<String>("user") {
        Some(name) => {
            if let Ok(mut m) = CHECKS.lock() {
                *m.get_or_insert_with(HashMap::new).entry(name.clone()).or_default() += 1;
            }
            socket.assign(User(name));
            OnMount::Continue
        }
        None => {
            socket.redirect("/login");
            OnMount::Halt
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_verify_only_as_signed() {
        let v = sign("alice");
        assert_eq!(verify(&v).as_deref(), Some("alice"));
        let (_, tag) = v.split_once('.').unwrap();
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode("mallory"));
        assert_eq!(verify(&forged), None);
        for junk in ["", ".", "alice", "YWxpY2U.", "YWxpY2U.!!", "\u{0}.\u{0}"] {
            assert_eq!(verify(junk), None, "{junk:?}");
        }
    }
}
