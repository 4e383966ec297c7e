//! Request body limits: small for ordinary forms, large only for the multipart application forms
//! (whose files are streamed and limited again, per file, while they are read).
use super::errors;
use super::locale::request_locale;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header;

#[derive(Clone, Copy, Debug)]
pub struct BodyLimits {
    pub form_bytes: usize,
    pub upload_bytes: usize,
}

pub(super) fn is_upload(request: &Request) -> bool {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let path = request.uri().path();
    multipart
        && (path.starts_with("/apply/")
            || (path.starts_with("/cases/")
                && (path.ends_with("/edit") || path.ends_with("/supplement"))))
}

pub async fn limit(State(limits): State<BodyLimits>, request: Request, next: Next) -> Response {
    let max = if is_upload(&request) {
        limits.upload_bytes
    } else {
        limits.form_bytes
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > max as u64) {
        return errors::payload_too_large(request_locale(request.headers()));
    }
    // Bodies without a length (chunked) are cut off at the limit while they stream.
    let (parts, body) = request.into_parts();
    let limited = Body::new(http_body_util::Limited::new(body, max));
    next.run(Request::from_parts(parts, limited)).await
}
