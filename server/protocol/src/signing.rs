//! Request signatures of the portal protocol (scheme v2), both directions.
//!
//! The key a system registers is never used as is: each use has its own key,
//! `HMAC-SHA256(registered key, "portal-signing-v2/" + label)`, with the label
//! `portal-to-system` (requests the portal sends to a department's or vendor's system),
//! `system-to-portal` (requests such a system sends to the portal) or `attachment-url`
//! (the `sig` of attachment links). So a request can never be reflected back to its sender,
//! nor a link's signature passed off as a request's.
//!
//! A request's signature is `hex(HMAC-SHA256(direction key, METHOD \n PATH_AND_QUERY \n
//! TIMESTAMP \n NONCE \n IDEMPOTENCY_KEY \n hex(sha256(BODY))))`, the idempotency key
//! empty when the request carries none: a signed delivery's key cannot be swapped for another.
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const HEADER_DEPARTMENT: &str = "x-portal-department";
pub const HEADER_TIMESTAMP: &str = "x-portal-timestamp";
pub const HEADER_NONCE: &str = "x-portal-nonce";
pub const HEADER_SIGNATURE: &str = "x-portal-signature";
pub const HEADER_IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Prefix of the signature header's value; a later scheme gets another prefix.
pub const SIGNATURE_PREFIX: &str = "v2=";
/// How far a timestamp may be from the receiver's clock, and how long nonces are remembered.
pub const WINDOW_SECS: i64 = 300;
/// The shortest HMAC key accepted; the portal's registration rule checks the same number.
pub const MIN_KEY_BYTES: usize = 32;
/// The longest `Idempotency-Key` signed and accepted.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 128;

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

/// Which way a signed request goes: each direction signs with its own derived key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The portal calling a department's or vendor's system (deliveries, operations, reads).
    PortalToSystem,
    /// A department's or vendor's system calling the portal (status, outcomes, usage, reads).
    SystemToPortal,
}

impl Direction {
    fn label(self) -> &'static str {
        match self {
            Direction::PortalToSystem => "portal-to-system",
            Direction::SystemToPortal => "system-to-portal",
        }
    }
}

const DERIVATION_PREFIX: &str = "portal-signing-v2/";
const ATTACHMENT_LABEL: &str = "attachment-url";

/// A system's registered HMAC key (the root of its per-purpose keys); sealed at rest by the portal.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    // A secret: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

/// A key derived for one purpose; only these sign anything.
#[derive(Clone)]
pub struct PurposeKey(Vec<u8>);

impl std::fmt::Debug for PurposeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PurposeKey(..)")
    }
}

fn hmac_of(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail; the fallback keeps it panic-free.
    HmacSha256::new_from_slice(key).unwrap_or_else(|_| HmacSha256::new(&Default::default()))
}

impl SigningKey {
    /// `None` unless hex of at least 32 bytes.
    pub fn from_hex(hex_key: &str) -> Option<Self> {
        let bytes = hex::decode(hex_key.trim()).ok()?;
        (bytes.len() >= MIN_KEY_BYTES).then_some(Self(bytes))
    }

    fn derive(&self, label: &str) -> PurposeKey {
        let mut mac = hmac_of(&self.0);
        mac.update(DERIVATION_PREFIX.as_bytes());
        mac.update(label.as_bytes());
        PurposeKey(mac.finalize().into_bytes().to_vec())
    }

    /// The key that signs requests going `direction`.
    pub fn toward(&self, direction: Direction) -> PurposeKey {
        self.derive(direction.label())
    }

    /// The key that signs attachment links.
    pub fn for_attachment_urls(&self) -> PurposeKey {
        self.derive(ATTACHMENT_LABEL)
    }
}

impl PurposeKey {
    /// Hex HMAC of `message`.
    pub fn sign_raw(&self, message: &[u8]) -> String {
        let mut mac = hmac_of(&self.0);
        mac.update(message);
        hex::encode(mac.finalize().into_bytes())
    }

    /// Constant-time comparison of `signature_hex` with the HMAC of `message`.
    pub fn verify_raw(&self, message: &[u8], signature_hex: &str) -> bool {
        let Ok(given) = hex::decode(signature_hex.trim()) else {
            return false;
        };
        let mut mac = hmac_of(&self.0);
        mac.update(message);
        mac.verify_slice(&given).is_ok()
    }

    /// The derived key as hex: for the protocol document's worked example only.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.0)
    }
}

/// The string that is signed; `idempotency_key` is empty when the request carries none.
pub fn canonical(
    method: &str,
    path_and_query: &str,
    timestamp: &str,
    nonce: &str,
    idempotency_key: &str,
    body: &[u8],
) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        path_and_query,
        timestamp,
        nonce,
        idempotency_key,
        hex::encode(Sha256::digest(body))
    )
}

/// 16 random bytes, hex.
pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What one request signs besides time and nonce.
#[derive(Clone, Copy, Debug)]
pub struct Signable<'a> {
    pub method: &'a str,
    pub path_and_query: &'a str,
    /// The request's `Idempotency-Key` header, when it has one (the caller sends it too).
    pub idempotency_key: Option<&'a str>,
    pub body: &'a [u8],
}

/// The signing headers of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedHeaders {
    pub department: String,
    pub timestamp: String,
    pub nonce: String,
    /// The `Idempotency-Key` header as received (empty when absent); part of what is signed.
    pub idempotency_key: String,
    /// Without the `v2=` prefix.
    pub signature: String,
}

impl SignedHeaders {
    /// Signs a request made now (`now_unix`) with a fresh nonce.
    pub fn sign(key: &PurposeKey, department: &str, request: &Signable<'_>, now_unix: i64) -> Self {
        let timestamp = now_unix.to_string();
        let nonce = new_nonce();
        let idempotency_key = request.idempotency_key.unwrap_or_default().to_string();
        let signature = key.sign_raw(
            canonical(
                request.method,
                request.path_and_query,
                &timestamp,
                &nonce,
                &idempotency_key,
                request.body,
            )
            .as_bytes(),
        );
        Self {
            department: department.to_string(),
            timestamp,
            nonce,
            idempotency_key,
            signature,
        }
    }

    /// `(header name, value)` pairs to put on the request (the `Idempotency-Key` is the
    /// caller's to send: it may be sent without a signature).
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

    /// Reads the four headers and the `Idempotency-Key`; a missing, non-ASCII, or oddly shaped
    /// one (also a signature of another scheme) is [`SignatureError::Missing`].
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
        let idempotency_key = match headers.get(HEADER_IDEMPOTENCY_KEY) {
            None => String::new(),
            Some(value) => value
                .to_str()
                .ok()
                .map(str::trim)
                .filter(|v| !v.is_empty() && v.chars().count() <= MAX_IDEMPOTENCY_KEY_CHARS)
                .ok_or(SignatureError::Missing)?
                .to_string(),
        };
        Ok(Self {
            department: get(HEADER_DEPARTMENT)?,
            timestamp: get(HEADER_TIMESTAMP)?,
            nonce,
            idempotency_key,
            signature,
        })
    }

    /// Timestamp within [`WINDOW_SECS`] of `now_unix`, then the signature (constant-time).
    /// The nonce's novelty is the caller's to check (it needs storage).
    pub fn verify(
        &self,
        key: &PurposeKey,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        now_unix: i64,
    ) -> Result<(), SignatureError> {
        check_timestamp(&self.timestamp, now_unix)?;
        let message = canonical(
            method,
            path_and_query,
            &self.timestamp,
            &self.nonce,
            &self.idempotency_key,
            body,
        );
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

/// The `sig` query parameter of an attachment URL (under the attachment-url key).
pub fn attachment_sig(key: &SigningKey, attachment_id: &uuid::Uuid, expires: i64) -> String {
    key.for_attachment_urls()
        .sign_raw(format!("attachment\n{attachment_id}\n{expires}").as_bytes())
}

pub fn verify_attachment_sig(
    key: &SigningKey,
    attachment_id: &uuid::Uuid,
    expires: i64,
    sig: &str,
) -> bool {
    key.for_attachment_urls().verify_raw(
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
    const BODY: &[u8] = br#"{"a":1}"#;

    fn request<'a>(idempotency_key: Option<&'a str>) -> Signable<'a> {
        Signable {
            method: "POST",
            path_and_query: "/cases",
            idempotency_key,
            body: BODY,
        }
    }

    fn fixed(direction: Direction, idempotency_key: &str) -> SignedHeaders {
        let sig = key().toward(direction).sign_raw(
            canonical("POST", "/cases", "1700000000", NONCE, idempotency_key, BODY).as_bytes(),
        );
        SignedHeaders {
            department: "SCJG".into(),
            timestamp: "1700000000".into(),
            nonce: NONCE.into(),
            idempotency_key: idempotency_key.into(),
            signature: sig,
        }
    }

    #[test]
    fn known_vectors() {
        // Computed independently (Python hmac/hashlib) from the formulas in the module docs.
        assert_eq!(
            key().toward(Direction::SystemToPortal).to_hex(),
            "9ddb00a9fbbe8199929433ed0da992d9b10bfd87437ca656e4a43172b593f7f9"
        );
        assert_eq!(
            fixed(Direction::SystemToPortal, "").signature,
            "d16dc7fa002944469613b4f876d920d194b908abc11b17635d3fbe68674883de"
        );
        assert_eq!(
            fixed(Direction::PortalToSystem, "9c1f0a8e-delivery").signature,
            "4cb05c53bc13249ab8074cd74b2062e98f91bf48039f1591ba7e0e4e301495c8"
        );
        let id: uuid::Uuid = "7b0c8b2e-6f0e-4c1e-9d59-2f5a2c9a4e11"
            .parse()
            .expect("uuid");
        assert_eq!(
            attachment_sig(&key(), &id, 1_700_000_900),
            "9da0dad86f9455135c7fe5933e542dbdd090ad1736574ca445de81f0cba9227b"
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
    fn each_purpose_has_its_own_key() {
        let to_portal = key().toward(Direction::SystemToPortal);
        let to_system = key().toward(Direction::PortalToSystem);
        let signed = SignedHeaders::sign(&to_system, "SCJG", &request(None), 1_700_000_000);
        let now = 1_700_000_010;
        assert_eq!(
            signed.verify(&to_system, "POST", "/cases", BODY, now),
            Ok(())
        );
        // A request the portal signed cannot be sent back to it as the system's own.
        assert_eq!(
            signed.verify(&to_portal, "POST", "/cases", BODY, now),
            Err(SignatureError::BadSignature)
        );
        // Nor does an attachment link's signature sign anything else, or the reverse.
        let id = uuid::Uuid::nil();
        let link = attachment_sig(&key(), &id, 1);
        let message = format!("attachment\n{id}\n1");
        assert!(!to_portal.verify_raw(message.as_bytes(), &link));
        assert!(!to_system.verify_raw(message.as_bytes(), &link));
    }

    #[test]
    fn verifies_and_refuses_tampering() {
        let h = fixed(Direction::SystemToPortal, "");
        let k = key().toward(Direction::SystemToPortal);
        let now = 1_700_000_100;
        assert_eq!(h.verify(&k, "POST", "/cases", BODY, now), Ok(()));
        assert_eq!(
            h.verify(&k, "POST", "/cases", br#"{"a":2}"#, now),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(
            h.verify(&k, "POST", "/cases/x", BODY, now),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(
            h.verify(&k, "PUT", "/cases", BODY, now),
            Err(SignatureError::BadSignature)
        );
        let moved = SignedHeaders {
            timestamp: "1700000001".into(),
            ..h.clone()
        };
        assert_eq!(
            moved.verify(&k, "POST", "/cases", BODY, now),
            Err(SignatureError::BadSignature)
        );
        // An Idempotency-Key added to, or swapped on, a signed request breaks its signature.
        let keyed = SignedHeaders {
            idempotency_key: "another".into(),
            ..h.clone()
        };
        assert_eq!(
            keyed.verify(&k, "POST", "/cases", BODY, now),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(
            h.verify(&k, "POST", "/cases", BODY, 1_700_000_301),
            Err(SignatureError::StaleTimestamp)
        );
        let other = SigningKey::from_hex(&"ab".repeat(32)).expect("key");
        assert_eq!(
            h.verify(
                &other.toward(Direction::SystemToPortal),
                "POST",
                "/cases",
                BODY,
                now
            ),
            Err(SignatureError::BadSignature)
        );
    }

    #[test]
    fn headers_round_trip() {
        let k = key().toward(Direction::SystemToPortal);
        let signed = SignedHeaders::sign(
            &k,
            "SCJG",
            &Signable {
                method: "POST",
                path_and_query: "/api/v1/cases/x/status",
                idempotency_key: Some("report-1"),
                body: b"{}",
            },
            1_700_000_000,
        );
        let mut map = http::HeaderMap::new();
        for (name, value) in signed.pairs() {
            map.insert(name, value.parse().expect("ascii"));
        }
        map.insert(HEADER_IDEMPOTENCY_KEY, "report-1".parse().expect("ascii"));
        let read = SignedHeaders::from_headers(&map).expect("complete");
        assert_eq!(read, signed);
        assert_eq!(
            read.verify(&k, "POST", "/api/v1/cases/x/status", b"{}", 1_700_000_000),
            Ok(())
        );
        map.insert(HEADER_IDEMPOTENCY_KEY, "report-2".parse().expect("ascii"));
        assert_eq!(
            SignedHeaders::from_headers(&map).expect("complete").verify(
                &k,
                "POST",
                "/api/v1/cases/x/status",
                b"{}",
                1_700_000_000
            ),
            Err(SignatureError::BadSignature)
        );
        map.insert(
            HEADER_IDEMPOTENCY_KEY,
            "x".repeat(MAX_IDEMPOTENCY_KEY_CHARS + 1)
                .parse()
                .expect("ascii"),
        );
        assert_eq!(
            SignedHeaders::from_headers(&map),
            Err(SignatureError::Missing)
        );
        map.remove(HEADER_IDEMPOTENCY_KEY);
        // The retired scheme's prefix is not read as this one's.
        map.insert(
            HEADER_SIGNATURE,
            format!("v1={}", signed.signature).parse().expect("ascii"),
        );
        assert_eq!(
            SignedHeaders::from_headers(&map),
            Err(SignatureError::Missing)
        );
        map.remove(HEADER_NONCE);
        assert_eq!(
            SignedHeaders::from_headers(&map),
            Err(SignatureError::Missing)
        );
        assert!(SigningKey::from_hex("abcd").is_none());
    }
}
