//! Request signatures of protocol v1, both directions:
//! `hex(HMAC-SHA256(key, METHOD \n PATH_AND_QUERY \n TIMESTAMP \n NONCE \n hex(sha256(BODY))))`.
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const HEADER_DEPARTMENT: &str = "x-portal-department";
pub const HEADER_TIMESTAMP: &str = "x-portal-timestamp";
pub const HEADER_NONCE: &str = "x-portal-nonce";
pub const HEADER_SIGNATURE: &str = "x-portal-signature";
pub const HEADER_IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Prefix of the signature header's value; a later scheme gets another prefix.
pub const SIGNATURE_PREFIX: &str = "v1=";
/// How far a timestamp may be from the receiver's clock, and how long nonces are remembered.
pub const WINDOW_SECS: i64 = 300;
/// The shortest HMAC key accepted; the portal's registration rule checks the same number.
pub const MIN_KEY_BYTES: usize = 32;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("a signing header is missing or malformed")]
    Missing,
    #[error("the signature does not match")]
    BadSignature,
    #[error("the timestamp is outside the window")]
    StaleTimestamp,
}

/// A department's HMAC key, from `department_backends.signing_key_hex`.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    // A secret: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

impl SigningKey {
    /// `None` unless hex of at least 32 bytes.
    pub fn from_hex(hex_key: &str) -> Option<Self> {
        let bytes = hex::decode(hex_key.trim()).ok()?;
        (bytes.len() >= MIN_KEY_BYTES).then_some(Self(bytes))
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes keys of any length, so this cannot fail; the fallback keeps it panic-free.
        HmacSha256::new_from_slice(&self.0).unwrap_or_else(|_| HmacSha256::new(&Default::default()))
    }

    /// Hex HMAC of `message`.
    pub fn sign_raw(&self, message: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(message);
        hex::encode(mac.finalize().into_bytes())
    }

    /// Constant-time comparison of `signature_hex` with the HMAC of `message`.
    pub fn verify_raw(&self, message: &[u8], signature_hex: &str) -> bool {
        let Ok(given) = hex::decode(signature_hex.trim()) else {
            return false;
        };
        let mut mac = self.mac();
        mac.update(message);
        mac.verify_slice(&given).is_ok()
    }
}

/// The string that is signed.
pub fn canonical(
    method: &str,
    path_and_query: &str,
    timestamp: &str,
    nonce: &str,
    body: &[u8],
) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        path_and_query,
        timestamp,
        nonce,
        hex::encode(Sha256::digest(body))
    )
}

/// 16 random bytes, hex.
pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The signing headers of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedHeaders {
    pub department: String,
    pub timestamp: String,
    pub nonce: String,
    /// Without the `v1=` prefix.
    pub signature: String,
}

impl SignedHeaders {
    /// Signs a request made now (`now_unix`) with a fresh nonce.
    pub fn sign(
        key: &SigningKey,
        department: &str,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        now_unix: i64,
    ) -> Self {
        let timestamp = now_unix.to_string();
        let nonce = new_nonce();
        let signature =
            key.sign_raw(canonical(method, path_and_query, &timestamp, &nonce, body).as_bytes());
        Self {
            department: department.to_string(),
            timestamp,
            nonce,
            signature,
        }
    }

    /// `(header name, value)` pairs to put on the request.
    pub fn pairs(&self) -> [(&'static str, String); 4] {
        [
            (HEADER_DEPARTMENT, self.department.clone()),
            (HEADER_TIMESTAMP, self.timestamp.clone()),
            (HEADER_NONCE, self.nonce.clone()),
            (
                HEADER_SIGNATURE,
                format!("{SIGNATURE_PREFIX}{}", self.signature),
            ),
        ]
    }

    /// Reads the four headers; a missing, non-ASCII, or oddly shaped one is [`SignatureError::Missing`].
    pub fn from_headers(headers: &http::HeaderMap) -> Result<Self, SignatureError> {
        let get = |name: &str| -> Result<String, SignatureError> {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty() && v.len() <= 256)
                .ok_or(SignatureError::Missing)
        };
        let signature = get(HEADER_SIGNATURE)?;
        let signature = signature
            .strip_prefix(SIGNATURE_PREFIX)
            .ok_or(SignatureError::Missing)?
            .to_string();
        let nonce = get(HEADER_NONCE)?;
        // 16+ random bytes, hex: anything shorter is not a nonce worth remembering.
        if nonce.len() < 32 || nonce.len() > 128 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SignatureError::Missing);
        }
        Ok(Self {
            department: get(HEADER_DEPARTMENT)?,
            timestamp: get(HEADER_TIMESTAMP)?,
            nonce,
            signature,
        })
    }

    /// Timestamp within [`WINDOW_SECS`] of `now_unix`, then the signature (constant-time).
    /// The nonce's novelty is the caller's to check (it needs storage).
    pub fn verify(
        &self,
        key: &SigningKey,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        now_unix: i64,
    ) -> Result<(), SignatureError> {
        check_timestamp(&self.timestamp, now_unix)?;
        let message = canonical(method, path_and_query, &self.timestamp, &self.nonce, body);
        if key.verify_raw(message.as_bytes(), &self.signature) {
            Ok(())
        } else {
            Err(SignatureError::BadSignature)
        }
    }
}

/// The timestamp as unix seconds, when no more than [`WINDOW_SECS`] away from `now_unix`.
pub fn check_timestamp(timestamp: &str, now_unix: i64) -> Result<i64, SignatureError> {
    let ts: i64 = timestamp
        .parse()
        .map_err(|_| SignatureError::StaleTimestamp)?;
    if ts.abs_diff(now_unix) > WINDOW_SECS.unsigned_abs() {
        return Err(SignatureError::StaleTimestamp);
    }
    Ok(ts)
}

/// The `sig` query parameter of an attachment URL.
pub fn attachment_sig(key: &SigningKey, attachment_id: &uuid::Uuid, expires: i64) -> String {
    key.sign_raw(format!("attachment\n{attachment_id}\n{expires}").as_bytes())
}

pub fn verify_attachment_sig(
    key: &SigningKey,
    attachment_id: &uuid::Uuid,
    expires: i64,
    sig: &str,
) -> bool {
    key.verify_raw(
        format!("attachment\n{attachment_id}\n{expires}").as_bytes(),
        sig,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_hex(&hex::encode((0u8..32).collect::<Vec<_>>())).expect("32 bytes")
    }

    const NONCE: &str = "00112233445566778899aabbccddeeff";

    fn fixed() -> SignedHeaders {
        let sig = key()
            .sign_raw(canonical("POST", "/cases", "1700000000", NONCE, br#"{"a":1}"#).as_bytes());
        SignedHeaders {
            department: "SCJG".into(),
            timestamp: "1700000000".into(),
            nonce: NONCE.into(),
            signature: sig,
        }
    }

    #[test]
    fn known_vector() {
        // Computed independently (Python hmac/hashlib) from the spec's formula.
        assert_eq!(
            fixed().signature,
            "3274935a1370a3c85729b3190bd4b2978ea5d57bdcfb4e4a0794e6fbd215d883"
        );
        let id: uuid::Uuid = "7b0c8b2e-6f0e-4c1e-9d59-2f5a2c9a4e11"
            .parse()
            .expect("uuid");
        assert_eq!(
            attachment_sig(&key(), &id, 1_700_000_900),
            "6924e1196dba8f8e771e3ef9178fbbd696140e19f5e77b12b4ea408bdce172bb"
        );
        assert!(verify_attachment_sig(
            &key(),
            &id,
            1_700_000_900,
            &attachment_sig(&key(), &id, 1_700_000_900)
        ));
        assert!(!verify_attachment_sig(
            &key(),
            &id,
            1_700_000_901,
            &attachment_sig(&key(), &id, 1_700_000_900)
        ));
    }

    #[test]
    fn verifies_and_refuses_tampering() {
        let h = fixed();
        let now = 1_700_000_100;
        assert_eq!(
            h.verify(&key(), "POST", "/cases", br#"{"a":1}"#, now),
            Ok(())
        );
        assert_eq!(
            h.verify(&key(), "POST", "/cases", br#"{"a":2}"#, now),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(
            h.verify(&key(), "POST", "/cases/x", br#"{"a":1}"#, now),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(
            h.verify(&key(), "PUT", "/cases", br#"{"a":1}"#, now),
            Err(SignatureError::BadSignature)
        );
        let moved = SignedHeaders {
            timestamp: "1700000001".into(),
            ..h.clone()
        };
        assert_eq!(
            moved.verify(&key(), "POST", "/cases", br#"{"a":1}"#, now),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(
            h.verify(&key(), "POST", "/cases", br#"{"a":1}"#, 1_700_000_301),
            Err(SignatureError::StaleTimestamp)
        );
        let other = SigningKey::from_hex(&"ab".repeat(32)).expect("key");
        assert_eq!(
            h.verify(&other, "POST", "/cases", br#"{"a":1}"#, now),
            Err(SignatureError::BadSignature)
        );
    }

    #[test]
    fn headers_round_trip() {
        let signed = SignedHeaders::sign(
            &key(),
            "SCJG",
            "POST",
            "/api/v1/cases/x/status",
            b"{}",
            1_700_000_000,
        );
        let mut map = http::HeaderMap::new();
        for (name, value) in signed.pairs() {
            map.insert(name, value.parse().expect("ascii"));
        }
        let read = SignedHeaders::from_headers(&map).expect("complete");
        assert_eq!(read, signed);
        assert_eq!(
            read.verify(
                &key(),
                "POST",
                "/api/v1/cases/x/status",
                b"{}",
                1_700_000_000
            ),
            Ok(())
        );
        map.remove(HEADER_NONCE);
        assert_eq!(
            SignedHeaders::from_headers(&map),
            Err(SignatureError::Missing)
        );
        assert!(SigningKey::from_hex("abcd").is_none());
    }
}
