//! Rendered catalogue pages for anonymous visitors, kept for a few seconds per instance.
//! Such a page depends only on its URL and language — except for the visitor's CSRF token, which
//! is rendered as a placeholder and filled in on the way out. Pages for logged-in users, refused
//! forms and anything but a 200 are never cached. A browser that takes gzip gets the page from
//! pieces compressed once (`gzip`), not compressed again per request.
mod gzip;

use app::i18n::Locale;
use app::page_context::PageContext;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, Method, StatusCode};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TTL: Duration = Duration::from_secs(10);
const MAX_PAGES: usize = 256;
/// Stands in for the CSRF token in cached pages; never a valid token (not 64 hex digits).
const TOKEN_PLACEHOLDER: &str = "csrf-token-placeholder";

/// A cached page, cut where the token goes: the pieces are joined with each visitor's token
/// (searching a page of some 40 KB for the placeholder on every request cost more than the
/// rest of serving it), plain or as gzip from the pieces deflated once.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Page(Arc<Pieces>);

#[derive(Debug, PartialEq, Eq)]
struct Pieces {
    html: Box<[Box<str>]>,
    deflated: Box<[Box<[u8]>]>,
}

impl Page {
    fn of(html: &str) -> Self {
        let html: Box<[Box<str>]> = html.split(TOKEN_PLACEHOLDER).map(Box::from).collect();
        let deflated = gzip::deflate_pieces(html.iter().map(|piece| &**piece));
        Self(Arc::new(Pieces { html, deflated }))
    }

    fn gzip_with_token(&self, token: &str) -> Vec<u8> {
        gzip::with_token(&self.0.html, &self.0.deflated, token)
    }

    fn with_token(&self, token: &str) -> String {
        let pieces = &self.0.html;
        let length = pieces.iter().map(|piece| piece.len()).sum::<usize>()
            + token.len() * pieces.len().saturating_sub(1);
        let mut html = String::with_capacity(length);
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                html.push_str(token);
            }
            html.push_str(piece);
        }
        html
    }
}

/// Pages by (language, URL), each with the time it was rendered.
type Pages = HashMap<(Locale, String), (Instant, Page)>;

#[derive(Default)]
pub struct PageCache {
    pages: Mutex<Pages>,
}

impl PageCache {
    fn get(&self, key: &(Locale, String)) -> Option<Page> {
        let pages = self.pages.lock().ok()?;
        pages
            .get(key)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, html)| html.clone())
    }

    fn put(&self, key: (Locale, String), html: Page) {
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= MAX_PAGES {
                pages.retain(|_, (at, _)| at.elapsed() < TTL);
                if pages.len() >= MAX_PAGES {
                    pages.clear();
                }
            }
            pages.insert(key, (Instant::now(), html));
        }
    }
}

fn cacheable_path(path: &str) -> bool {
    path == "/" || path == "/services" || path.starts_with("/services/")
}

fn html_response(page: &Page, token: &str, gzip: bool) -> Response {
    let mut response = if gzip {
        let mut response = page.gzip_with_token(token).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        response
    } else {
        page.with_token(token).into_response()
    };
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn takes_gzip(request: &Request) -> bool {
    request
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(gzip::accepted)
}

pub async fn serve(
    State(cache): State<Arc<PageCache>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(ctx) = request.extensions().get::<PageContext>().cloned() else {
        return next.run(request).await;
    };
    if request.method() != Method::GET
        || ctx.user.is_some()
        || ctx.form.is_some()
        || !cacheable_path(request.uri().path())
    {
        return next.run(request).await;
    }
    let key = (ctx.locale, request.uri().to_string());
    let gzip = takes_gzip(&request);
    if let Some(html) = cache.get(&key) {
        return html_response(&html, &ctx.csrf_token, gzip);
    }
    if let Some(page_ctx) = request.extensions_mut().get_mut::<PageContext>() {
        page_ctx.csrf_token = TOKEN_PLACEHOLDER.to_string();
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let html = match to_bytes(body, usize::MAX).await {
        Ok(bytes) => Page::of(&String::from_utf8_lossy(&bytes)),
        Err(error) => {
            tracing::error!(%error, "reading a rendered page failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    cache.put(key, html.clone());
    let mut response = html_response(&html, &ctx.csrf_token, gzip);
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_LENGTH && !response.headers().contains_key(name) {
            response.headers_mut().insert(name.clone(), value.clone());
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_catalogue_pages_are_cacheable() {
        assert!(
            cacheable_path("/")
                && cacheable_path("/services")
                && cacheable_path("/services/SCJG-001")
        );
        assert!(
            !cacheable_path("/account")
                && !cacheable_path("/login")
                && !cacheable_path("/servicesx")
        );
    }

    #[tokio::test]
    async fn the_placeholder_is_replaced_everywhere() {
        let html = format!(
            r#"<input value="{TOKEN_PLACEHOLDER}"><script>{{"csrf_token":"{TOKEN_PLACEHOLDER}"}}</script>"#
        );
        let body = to_bytes(
            html_response(&Page::of(&html), "abc", false).into_body(),
            usize::MAX,
        )
        .await
        .expect("body");
        assert_eq!(
            &body[..],
            br#"<input value="abc"><script>{"csrf_token":"abc"}</script>"#
        );
    }
}
