//! Minimal cookie reading and writing for the portal's own small cookies
//! (the session cookie itself is handled by tower-sessions).
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

pub const CSRF_COOKIE: &str = "portal_csrf";
pub const LANG_COOKIE: &str = "portal_lang";
pub const SESSION_COOKIE: &str = "portal_session";

/// The name a cookie has on this site: over HTTPS the session and CSRF cookies carry the
/// `__Host-` prefix, so that no other host (a sibling subdomain) and no plain-HTTP answer can
/// set or shadow them (browsers accept such a cookie only Secure, on path `/`, without Domain).
pub fn name(base: &'static str, secure: bool) -> &'static str {
    match (base, secure) {
        (CSRF_COOKIE, true) => "__Host-portal_csrf",
        (SESSION_COOKIE, true) => "__Host-portal_session",
        _ => base,
    }
}

pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Appends a `Set-Cookie` for a site-wide, HttpOnly, SameSite=Lax cookie.
pub fn set(headers: &mut HeaderMap, name: &str, value: &str, max_age_days: u32, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{name}={value}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        u64::from(max_age_days) * 86_400
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.append(SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_names_carry_the_host_prefix() {
        assert_eq!(name(SESSION_COOKIE, true), "__Host-portal_session");
        assert_eq!(name(CSRF_COOKIE, true), "__Host-portal_csrf");
        assert_eq!(name(CSRF_COOKIE, false), CSRF_COOKIE);
        assert_eq!(name(LANG_COOKIE, true), LANG_COOKIE);
    }

    #[test]
    fn reads_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; portal_lang=en; b=2"));
        assert_eq!(get(&headers, LANG_COOKIE).as_deref(), Some("en"));
        assert_eq!(get(&headers, "missing"), None);
    }
}
