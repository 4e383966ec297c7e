//! Minimal cookie reading and writing for the portal's own small cookies
//! (the session cookie itself is handled by tower-sessions).
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

pub const CSRF_COOKIE: &str = "portal_csrf";
pub const LANG_COOKIE: &str = "portal_lang";

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
    fn reads_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; portal_lang=en; b=2"));
        assert_eq!(get(&headers, LANG_COOKIE).as_deref(), Some("en"));
        assert_eq!(get(&headers, "missing"), None);
    }
}
