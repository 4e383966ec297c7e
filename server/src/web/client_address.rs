//! The client's address, for throttling. Behind a reverse proxy every connection comes from
//! the proxy, so the address must come from the header the proxy sets; but only when it is
//! configured, since otherwise any client could name itself whatever it likes.
use app::state::AppState;
use http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

pub fn client_address(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> String {
    client_ip(state.security.client_ip_header.as_deref(), headers, peer).to_string()
}

/// The client's IP: from the configured proxy header when there is one, else the peer's.
pub fn client_ip(trusted_header: Option<&str>, headers: &HeaderMap, peer: SocketAddr) -> IpAddr {
    trusted_header
        .and_then(|name| from_header(headers, name))
        .unwrap_or_else(|| peer.ip())
}

/// The address in the trusted header. In `X-Forwarded-For` the proxy appends the address it
/// saw, so only the last entry is its own; earlier ones are whatever the client sent.
fn from_header(headers: &HeaderMap, name: &str) -> Option<IpAddr> {
    let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    value.rsplit(',').next()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::from_header;
    use http::HeaderMap;

    #[test]
    fn the_last_forwarded_entry_is_the_proxys_own() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "6.6.6.6, 203.0.113.9".parse().expect("value"),
        );
        headers.insert("x-real-ip", "not an address".parse().expect("value"));
        assert_eq!(
            from_header(&headers, "x-forwarded-for"),
            "203.0.113.9".parse().ok()
        );
        assert_eq!(from_header(&headers, "x-real-ip"), None);
        assert_eq!(from_header(&headers, "forwarded-nothing"), None);
    }
}
