//! Headers every answer gets unless its handler chose otherwise: pages and JSON are never kept
//! by the browser or a proxy (the back button after logout shows no case), pages carry a
//! Content-Security-Policy, and an HTTPS site asks browsers to stay on HTTPS.
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, STRICT_TRANSPORT_SECURITY,
};
use http::HeaderValue;

/// Scripts, styles, images and requests from this site only; no plugins, no framing, no
/// `<base>` games. Inline scripts and styles stay allowed: the hydration bootstrap and the
/// printable documents' styles are inline (SSR without nonces).
pub const POLICY: &str =
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// `hsts`: whether the site is served over HTTPS (the only state this layer needs, so that
/// no per-request clone of the whole application state is made).
pub async fn finish(State(hsts): State<bool>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let kind = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let page = kind.starts_with("text/html");
    if (page || kind.starts_with("application/json")) && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if page && !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY));
    }
    if hsts {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}
