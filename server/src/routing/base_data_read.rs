//! `GET /api/v1/cases/{case_id}/applicant/base-data`: a department's system reads, for one of
//! its own cases, what the shared base data holds on the applicant, limited to the fields the
//! case's service declares. Signed like every department request; recorded and shown to the
//! applicant.
use super::api::ApiState;
use super::callbacks::ApiError;
use super::recovery::{internal, sender};
use app::core::base_data::read::{self, Refusal};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_protocol::base_data::ApplicantBaseData;
use portal_protocol::ErrorCode;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/cases/{case_id}/applicant/base-data",
    tag = "portal (inbound)",
    params(
        ("case_id" = Uuid, Path, description = "the portal's case id (one of your department's)"),
        ("X-Portal-Department" = String, Header, description = "the owning department's code"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex>, over GET, the path and an empty body"),
    ),
    responses(
        (status = 200, body = ApplicantBaseData, description = "the declared fields of the applicant (and of the enterprise a case is filed for), as the registers hold them now; the read is recorded and shown to the applicant"),
        (status = 401, body = portal_protocol::ErrorBody, description = "bad_signature, stale_timestamp, replayed_nonce, unknown_department"),
        (status = 403, body = portal_protocol::ErrorBody, description = "no_base_data_declared: the case's service declares no base data"),
        (status = 404, body = portal_protocol::ErrorBody, description = "unknown_case: no such case, or another department's"),
    )
)]
pub async fn applicant(
    State(state): State<ApiState>,
    Path(case_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let sender = match sender(&state, &headers, "GET", &uri, b"").await {
        Ok(sender) => sender,
        Err(refusal) => return refusal,
    };
    let Ok(case_id) = case_id.parse::<Uuid>() else {
        return ApiError::new(ErrorCode::UnknownCase, "no such case").into_response();
    };
    match read::for_case(&state.pool, &sender.department_code, case_id).await {
        Ok(Ok(data)) => (
            StatusCode::OK,
            Json(ApplicantBaseData {
                case_id,
                fields: data.fields,
                person: data.person,
                entity: data.entity,
            }),
        )
            .into_response(),
        Ok(Err(Refusal::UnknownCase)) => {
            ApiError::new(ErrorCode::UnknownCase, "no such case").into_response()
        }
        Ok(Err(Refusal::NothingDeclared)) => ApiError::new(
            ErrorCode::NoBaseDataDeclared,
            "the case's service declares no base data",
        )
        .into_response(),
        Err(error) => internal(&error),
    }
}
