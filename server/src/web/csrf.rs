//! CSRF protection: a signed double-submit token. The browser holds a random value in an
//! HttpOnly cookie; every form carries HMAC(key, value). A state-changing request without the
//! matching token (form field `csrf_token` or header `X-CSRF-Token`) is refused with 403.
//! Stateless, so anonymous page views write nothing to the database.
use super::cookies::{self, CSRF_COOKIE, SESSION_COOKIE};
use super::errors;
use super::locale::request_locale;
use app::page_context::CSRF_FIELD;
use app::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac};
use http::{header, Method};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The token the current request's pages must embed in their forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub fn new_cookie_value() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// The token for a CSRF cookie within a session (empty before login): a token seen in one
/// session is worthless in another, even with the same CSRF cookie planted there.
pub fn token_for(key: &[u8], cookie_value: &str, session: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(cookie_value.as_bytes());
    mac.update(b"\0");
    mac.update(session.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn valid_cookie(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_form(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let secure = state.security.secure_cookies;
    let csrf_cookie = cookies::name(CSRF_COOKIE, secure);
    let existing = cookies::get(request.headers(), csrf_cookie).filter(|v| valid_cookie(v));
    let (cookie_value, is_new) = match existing {
        Some(value) => (value, false),
        None => (new_cookie_value(), true),
    };
    let session =
        cookies::get(request.headers(), cookies::name(SESSION_COOKIE, secure)).unwrap_or_default();
    let expected = token_for(&state.security.csrf_key, &cookie_value, &session);
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let mut request = request;
    if !safe {
        let header_token = request
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let submitted = match header_token {
            Some(token) => Some(token),
            None if is_form(&request) => {
                let locale = request_locale(request.headers());
                let (parts, body) = request.into_parts();
                // The global body limit layer has already capped the size; this only buffers.
                let bytes = match to_bytes(body, usize::MAX).await {
                    Ok(bytes) => bytes,
                    Err(_) => return errors::payload_too_large(locale),
                };
                let token = form_urlencoded_field(&bytes, CSRF_FIELD);
                request = Request::from_parts(parts, Body::from(bytes));
                token
            }
            // A multipart body is streamed to the handler (files), not read ahead here: its
            // form carries the token in its action URL instead.
            None if is_multipart(&request) => request
                .uri()
                .query()
                .and_then(|q| form_urlencoded_field(q.as_bytes(), CSRF_FIELD)),
            None => None,
        };
        let ok = !is_new
            && submitted
                .is_some_and(|token| bool::from(token.as_bytes().ct_eq(expected.as_bytes())));
        if !ok {
            tracing::info!(path = %request.uri().path(), "refused a request without a valid CSRF token");
            return errors::csrf_refused(request_locale(request.headers()));
        }
    }
    request.extensions_mut().insert(CsrfToken(expected));
    let mut response = next.run(request).await;
    // A handler that started a new login sets its own fresh cookie; don't overwrite it.
    let handler_set_cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with(csrf_cookie)));
    if is_new && !handler_set_cookie {
        cookies::set(
            response.headers_mut(),
            csrf_cookie,
            &cookie_value,
            1,
            secure,
        );
    }
    response
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Starts a fresh CSRF cookie (at login, so a token seen before login is useless after it).
pub fn rotate(response: &mut Response, secure: bool) {
    cookies::set(
        response.headers_mut(),
        cookies::name(CSRF_COOKIE, secure),
        &new_cookie_value(),
        1,
        secure,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_key_and_cookie() {
        let a = token_for(b"key-one", "cookie", "session");
        assert_eq!(a, token_for(b"key-one", "cookie", "session"));
        assert_ne!(a, token_for(b"key-two", "cookie", "session"));
        assert_ne!(a, token_for(b"key-one", "other", "session"));
        assert_ne!(a, token_for(b"key-one", "cookie", "another session"));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn reads_the_token_field_from_a_form_body() {
        assert_eq!(
            form_urlencoded_field(b"a=1&csrf_token=abc%20d", CSRF_FIELD).as_deref(),
            Some("abc d")
        );
        assert_eq!(form_urlencoded_field(b"a=1", CSRF_FIELD), None);
        assert_eq!(form_urlencoded_field(&[0xff, 0xfe], CSRF_FIELD), None);
    }
}
