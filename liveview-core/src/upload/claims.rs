//! The per-entry upload token: which socket, view instance, upload and entry it opens.

use crate::token::Signer;
use serde_json::{Value, json};

/// How long an entry token may wait between preflight and the upload channel's join.
pub const UPLOAD_TOKEN_MAX_AGE_SECS: u64 = 3600;

const PURPOSE: &str = "upload";

/// What an upload token grants: one entry of one upload of one view instance, over one socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadClaims {
    /// The view's id (its topic is `lv:<id>`).
    pub view_id: String,
    /// The socket the preflight came over (the transport's random id of it).
    pub socket_id: String,
    /// The view instance (a rejoined view has another one).
    pub instance: String,
    /// The upload's config ref.
    pub config_ref: String,
    /// The entry ref (the upload channel's topic is `lvu:<entry_ref>`).
    pub entry_ref: String,
}

impl UploadClaims {
    /// Signs the claims into a token.
    pub fn sign(&self, signer: &Signer) -> String {
        signer.sign(
            PURPOSE,
            &json!({"v": self.view_id, "s": self.socket_id, "i": self.instance, "c": self.config_ref, "e": self.entry_ref}),
        )
    }

    /// The claims of a token signed by `signer` and not older than
    /// [`UPLOAD_TOKEN_MAX_AGE_SECS`]; `None` for anything else.
    pub fn verify(signer: &Signer, token: &str) -> Option<UploadClaims> {
        let v = signer.verify(PURPOSE, token, UPLOAD_TOKEN_MAX_AGE_SECS).ok()?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        Some(UploadClaims {
            view_id: s("v")?,
            socket_id: s("s")?,
            instance: s("i")?,
            config_ref: s("c")?,
            entry_ref: s("e")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_with_their_signer_and_purpose() {
        let signer = Signer::new(["k".repeat(64)]);
        let c = UploadClaims {
            view_id: "phx-a".into(),
            socket_id: "s1".into(),
            instance: "i1".into(),
            config_ref: "phx-a-u0".into(),
            entry_ref: "0".into(),
        };
        let t = c.sign(&signer);
        assert_eq!(UploadClaims::verify(&signer, &t), Some(c));
        assert_eq!(UploadClaims::verify(&Signer::new(["x".repeat(64)]), &t), None);
        assert_eq!(UploadClaims::verify(&signer, &signer.sign("session", &json!({"v": "phx-a"}))), None);
        assert_eq!(UploadClaims::verify(&signer, "garbage"), None);
    }
}
