//! The shared base data feeds (基础信息库): the authoritative department sends people
//! (`POST /api/v1/base-data/people`, 公安局) or legal entities
//! (`POST /api/v1/base-data/entities`, 市场监管局) in batches of 1 to 500, each record with its
//! own source `version`: a record replaces the one held only when its version is higher, so a
//! replayed or late batch never undoes a newer change.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A person as the population register keeps them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRecord {
    /// The 18-character resident ID number (the record's key).
    pub id_number: String,
    pub name: String,
    /// `male` or `female`, as the ID number encodes it.
    pub sex: String,
    /// As the ID number encodes it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub birth_date: NaiveDate,
    pub household_address: String,
    /// `live`, `deceased` or `cancelled`.
    pub status: String,
    /// The source's version of this record, > 0; higher is newer.
    pub version: i64,
}

/// A legal entity as the register of market entities keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntityRecord {
    /// The unified social credit code (the record's key).
    pub credit_code: String,
    pub name: String,
    /// e.g. 有限责任公司, 个体工商户.
    pub entity_type: String,
    pub industry: String,
    pub legal_rep_id_number: String,
    pub legal_rep_name: String,
    pub registered_address: String,
    /// `active`, `deregistered` or `revoked`.
    pub status: String,
    pub version: i64,
}

/// A batch of people, applied in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleBatch {
    /// `portal.v1`.
    pub protocol: String,
    pub records: Vec<PersonRecord>,
}

/// A batch of legal entities, applied in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntitiesBatch {
    /// `portal.v1`.
    pub protocol: String,
    pub records: Vec<EntityRecord>,
}

/// What became of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BaseDataResult {
    /// New or newer: held now, and kept in the history.
    Applied,
    /// This version is already held (a replay): no effect.
    Unchanged,
    /// Older than the version held: ignored.
    Stale,
    /// Not a valid record: see `reason`.
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseDataRecordResult {
    /// The record's key as sent (ID number or credit code).
    pub key: String,
    pub result: BaseDataResult,
    /// For `invalid`: `invalid_id_number`, `invalid_name`, `sex_does_not_match_id_number`,
    /// `birth_date_does_not_match_id_number`, `invalid_address`, `invalid_status`,
    /// `invalid_credit_code`, `invalid_entity_type`, `invalid_industry`,
    /// `invalid_legal_representative`, `invalid_version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// 200 answer: one result per record, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseDataAnswer {
    pub results: Vec<BaseDataRecordResult>,
}

/// `GET /api/v1/cases/{case_id}/applicant/base-data`: what the base data holds on the applicant
/// of one of the caller's own cases, limited to the fields the case's service declares
/// (`name`, `sex`, `birth_date`, `household_address`, `status` of the person; `entity_name`,
/// `entity_type`, `industry`, `legal_rep_name`, `legal_rep_id_number`, `registered_address`,
/// `entity_status` of the enterprise a case is filed for). Each read is recorded and shown to
/// the applicant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicantBaseData {
    pub case_id: uuid::Uuid,
    /// The fields the service declares (what may be given below).
    pub fields: Vec<String>,
    /// The applicant's person fields; absent when none is declared or the register has no
    /// record of them.
    pub person: Option<std::collections::BTreeMap<String, String>>,
    /// The enterprise's fields, for a case filed for an enterprise.
    pub entity: Option<std::collections::BTreeMap<String, String>>,
}
