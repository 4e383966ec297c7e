//! Where a department's cases are delivered: the portal's own clerk workbench, or the
//! department's own system over HTTP. Parsed once, here, from what the operator gives.

/// Hosts that may be reached over plain http (a department system on the same machine, the
/// reference backend in tests and the demo); everything else must be https.
const PLAIN_HTTP_HOSTS: &[&str] = &["127.0.0.1", "localhost", "[::1]"];
/// HMAC-SHA256 keys shorter than this are refused.
pub const MIN_KEY_BYTES: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DepartmentBackend {
    Workbench,
    Http(HttpBackend),
}

#[derive(Clone, PartialEq, Eq)]
pub struct HttpBackend {
    /// `https://host[:port][/path]` without a trailing slash.
    pub base_url: String,
    pub signing_key_hex: String,
    pub timeout_ms: u32,
    pub max_concurrency: u32,
}

impl std::fmt::Debug for HttpBackend {
    // The key is a secret: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpBackend")
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_concurrency", &self.max_concurrency)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    #[error("the base URL must be https:// (plain http only for 127.0.0.1 or localhost), with a host and no query")]
    InvalidUrl,
    #[error("the signing key must be hex, at least {MIN_KEY_BYTES} bytes")]
    WeakKey,
    #[error("the timeout must be 100 to 120000 ms")]
    InvalidTimeout,
    #[error("the concurrency must be 1 to 256")]
    InvalidConcurrency,
}

impl HttpBackend {
    pub fn parse(
        base_url: &str,
        signing_key_hex: &str,
        timeout_ms: u32,
        max_concurrency: u32,
    ) -> Result<Self, BackendError> {
        let url = base_url.trim().trim_end_matches('/');
        let (scheme, rest) = url.split_once("://").ok_or(BackendError::InvalidUrl)?;
        let host_port = rest.split('/').next().unwrap_or_default();
        let host = match host_port.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || host_port.starts_with('[') => {
                if port.parse::<u16>().is_err() && !host_port.ends_with(']') {
                    return Err(BackendError::InvalidUrl);
                }
                host
            }
            _ => host_port,
        };
        let plain_allowed = PLAIN_HTTP_HOSTS.contains(&host);
        let scheme_ok = scheme == "https" || (scheme == "http" && plain_allowed);
        let clean = !host.is_empty()
            && !url.contains(['?', '#', ' ', '@'])
            && url.chars().all(|c| c.is_ascii_graphic());
        if !scheme_ok || !clean {
            return Err(BackendError::InvalidUrl);
        }
        let key = signing_key_hex.trim().to_ascii_lowercase();
        let hex = key.len().is_multiple_of(2) && key.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex || key.len() / 2 < MIN_KEY_BYTES {
            return Err(BackendError::WeakKey);
        }
        if !(100..=120_000).contains(&timeout_ms) {
            return Err(BackendError::InvalidTimeout);
        }
        if !(1..=256).contains(&max_concurrency) {
            return Err(BackendError::InvalidConcurrency);
        }
        Ok(Self {
            base_url: url.to_string(),
            signing_key_hex: key,
            timeout_ms,
            max_concurrency,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    #[test]
    fn https_is_required_except_on_this_machine() {
        let ok = HttpBackend::parse("https://gaj.example.gov.cn/api/", KEY, 5000, 4).expect("ok");
        assert_eq!(ok.base_url, "https://gaj.example.gov.cn/api");
        assert!(HttpBackend::parse("http://127.0.0.1:8081", KEY, 5000, 4).is_ok());
        assert!(HttpBackend::parse("http://localhost:8081", KEY, 5000, 4).is_ok());
        for bad in [
            "http://gaj.example.gov.cn",
            "ftp://gaj.example.gov.cn",
            "https://",
            "https://user:pw@gaj.example.gov.cn",
            "https://gaj.example.gov.cn/?q=1",
            "gaj.example.gov.cn",
            "https://gaj.example.gov.cn:notaport",
        ] {
            assert_eq!(
                HttpBackend::parse(bad, KEY, 5000, 4),
                Err(BackendError::InvalidUrl),
                "{bad}"
            );
        }
    }

    #[test]
    fn keys_limits_and_secrets() {
        assert_eq!(
            HttpBackend::parse("https://a.cn", "abcd", 5000, 4),
            Err(BackendError::WeakKey)
        );
        assert_eq!(
            HttpBackend::parse("https://a.cn", &"zz".repeat(32), 5000, 4),
            Err(BackendError::WeakKey)
        );
        assert_eq!(
            HttpBackend::parse("https://a.cn", KEY, 50, 4),
            Err(BackendError::InvalidTimeout)
        );
        assert_eq!(
            HttpBackend::parse("https://a.cn", KEY, 5000, 0),
            Err(BackendError::InvalidConcurrency)
        );
        let backend = HttpBackend::parse("https://a.cn", &KEY.to_uppercase(), 5000, 4).expect("ok");
        assert_eq!(
            backend.signing_key_hex, KEY,
            "stored lower-case, as the database requires"
        );
        assert!(
            !format!("{backend:?}").contains(KEY),
            "the key is never printed"
        );
    }
}
