//! Signed, expiring tokens (HMAC-SHA256) for `data-phx-session`, `data-phx-static` and flash.
//!
//! Format: `base64url(json payload) "." base64url(mac)`, where the payload carries the
//! purpose, the signing time and the data. Signing uses the newest secret; verification accepts
//! any configured secret, so secrets can be rotated without logging users out.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Why a token was refused. The client is told only `stale`; logs get this.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// Not of the form `payload.mac`, or not base64/JSON.
    #[error("malformed token")]
    Malformed,
    /// The MAC does not match any configured secret.
    #[error("bad signature")]
    BadSignature,
    /// Signed for another purpose (e.g. a flash token used as a session).
    #[error("token purpose mismatch")]
    WrongPurpose,
    /// Older than its maximum age.
    #[error("token expired")]
    Expired,
}

/// The shortest signing secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// Signing secrets that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// No secret at all.
    #[error("no signing secret given")]
    None,
    /// A secret shorter than [`MIN_SECRET_BYTES`].
    #[error(
        "a signing secret has {0} bytes; at least 32 are needed (set LIVEVIEW_SECRET to 64 random characters, e.g. `head -c 48 /dev/urandom | base64`)"
    )]
    TooShort(usize),
}

/// Signs and verifies tokens with a list of secrets (newest first).
#[derive(Clone)]
pub struct Signer {
    keys: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("keys", &self.keys.len()).finish()
    }
}

impl Signer {
    /// A signer over `secrets`, newest first.
    ///
    /// # Panics
    /// When [`Signer::try_new`] refuses the secrets (a configuration mistake).
    pub fn new<S: AsRef<[u8]>>(secrets: impl IntoIterator<Item = S>) -> Self {
        match Self::try_new(secrets) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// A signer over `secrets`, newest first.
    ///
    /// # Errors
    /// When the list is empty or a secret is shorter than [`MIN_SECRET_BYTES`].
    pub fn try_new<S: AsRef<[u8]>>(secrets: impl IntoIterator<Item = S>) -> Result<Self, SecretError> {
        let keys: Vec<Vec<u8>> = secrets.into_iter().map(|s| s.as_ref().to_vec()).collect();
        if keys.is_empty() {
            return Err(SecretError::None);
        }
        if let Some(k) = keys.iter().find(|k| k.len() < MIN_SECRET_BYTES) {
            return Err(SecretError::TooShort(k.len()));
        }
        Ok(Signer { keys })
    }

    /// A signer with a random secret (development only: tokens die with the process).
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        rand::fill(&mut key);
        Signer { keys: vec![key.to_vec()] }
    }

    fn mac(key: &[u8]) -> HmacSha256 {
        // HMAC accepts keys of any length.
        match <HmacSha256 as KeyInit>::new_from_slice(key) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        }
    }

    /// Signs `data` for `purpose`, stamped with the current time.
    pub fn sign(&self, purpose: &str, data: &Value) -> String {
        self.sign_at(purpose, data, now_secs())
    }

    /// Signs with an explicit timestamp (seconds since the epoch).
    pub fn sign_at(&self, purpose: &str, data: &Value, signed_at: u64) -> String {
        let payload = serde_json::json!({"p": purpose, "t": signed_at, "d": data}).to_string();
        let body = URL_SAFE_NO_PAD.encode(payload.as_bytes());
        let mut mac = Self::mac(&self.keys[0]);
        mac.update(body.as_bytes());
        let tag = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{body}.{tag}")
    }

    /// Verifies a token: signature (constant-time), purpose and age.
    pub fn verify(&self, purpose: &str, token: &str, max_age_secs: u64) -> Result<Value, TokenError> {
        self.verify_at(purpose, token, max_age_secs, now_secs())
    }

    /// Verifies against an explicit current time.
    pub fn verify_at(&self, purpose: &str, token: &str, max_age_secs: u64, now: u64) -> Result<Value, TokenError> {
        let (body, tag) = token.split_once('.').ok_or(TokenError::Malformed)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| TokenError::Malformed)?;
        let valid = self.keys.iter().any(|k| {
            let mut mac = Self::mac(k);
            mac.update(body.as_bytes());
            mac.verify_slice(&tag).is_ok()
        });
        if !valid {
            return Err(TokenError::BadSignature);
        }
        let payload = URL_SAFE_NO_PAD.decode(body).map_err(|_| TokenError::Malformed)?;
        let mut v: Value = serde_json::from_slice(&payload).map_err(|_| TokenError::Malformed)?;
        if v.get("p").and_then(Value::as_str) != Some(purpose) {
            return Err(TokenError::WrongPurpose);
        }
        let signed_at = v.get("t").and_then(Value::as_u64).ok_or(TokenError::Malformed)?;
        if now.saturating_sub(signed_at) > max_age_secs || signed_at > now + 60 {
            return Err(TokenError::Expired);
        }
        Ok(v.get_mut("d").map(Value::take).unwrap_or(Value::Null))
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &[u8] = b"0123456789abcdef0123456789abcdef-a";
    const B: &[u8] = b"0123456789abcdef0123456789abcdef-b";

    #[test]
    fn short_or_missing_secrets_are_errors_that_say_what_to_set() {
        assert_eq!(Signer::try_new::<&[u8]>([]).unwrap_err(), SecretError::None);
        let short = Signer::try_new([A, b"short"]).unwrap_err();
        assert_eq!(short, SecretError::TooShort(5));
        assert!(short.to_string().contains("LIVEVIEW_SECRET"), "{short}");
        assert!(Signer::try_new([A, B]).is_ok());
    }

    #[test]
    fn round_trips_and_refuses_tampering_expiry_purpose_and_foreign_keys() {
        let s = Signer::new([A]);
        let t = s.sign_at("session", &json!({"id": "phx-1"}), 1000);
        assert_eq!(s.verify_at("session", &t, 100, 1050).unwrap(), json!({"id": "phx-1"}));
        assert_eq!(s.verify_at("session", &t, 10, 1050), Err(TokenError::Expired));
        assert_eq!(s.verify_at("flash", &t, 100, 1050), Err(TokenError::WrongPurpose));
        let mut tampered = t.clone().into_bytes();
        tampered[3] ^= 1;
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(s.verify_at("session", &tampered, 100, 1050).is_err());
        assert_eq!(Signer::new([B]).verify_at("session", &t, 100, 1050), Err(TokenError::BadSignature));
        for junk in ["", ".", "abc", "a.b.c", "!!!.???"] {
            assert!(s.verify_at("session", junk, 100, 1050).is_err(), "{junk}");
        }
    }

    #[test]
    fn rotation_signs_with_newest_and_verifies_with_all() {
        let old = Signer::new([A]);
        let rotated = Signer::new([B, A]);
        let t_old = old.sign_at("s", &json!(1), 10);
        assert_eq!(rotated.verify_at("s", &t_old, 100, 20).unwrap(), json!(1));
        let t_new = rotated.sign_at("s", &json!(2), 10);
        assert_eq!(Signer::new([B]).verify_at("s", &t_new, 100, 20).unwrap(), json!(2));
    }
}
