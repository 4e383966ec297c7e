//! Single sign-on into a vendor's tool (`market.v1`): the portal sends the agent to the tool's
//! address with a short-lived, single-use JWT signed with Ed25519 (`alg: EdDSA`). The vendor
//! verifies it against the portal's published keys (JWKS, by `kid`), checks that it is the
//! audience, that the token has not expired, and that it has not seen its `jti` before.
//!
//! The format is compact JWS (RFC 7515) with the claims below; keys are published as OKP JWKs
//! (RFC 8037). Nothing here does I/O: both sides call these functions.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The query parameter of the tool's address that carries the token.
pub const TOKEN_PARAM: &str = "sso_token";

/// Where the portal publishes its public keys, relative to its base address.
pub const JWKS_PATH: &str = "/.well-known/jwks.json";

/// The longest life a token may have; verifiers refuse longer-lived ones.
pub const MAX_LIFETIME_SECONDS: i64 = 300;

/// Clock difference tolerated between portal and vendor.
pub const LEEWAY_SECONDS: i64 = 30;

/// Longer tokens are refused before any decoding (a token is a few hundred bytes).
pub const MAX_TOKEN_BYTES: usize = 4096;

/// The enterprise the agent acts for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SsoEnterprise {
    pub name: String,
    pub credit_code: String,
}

/// What a token says. Standard claims plus the subscription, tenant, enterprise and agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SsoClaims {
    /// The portal's base address.
    pub iss: String,
    /// The vendor's id at the portal: a token for one vendor is refused by every other.
    pub aud: String,
    /// The agent's account id at the portal.
    pub sub: String,
    /// Unique per token; the vendor accepts each one once.
    pub jti: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub subscription_id: Uuid,
    /// The tenant id the vendor reported when it provisioned the subscription.
    pub tenant_id: Option<String>,
    pub enterprise: SsoEnterprise,
    /// The agent's name, to greet them.
    pub agent_name: String,
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    typ: String,
    kid: String,
}

/// One public key in the JWKS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    /// The public key, base64url without padding.
    pub x: String,
    pub kid: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub alg: String,
}

impl Jwk {
    pub fn ed25519(kid: &str, key: &VerifyingKey) -> Self {
        Self {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: URL_SAFE_NO_PAD.encode(key.as_bytes()),
            kid: kid.into(),
            use_: "sig".into(),
            alg: "EdDSA".into(),
        }
    }

    /// The key, when this is an Ed25519 signing key.
    pub fn verifying_key(&self) -> Option<VerifyingKey> {
        if self.kty != "OKP" || self.crv != "Ed25519" {
            return None;
        }
        let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(&self.x).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

impl Jwks {
    pub fn key(&self, kid: &str) -> Option<VerifyingKey> {
        self.keys
            .iter()
            .find(|k| k.kid == kid)
            .and_then(Jwk::verifying_key)
    }
}

/// Why a token was refused; [`SsoError::code`] is what a vendor shows or logs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SsoError {
    #[error("the token is not a well-formed EdDSA JWT")]
    Malformed,
    #[error("the token names a key the portal does not publish")]
    UnknownKey,
    #[error("the token's signature does not verify")]
    BadSignature,
    #[error("the token is for another audience")]
    WrongAudience,
    #[error("the token has expired")]
    Expired,
    #[error("the token lives longer than the protocol allows, or starts in the future")]
    BadLifetime,
}

impl SsoError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed => "sso_malformed",
            Self::UnknownKey => "sso_unknown_key",
            Self::BadSignature => "sso_bad_signature",
            Self::WrongAudience => "sso_wrong_audience",
            Self::Expired => "sso_expired",
            Self::BadLifetime => "sso_bad_lifetime",
        }
    }
}

/// Signs the claims with the portal's current key `kid`.
pub fn encode(claims: &SsoClaims, kid: &str, key: &SigningKey) -> String {
    let header = Header {
        alg: "EdDSA".into(),
        typ: "JWT".into(),
        kid: kid.into(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let header = serde_json::to_vec(&header).unwrap_or_default();
    let claims = serde_json::to_vec(claims).unwrap_or_default();
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let signature = key.sign(signing_input.as_bytes());
    format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    )
}

/// The key id a token names, read without verifying (to pick the key or refetch the JWKS).
pub fn key_id(token: &str) -> Result<String, SsoError> {
    let (header, _, _) = split(token)?;
    Ok(header.kid)
}

/// Verifies signature, audience and lifetime at `now` (unix seconds). Single use is the
/// verifier's to enforce with the returned `jti`.
pub fn verify(token: &str, jwks: &Jwks, audience: &str, now: i64) -> Result<SsoClaims, SsoError> {
    let (header, claims_b64, signature) = split(token)?;
    if header.alg != "EdDSA" {
        return Err(SsoError::Malformed);
    }
    let key = jwks.key(&header.kid).ok_or(SsoError::UnknownKey)?;
    let (signing_input, _) = token.rsplit_once('.').ok_or(SsoError::Malformed)?;
    key.verify(signing_input.as_bytes(), &signature)
        .map_err(|_| SsoError::BadSignature)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(claims_b64)
        .map_err(|_| SsoError::Malformed)?;
    let claims: SsoClaims = serde_json::from_slice(&bytes).map_err(|_| SsoError::Malformed)?;
    if claims.aud != audience {
        return Err(SsoError::WrongAudience);
    }
    if claims.exp - claims.iat > MAX_LIFETIME_SECONDS || claims.iat > now + LEEWAY_SECONDS {
        return Err(SsoError::BadLifetime);
    }
    if claims.exp + LEEWAY_SECONDS < now {
        return Err(SsoError::Expired);
    }
    Ok(claims)
}

fn split(token: &str) -> Result<(Header, &str, Signature), SsoError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(SsoError::Malformed);
    }
    let mut parts = token.split('.');
    let (Some(header), Some(claims), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(SsoError::Malformed);
    };
    let header = URL_SAFE_NO_PAD
        .decode(header)
        .ok()
        .and_then(|h| serde_json::from_slice::<Header>(&h).ok())
        .ok_or(SsoError::Malformed)?;
    let signature: [u8; 64] = URL_SAFE_NO_PAD
        .decode(signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or(SsoError::Malformed)?;
    Ok((header, claims, Signature::from_bytes(&signature)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(iat: i64, exp: i64) -> SsoClaims {
        SsoClaims {
            iss: "https://portal.example".into(),
            aud: "vendor-1".into(),
            sub: Uuid::nil().to_string(),
            jti: Uuid::from_u128(7),
            iat,
            exp,
            subscription_id: Uuid::from_u128(9),
            tenant_id: Some("t-1".into()),
            enterprise: SsoEnterprise {
                name: "示例科技".into(),
                credit_code: "91310000MA1FL8XX3B".into(),
            },
            agent_name: "张三".into(),
        }
    }

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn jwks(seed: u8, kid: &str) -> Jwks {
        Jwks {
            keys: vec![Jwk::ed25519(kid, &key(seed).verifying_key())],
        }
    }

    #[test]
    fn a_token_verifies_against_the_published_key() {
        let token = encode(&claims(1000, 1120), "k1", &key(1));
        assert_eq!(key_id(&token), Ok("k1".into()));
        assert_eq!(
            verify(&token, &jwks(1, "k1"), "vendor-1", 1010),
            Ok(claims(1000, 1120))
        );
    }

    #[test]
    fn another_key_audience_or_time_is_refused() {
        let token = encode(&claims(1000, 1120), "k1", &key(2));
        assert_eq!(
            verify(&token, &jwks(1, "k1"), "vendor-1", 1010),
            Err(SsoError::BadSignature)
        );
        let token = encode(&claims(1000, 1120), "k1", &key(1));
        assert_eq!(
            verify(&token, &jwks(1, "k2"), "vendor-1", 1010),
            Err(SsoError::UnknownKey)
        );
        assert_eq!(
            verify(&token, &jwks(1, "k1"), "vendor-2", 1010),
            Err(SsoError::WrongAudience)
        );
        assert_eq!(
            verify(&token, &jwks(1, "k1"), "vendor-1", 1200),
            Err(SsoError::Expired)
        );
        let long = encode(&claims(1000, 2000), "k1", &key(1));
        assert_eq!(
            verify(&long, &jwks(1, "k1"), "vendor-1", 1010),
            Err(SsoError::BadLifetime)
        );
    }

    #[test]
    fn a_tampered_token_is_refused() {
        let token = encode(&claims(1000, 1120), "k1", &key(1));
        let mut forged = claims(1000, 1120);
        forged.agent_name = "李四".into();
        let forged_claims = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap_or_default());
        let parts: Vec<&str> = token.split('.').collect();
        let tampered = format!("{}.{}.{}", parts[0], forged_claims, parts[2]);
        assert_eq!(
            verify(&tampered, &jwks(1, "k1"), "vendor-1", 1010),
            Err(SsoError::BadSignature)
        );
        for garbage in ["", "a.b", "a.b.c.d", "..."] {
            assert_eq!(
                verify(garbage, &jwks(1, "k1"), "vendor-1", 1010),
                Err(SsoError::Malformed)
            );
        }
    }
}
