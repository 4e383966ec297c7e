//! The portal's machine API for department systems: status callbacks, signed attachment
//! downloads. Their router (`super::machine_router`) is merged beside the pages, outside the
//! session and CSRF layers: department systems have no cookies, every request is signed.
use super::attachment_urls::{self, UrlCheck};
use super::callbacks::{self, verify_sender, ApiError};
use crate::files::FileStore;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use object_store::path::Path as StorePath;
use portal_protocol::{ErrorCode, StatusCallback};
use sqlx::PgPool;
use uuid::Uuid;

/// What the machine API's handlers share.
#[derive(Clone)]
pub struct ApiState {
    pub pool: PgPool,
    pub files: FileStore,
    /// The portal's public address, for attachment URLs handed out again.
    pub site_url: String,
    /// How long those URLs work (the dispatcher's setting).
    pub attachment_ttl_secs: i64,
}

pub(super) fn path_and_query(uri: &Uri) -> &str {
    uri.path_and_query().map_or("/", |pq| pq.as_str())
}

/// A department system reports a case's new status.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{case_id}/status",
    tag = "portal (inbound)",
    params(
        ("case_id" = Uuid, Path, description = "the portal's case id"),
        ("X-Portal-Department" = String, Header, description = "the owning department's code"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex HMAC-SHA256>"),
    ),
    request_body = StatusCallback,
    responses(
        (status = 200, body = portal_protocol::StatusResponse, description = "applied, or the same request (event_id, case and body) again: its first answer"),
        (status = 400, body = portal_protocol::ErrorBody, description = "unsupported_version"),
        (status = 401, body = portal_protocol::ErrorBody, description = "bad_signature, stale_timestamp, replayed_nonce, unknown_department"),
        (status = 404, body = portal_protocol::ErrorBody, description = "unknown_case"),
        (status = 409, body = portal_protocol::ErrorBody, description = "illegal_transition, with the current state (e.g. supplement_withdrawn without an open request); event_id_reused: the event_id was used for another case or body. A refusal is remembered: the same request again gets the same refusal"),
        (status = 422, body = portal_protocol::ErrorBody, description = "invalid_payload; unknown_supplement_path (not a field or material of the case's form) or supplement_path_not_changeable (verified data the portal prefills and locks), with the offending `path`"),
    )
)]
pub async fn status_callback(
    State(state): State<ApiState>,
    Path(case_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    callbacks::handle(&state.pool, &headers, path_and_query(&uri), &case_id, &body).await
}

fn not_found() -> Response {
    ApiError::new(ErrorCode::NotFound, "not found").into_response()
}

/// Downloads an attachment through a URL given in a payload (signed request, same department).
#[utoipa::path(
    get,
    path = "/api/v1/attachments/{id}",
    tag = "portal (inbound)",
    params(
        ("id" = Uuid, Path, description = "attachment id"),
        ("expires" = i64, Query, description = "unix seconds"),
        ("sig" = String, Query, description = "hex HMAC-SHA256, under the attachment-url key, of \"attachment\\n{id}\\n{expires}\""),
        ("X-Portal-Department" = String, Header, description = "the owning department's code"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds"),
        ("X-Portal-Nonce" = String, Header, description = "random hex"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex>, over GET, the path with query, and an empty body"),
    ),
    responses(
        (status = 200, description = "the file's bytes", content_type = "application/octet-stream"),
        (status = 401, body = portal_protocol::ErrorBody, description = "bad_signature, stale_timestamp, replayed_nonce, unknown_department: the request's own signature headers, checked first, as for the callbacks"),
        (status = 404, body = portal_protocol::ErrorBody, description = "not_found: a correctly signed request for a file that is unknown, another department's, or whose URL `sig` is forged"),
        (status = 410, body = portal_protocol::ErrorBody, description = "expired"),
    )
)]
pub async fn attachment(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // The request's own signature first: a department must learn that its signing is wrong
    // (401, the callbacks' codes), and only a correctly signed request learns nothing more.
    let sender = match verify_sender(&state.pool, &headers, "GET", path_and_query(&uri), b"").await
    {
        Ok(sender) => sender,
        Err(Ok(refusal)) => return refusal.into_response(),
        Err(Err(error)) => {
            tracing::error!(%error, "attachment download: database error");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Ok(id) = id.parse::<Uuid>() else {
        return not_found();
    };
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let (Some(expires), Some(sig)) = (param("expires").and_then(|e| e.parse().ok()), param("sig"))
    else {
        return not_found();
    };
    let file = match app::core::attachments::for_department(&state.pool, id).await {
        Ok(file) => file,
        Err(error) => {
            tracing::error!(%error, "attachment download: database error");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some(file) = file.filter(|f| f.department_code == sender.department_code) else {
        return not_found();
    };
    match attachment_urls::check(
        &sender.key,
        id,
        expires,
        &sig,
        super::now_unix(),
        state.attachment_ttl_secs,
    ) {
        UrlCheck::Valid => {}
        UrlCheck::Expired => {
            return ApiError::new(ErrorCode::Expired, "the link has expired").into_response()
        }
        UrlCheck::Invalid => return not_found(),
    }
    // Before a byte is sent, as for staff downloads.
    let entry = app::core::audit::Entry::department_system(
        &sender.department_code,
        app::core::audit::actions::FILE_DOWNLOAD,
        file.case_id,
    )
    .with("attachment_id", serde_json::json!(id));
    if let Err(error) = app::core::audit::record_in(&state.pool, &entry).await {
        tracing::error!(%error, "attachment download: audit log error");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let stream = match state
        .files
        .inner()
        .get(&StorePath::from(file.storage_key.as_str()))
        .await
    {
        Ok(result) => result.into_stream().map_err(std::io::Error::other),
        Err(error) => {
            tracing::error!(%error, "attachment download: file store error");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    (
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_LENGTH, file.size_bytes.to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}
