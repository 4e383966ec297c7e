//! Secrets at rest: a value the portal must keep but not leave readable in the database (a
//! signing key, say) is sealed with XChaCha20-Poly1305 under a key derived from the portal's
//! master secret for one purpose, so a key for one purpose never opens another's values.
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

const NONCE_BYTES: usize = 24;

/// Seals and opens the values of one purpose.
#[derive(Clone)]
pub struct Sealer {
    key: [u8; 32],
}

impl std::fmt::Debug for Sealer {
    // The key is a secret: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer")
    }
}

impl Sealer {
    /// The sealer of `purpose` under `master` (PORTAL_SECRET): HMAC-SHA256(master, purpose).
    pub fn derive(master: &[u8], purpose: &str) -> Self {
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(master) {
            Ok(mac) => mac,
            // HMAC takes keys of any length; this arm is unreachable.
            Err(_) => return Self { key: [0; 32] },
        };
        mac.update(purpose.as_bytes());
        Self {
            key: mac.finalize().into_bytes().into(),
        }
    }

    /// Nonce and ciphertext; `context` (e.g. the key id) is bound in and must match to open.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Vec<u8> {
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let cipher = XChaCha20Poly1305::new(&self.key.into());
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context,
                },
            )
            // Encryption of an in-memory buffer fails only beyond 256 GiB.
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        out
    }

    /// `None` when sealed under another key or context, or altered.
    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
        XChaCha20Poly1305::new(&self.key.into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context,
                },
            )
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_purpose_and_context() {
        let master = [7u8; 32];
        let sealer = Sealer::derive(&master, "sso-signing-key");
        let sealed = sealer.seal(b"secret", b"kid-1");
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
        assert_eq!(
            sealer.open(&sealed, b"kid-1").as_deref(),
            Some(&b"secret"[..])
        );
        assert_eq!(sealer.open(&sealed, b"kid-2"), None);
        assert_eq!(
            Sealer::derive(&master, "other").open(&sealed, b"kid-1"),
            None
        );
        assert_eq!(
            Sealer::derive(&[8u8; 32], "sso-signing-key").open(&sealed, b"kid-1"),
            None
        );
        let mut altered = sealed.clone();
        if let Some(last) = altered.last_mut() {
            *last ^= 1;
        }
        assert_eq!(sealer.open(&altered, b"kid-1"), None);
    }
}
