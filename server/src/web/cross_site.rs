//! Staff reads that write the audit log (a case's page, a file) are recorded only when the
//! staff member's own browser asked for them from the portal: a link on another site (which
//! browsers follow with the session cookie, SameSite=Lax) gets a page that asks to open it,
//! and nothing is read or recorded until that same-site click.
use super::errors;
use super::locale::request_locale;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{header, Method};

/// Paths whose GET is recorded as a staff read: the workbench's pages (queues and searches,
/// the supervisor's dashboard, a case), the server functions behind them, and files.
fn is_recorded_read(path: &str) -> bool {
    path == "/workbench"
        || path.starts_with("/workbench/")
        || path.starts_with("/api/workbench/")
        || path.starts_with("/files/")
}

/// Whether the browser says the request came from another site: `Sec-Fetch-Site` when it
/// sends it, else a `Referer` of another origin. Neither (old browsers, typed addresses):
/// same-site.
pub fn from_another_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "cross-site" | "same-site");
    }
    let Some(referer) = headers.get(header::REFERER).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let referer_host = referer
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    referer_host != host
}

pub async fn guard(request: Request, next: Next) -> Response {
    if request.method() == Method::GET
        && is_recorded_read(request.uri().path())
        && from_another_site(&request)
    {
        let locale = request_locale(request.headers());
        let target = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        return errors::confirm_open(locale, &target);
    }
    next.run(request).await
}
