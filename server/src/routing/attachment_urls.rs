//! Short-lived signed download URLs for attachments, given to department systems in payloads:
//! `{site}/api/v1/attachments/{id}?expires=<unix>&sig=<hex>`, signed with the department's key.
use portal_protocol::signing::{attachment_sig, verify_attachment_sig, SigningKey};
use uuid::Uuid;

pub const PATH_PREFIX: &str = "/api/v1/attachments/";

/// The URL and its expiry (unix seconds).
pub fn signed_url(site_url: &str, key: &SigningKey, id: Uuid, expires: i64) -> String {
    let sig = attachment_sig(key, &id, expires);
    format!(
        "{}{PATH_PREFIX}{id}?expires={expires}&sig={sig}",
        site_url.trim_end_matches('/')
    )
}

/// Why a download is refused: `Expired` only once the URL is proven genuine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlCheck {
    Valid,
    Expired,
    Invalid,
}

/// Checks the signature first, so a forged URL never learns whether it expired.
/// Checks a download link. A link may live at most `max_lifetime_secs` (plus a minute of clock
/// skew): the department shares the key, so a longer-lived link is one it minted itself.
pub fn check(
    key: &SigningKey,
    id: Uuid,
    expires: i64,
    sig: &str,
    now_unix: i64,
    max_lifetime_secs: i64,
) -> UrlCheck {
    if !verify_attachment_sig(key, &id, expires, sig)
        || expires
            > now_unix
                .saturating_add(max_lifetime_secs)
                .saturating_add(60)
    {
        UrlCheck::Invalid
    } else if now_unix > expires {
        UrlCheck::Expired
    } else {
        UrlCheck::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_verify_until_they_expire() {
        let key = SigningKey::from_hex(&"11".repeat(32)).expect("key");
        let other = SigningKey::from_hex(&"22".repeat(32)).expect("key");
        let id = Uuid::nil();
        let url = signed_url("https://portal.test/", &key, id, 1000);
        assert!(url.starts_with("https://portal.test/api/v1/attachments/"));
        let sig = url.rsplit("sig=").next().expect("sig");
        assert_eq!(check(&key, id, 1000, sig, 999, 900), UrlCheck::Valid);
        assert_eq!(check(&key, id, 1000, sig, 1001, 900), UrlCheck::Expired);
        assert_eq!(check(&other, id, 1000, sig, 999, 900), UrlCheck::Invalid);
        assert_eq!(check(&key, id, 1001, sig, 999, 900), UrlCheck::Invalid);
        // Valid signature, but a lifetime longer than the portal gives.
        assert_eq!(check(&key, id, 1000, sig, 0, 900), UrlCheck::Invalid);
    }
}
