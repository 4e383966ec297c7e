//! The base data feeds (基础信息库): the department that keeps a register by law sends its
//! records, signed like every machine request; each record is checked and applied by version
//! (`app::core::base_data`), with one result per record so one bad record never fails the rest.
use super::api::ApiState;
use super::callbacks::ApiError;
use super::recovery::{internal, sender};
use app::core::base_data::{self, Versioned, MAX_BATCH};
use app::domain::base_data::{
    self as rules, BaseDataKind, EntityInput, PersonInput, RecordError, VersionDecision,
};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_protocol::base_data::{
    BaseDataAnswer, BaseDataRecordResult, BaseDataResult, EntitiesBatch, EntityRecord, PeopleBatch,
    PersonRecord,
};
use portal_protocol::{ErrorCode, PROTOCOL};
use serde::de::DeserializeOwned;

/// The batch body, once the sender is the register's keeper and the body is well formed.
async fn accepted_batch<B: DeserializeOwned>(
    state: &ApiState,
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
    kind: BaseDataKind,
) -> Result<(String, B), Response> {
    let sender = sender(state, headers, "POST", uri, body).await?;
    if sender.department_code != kind.authority() {
        return Err(ApiError::new(
            ErrorCode::NotAuthoritative,
            "only the department that keeps this register may feed it",
        )
        .into_response());
    }
    let invalid = |message: &str| ApiError::new(ErrorCode::InvalidPayload, message).into_response();
    if portal_protocol::names_nul(body) {
        return Err(invalid("texts may not contain the NUL character"));
    }
    let batch: B = serde_json::from_slice(body)
        .map_err(|_| invalid("the body is not a portal.v1 base data batch"))?;
    Ok((sender.department_code, batch))
}

fn check_batch(protocol: &str, len: usize) -> Result<(), ApiError> {
    if protocol != PROTOCOL {
        return Err(ApiError::new(
            ErrorCode::UnsupportedVersion,
            "protocol must be portal.v1",
        ));
    }
    if len == 0 || len > MAX_BATCH {
        return Err(ApiError::new(
            ErrorCode::InvalidPayload,
            "a batch has 1 to 500 records",
        ));
    }
    Ok(())
}

/// The answer: the checked records' decisions slotted back among the refused ones, in order.
fn answer(
    keys: Vec<String>,
    checked: Vec<Result<(), RecordError>>,
    mut decisions: impl Iterator<Item = VersionDecision>,
) -> Response {
    let results = keys
        .into_iter()
        .zip(checked)
        .map(|(key, check)| match check {
            Err(error) => BaseDataRecordResult {
                key,
                result: BaseDataResult::Invalid,
                reason: Some(error.code().to_string()),
            },
            Ok(()) => BaseDataRecordResult {
                key,
                result: match decisions.next() {
                    Some(VersionDecision::Apply) => BaseDataResult::Applied,
                    Some(VersionDecision::Unchanged) => BaseDataResult::Unchanged,
                    Some(VersionDecision::Stale) | None => BaseDataResult::Stale,
                },
                reason: None,
            },
        })
        .collect();
    (StatusCode::OK, Json(BaseDataAnswer { results })).into_response()
}

fn version(v: i64) -> Result<i64, RecordError> {
    if v > 0 {
        Ok(v)
    } else {
        Err(RecordError::Version)
    }
}

fn person(r: &PersonRecord) -> Result<Versioned<rules::Person>, RecordError> {
    let record = rules::person(PersonInput {
        id_number: &r.id_number,
        name: &r.name,
        sex: &r.sex,
        birth_date: r.birth_date,
        household_address: &r.household_address,
        status: &r.status,
    })?;
    Ok(Versioned {
        record,
        version: version(r.version)?,
    })
}

fn entity(r: &EntityRecord) -> Result<Versioned<rules::Entity>, RecordError> {
    let record = rules::entity(EntityInput {
        credit_code: &r.credit_code,
        name: &r.name,
        entity_type: &r.entity_type,
        industry: &r.industry,
        legal_rep_id_number: &r.legal_rep_id_number,
        legal_rep_name: &r.legal_rep_name,
        registered_address: &r.registered_address,
        status: &r.status,
    })?;
    Ok(Versioned {
        record,
        version: version(r.version)?,
    })
}

/// Splits checked records from refused ones, keeping each one's place.
fn sort_out<T>(checked: Vec<Result<T, RecordError>>) -> (Vec<Result<(), RecordError>>, Vec<T>) {
    let mut places = Vec::with_capacity(checked.len());
    let mut valid = Vec::new();
    for item in checked {
        match item {
            Ok(record) => {
                places.push(Ok(()));
                valid.push(record);
            }
            Err(error) => places.push(Err(error)),
        }
    }
    (places, valid)
}

/// 公安局 feeds the population register.
#[utoipa::path(
    post,
    path = "/api/v1/base-data/people",
    tag = "portal (inbound)",
    params(
        ("X-Portal-Department" = String, Header, description = "GA: only the keeper of the population register"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex HMAC-SHA256>"),
    ),
    request_body = PeopleBatch,
    responses(
        (status = 200, body = BaseDataAnswer, description = "one result per record, in order: applied, unchanged (this version is held), stale (older than the one held), invalid (with a reason)"),
        (status = 401, body = portal_protocol::ErrorBody, description = "bad_signature, stale_timestamp, replayed_nonce, unknown_department"),
        (status = 403, body = portal_protocol::ErrorBody, description = "not_authoritative: another department"),
        (status = 422, body = portal_protocol::ErrorBody, description = "invalid_payload: not a batch, or not 1 to 500 records"),
    )
)]
pub async fn people(
    State(state): State<ApiState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (source, batch) =
        match accepted_batch::<PeopleBatch>(&state, &headers, &uri, &body, BaseDataKind::People)
            .await
        {
            Ok(accepted) => accepted,
            Err(refusal) => return refusal,
        };
    if let Err(refusal) = check_batch(&batch.protocol, batch.records.len()) {
        return refusal.into_response();
    }
    let keys = batch.records.iter().map(|r| r.id_number.clone()).collect();
    let (places, valid) = sort_out(batch.records.iter().map(person).collect());
    match base_data::feed_people(&state.pool, &source, &valid).await {
        Ok(decisions) => answer(keys, places, decisions.into_iter()),
        Err(error) => internal(&error),
    }
}

/// 市场监管局 feeds the register of legal entities.
#[utoipa::path(
    post,
    path = "/api/v1/base-data/entities",
    tag = "portal (inbound)",
    params(
        ("X-Portal-Department" = String, Header, description = "SCJG: only the keeper of the register of legal entities"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex HMAC-SHA256>"),
    ),
    request_body = EntitiesBatch,
    responses(
        (status = 200, body = BaseDataAnswer, description = "one result per record, in order"),
        (status = 401, body = portal_protocol::ErrorBody, description = "bad_signature, stale_timestamp, replayed_nonce, unknown_department"),
        (status = 403, body = portal_protocol::ErrorBody, description = "not_authoritative: another department"),
        (status = 422, body = portal_protocol::ErrorBody, description = "invalid_payload: not a batch, or not 1 to 500 records"),
    )
)]
pub async fn entities(
    State(state): State<ApiState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (source, batch) = match accepted_batch::<EntitiesBatch>(
        &state,
        &headers,
        &uri,
        &body,
        BaseDataKind::Entities,
    )
    .await
    {
        Ok(accepted) => accepted,
        Err(refusal) => return refusal,
    };
    if let Err(refusal) = check_batch(&batch.protocol, batch.records.len()) {
        return refusal.into_response();
    }
    let keys = batch
        .records
        .iter()
        .map(|r| r.credit_code.clone())
        .collect();
    let (places, valid) = sort_out(batch.records.iter().map(entity).collect());
    match base_data::feed_entities(&state.pool, &source, &valid).await {
        Ok(decisions) => answer(keys, places, decisions.into_iter()),
        Err(error) => internal(&error),
    }
}
