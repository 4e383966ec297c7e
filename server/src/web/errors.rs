//! Small localised error pages for refusals that happen before any page is rendered.
use app::i18n::Locale;
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;

fn page(locale: Locale, status: StatusCode, title_key: &str, body_key: &str) -> Response {
    page_with_link(locale, status, title_key, body_key, "/", "back-home")
}

fn page_with_link(
    locale: Locale,
    status: StatusCode,
    title_key: &str,
    body_key: &str,
    href: &str,
    link_key: &str,
) -> Response {
    let title = html_escape(&locale.t(title_key));
    let body = html_escape(&locale.t(body_key));
    let link = html_escape(&locale.t(link_key));
    let href = html_escape(href);
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/portal.css\"></head><body><main id=\"main\" class=\"wrap\">\
         <h1>{title}</h1><p>{body}</p><p><a href=\"{href}\">{link}</a></p></main></body></html>",
        locale.tag()
    );
    (status, Html(html)).into_response()
}

/// A staff read reached from another site: asks to open `target` (a path on this site) with
/// a same-site click, which is what gets recorded.
pub fn confirm_open(locale: Locale, target: &str) -> Response {
    // Only a path on this site: anything else opens the home page.
    let target = if target.starts_with('/') && !target.starts_with("//") {
        target
    } else {
        "/"
    };
    page_with_link(
        locale,
        StatusCode::OK,
        "cross-site-title",
        "cross-site-body",
        target,
        "cross-site-open",
    )
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn csrf_refused(locale: Locale) -> Response {
    page(locale, StatusCode::FORBIDDEN, "csrf-title", "csrf-body")
}

pub fn payload_too_large(locale: Locale) -> Response {
    page(
        locale,
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large-title",
        "too-large-body",
    )
}

/// The answer was not ready in time (a stalled database or peer): nothing is lost, try again.
pub fn too_slow(locale: Locale) -> Response {
    page(
        locale,
        StatusCode::SERVICE_UNAVAILABLE,
        "too-slow-title",
        "too-slow-body",
    )
}

pub fn bad_request(locale: Locale) -> Response {
    page(
        locale,
        StatusCode::BAD_REQUEST,
        "bad-request-title",
        "bad-request-body",
    )
}

pub fn forbidden(locale: Locale) -> Response {
    page(
        locale,
        StatusCode::FORBIDDEN,
        "forbidden-title",
        "forbidden",
    )
}

pub fn internal(locale: Locale, error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "request failed");
    internal_page(locale)
}

/// The error page of a failure already logged.
pub fn internal_page(locale: Locale) -> Response {
    page(
        locale,
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal-error-title",
        "internal-error-body",
    )
}

/// No such case, or one the user may not reach: the same answer for both.
pub fn not_found(locale: Locale) -> Response {
    page(
        locale,
        StatusCode::NOT_FOUND,
        "not-found-title",
        "case-not-found",
    )
}

/// The case changed since the page was loaded (someone else acted, or a double post).
pub fn conflict(locale: Locale) -> Response {
    page(locale, StatusCode::CONFLICT, "conflict-title", "case-stale")
}
