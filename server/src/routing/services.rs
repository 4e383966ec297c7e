//! `GET /api/v1/services`: the sender's services, each with its form's paths and its denial
//! grounds, so an integrator learns what a supplement request may name and a denial may give
//! without asking anyone.
use super::api::ApiState;
use app::core::delivery::services::{self as stored, ServiceForm};
use app::domain::service_form::{FieldDef, FieldKind};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_protocol::{FormPath, ServiceInfo, ServiceList, PROTOCOL};

/// The sender's services.
#[utoipa::path(
    get,
    path = "/api/v1/services",
    tag = "portal (inbound)",
    params(
        ("X-Portal-Department" = String, Header, description = "your department's code"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex>, over GET, the path and an empty body"),
    ),
    responses(
        (status = 200, body = ServiceList, description = "your department's services with their form paths and denial grounds"),
        (status = 401, body = portal_protocol::ErrorBody, description = "bad_signature, stale_timestamp, replayed_nonce, unknown_department"),
    )
)]
pub async fn services(State(state): State<ApiState>, uri: Uri, headers: HeaderMap) -> Response {
    let sender = match super::recovery::sender(&state, &headers, "GET", &uri, b"").await {
        Ok(sender) => sender,
        Err(refusal) => return refusal,
    };
    match stored::of_department(&state.pool, &sender.department_code).await {
        Ok(services) => (
            StatusCode::OK,
            Json(ServiceList {
                protocol: PROTOCOL.into(),
                services: services.into_iter().map(info).collect(),
            }),
        )
            .into_response(),
        Err(error) => super::recovery::internal(&error),
    }
}

fn info(service: ServiceForm) -> ServiceInfo {
    let mut paths = Vec::new();
    for field in &service.definition.fields {
        push_paths(&mut paths, "", field);
    }
    ServiceInfo {
        code: service.code,
        name_zh: service.name_zh,
        name_en: service.name_en,
        form_version: service.form_version,
        paths,
        denial_grounds: service.denial_grounds,
    }
}

/// The field's path and, for a group, its members' (`key.{row}.member`), for an address its
/// halves.
fn push_paths(paths: &mut Vec<FormPath>, prefix: &str, field: &FieldDef) {
    let path = format!("{prefix}{}", field.key);
    paths.push(FormPath {
        path: path.clone(),
        kind: kind_name(&field.kind),
        required: field.required,
        label_zh: field.label.zh.clone(),
        prefilled: field.prefill.is_some(),
    });
    match &field.kind {
        FieldKind::Group { fields, .. } => {
            for member in fields {
                push_paths(paths, &format!("{path}.{{row}}."), member);
            }
        }
        FieldKind::Address => {
            for half in ["district", "detail"] {
                paths.push(FormPath {
                    path: format!("{path}.{half}"),
                    kind: "short_text".into(),
                    required: field.required,
                    label_zh: field.label.zh.clone(),
                    prefilled: field.prefill.is_some(),
                });
            }
        }
        _ => {}
    }
}

/// The kind's `type` tag, as form definitions spell it.
fn kind_name(kind: &FieldKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|value| value.get("type")?.as_str().map(str::to_string))
        .unwrap_or_default()
}
