//! Service forms (versioned definitions) and the verified base data that prefills them (once-only).
use super::error::InternalError;
use portal_types::domain::service_form::{FieldDef, FormDefinition, Prefill, RawAnswers};
use portal_types::Text;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use uuid::Uuid;

/// A stored form version never changes (a change is a new version, and which materials the
/// base data stands in for is seeded), so the process keeps each version it has read: a case's
/// form is read several times per request (its page, save, submit). Keyed by database too, as
/// tests run many databases in one process; bounded, though services × versions are few.
type CachedForms = Mutex<HashMap<(String, String, i32), Arc<FormDefinition>>>;
static VERSIONS: OnceLock<CachedForms> = OnceLock::new();
const MAX_CACHED_FORMS: usize = 2048;

fn cache_key(pool: &PgPool, service_code: &str, version: i32) -> (String, String, i32) {
    let options = pool.connect_options();
    let database = options.get_database().unwrap_or_default().to_string();
    (database, service_code.to_string(), version)
}

fn cached(key: &(String, String, i32)) -> Option<FormDefinition> {
    let forms = VERSIONS.get()?.lock().ok()?;
    forms
        .get(key)
        .map(|definition| FormDefinition::clone(definition))
}

fn remember(key: (String, String, i32), definition: &FormDefinition) {
    let forms = VERSIONS.get_or_init(Default::default);
    if let Ok(mut forms) = forms.lock() {
        if forms.len() >= MAX_CACHED_FORMS {
            forms.clear();
        }
        forms.insert(key, Arc::new(definition.clone()));
    }
}

/// The latest published version of a service's form, or a given version (a case keeps its own).
pub async fn load(
    pool: &PgPool,
    service_code: &str,
    version: Option<i32>,
) -> Result<Option<(i32, FormDefinition)>, InternalError> {
    if let Some(version) = version {
        if let Some(definition) = cached(&cache_key(pool, service_code, version)) {
            return Ok(Some((version, definition)));
        }
    }
    // The materials base data stands in for come with the definition: the form never asks.
    let row: Option<(i32, serde_json::Value, Vec<i32>)> = sqlx::query_as(
        "select f.version, f.definition,
                array(select m.position from service_materials m
                      where m.service_code = f.service_code and m.from_base_data is not null)
         from service_forms f
         where f.service_code = $1 and ($2::int is null or f.version = $2)
         order by f.version desc limit 1",
    )
    .bind(service_code)
    .bind(version)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|(version, json, from_base_data)| {
        match serde_json::from_value::<FormDefinition>(json) {
            Ok(definition) => {
                let positions: Vec<u32> = from_base_data
                    .into_iter()
                    .filter_map(|p| u32::try_from(p).ok())
                    .collect();
                let definition = definition.without_materials(&positions);
                remember(cache_key(pool, service_code, version), &definition);
                Some((version, definition))
            }
            Err(error) => {
                tracing::error!(%error, service_code, version, "stored form definition is invalid");
                None
            }
        }
    }))
}

/// The names of the service's materials the shared base data stands in for.
pub async fn materials_from_base_data(
    pool: &PgPool,
    service_code: &str,
) -> Result<Vec<Text>, InternalError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select name_zh, name_en from service_materials
         where service_code = $1 and from_base_data is not null order by position",
    )
    .bind(service_code)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(zh, en)| Text::new(zh, en)).collect())
}

/// What the portal already knows about the applicant (and the enterprise they act for).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BaseData {
    pub name: String,
    pub id_number: String,
    pub mobile: String,
    pub email: String,
    pub address_district: String,
    pub address_detail: String,
    pub enterprise: Option<EnterpriseBase>,
}

/// Name, ID number, mobile, email, address district and detail of the account's person.
type PersonRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);
/// Name, credit code, legal representative, address district and detail of an enterprise.
type EnterpriseRow = (String, String, String, Option<String>, Option<String>);

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnterpriseBase {
    pub name: String,
    pub credit_code: String,
    pub legal_rep: String,
    pub address_district: String,
    pub address_detail: String,
}

pub async fn base_data(
    pool: &PgPool,
    account_id: Uuid,
    enterprise_id: Option<Uuid>,
) -> Result<BaseData, InternalError> {
    let person: Option<PersonRow> = sqlx::query_as(
        "select p.real_name, p.id_number, p.mobile, a.email, p.address_district, p.address_detail
             from accounts a join people p on p.id = a.person_id where a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    let mut base = match person {
        Some((name, id_number, mobile, email, district, detail)) => BaseData {
            name,
            id_number,
            mobile,
            email: email.unwrap_or_default(),
            address_district: district.unwrap_or_default(),
            address_detail: detail.unwrap_or_default(),
            enterprise: None,
        },
        None => BaseData::default(),
    };
    if let Some(enterprise_id) = enterprise_id {
        let row: Option<EnterpriseRow> = sqlx::query_as(
            "select name, credit_code, legal_rep, address_district, address_detail
             from enterprises where id = $1",
        )
        .bind(enterprise_id)
        .fetch_optional(pool)
        .await?;
        base.enterprise =
            row.map(
                |(name, credit_code, legal_rep, district, detail)| EnterpriseBase {
                    name,
                    credit_code,
                    legal_rep,
                    address_district: district.unwrap_or_default(),
                    address_detail: detail.unwrap_or_default(),
                },
            );
    }
    Ok(base)
}

/// The verified values for a prefilled field: `(path suffix, value)` pairs; empty when unknown.
fn prefill_values(source: Prefill, base: &BaseData) -> Vec<(&'static str, String)> {
    let enterprise = base.enterprise.clone().unwrap_or_default();
    let one = |v: &str| vec![("", v.to_string())];
    match source {
        Prefill::ApplicantName => one(&base.name),
        Prefill::ApplicantIdNumber => one(&base.id_number),
        Prefill::ApplicantMobile => one(&base.mobile),
        Prefill::ApplicantEmail => one(&base.email),
        Prefill::ApplicantAddress => vec![
            (".district", base.address_district.clone()),
            (".detail", base.address_detail.clone()),
        ],
        Prefill::EnterpriseName => one(&enterprise.name),
        Prefill::EnterpriseCreditCode => one(&enterprise.credit_code),
        Prefill::EnterpriseLegalRep => one(&enterprise.legal_rep),
        Prefill::EnterpriseAddress => vec![
            (".district", enterprise.address_district),
            (".detail", enterprise.address_detail),
        ],
    }
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect()
}

/// Whether the portal knows a verified value for this field (then it is shown locked).
pub fn is_prefilled(field: &FieldDef, base: &BaseData) -> bool {
    field
        .prefill
        .is_some_and(|source| !prefill_values(source, base).is_empty())
}

/// Overwrites every prefilled top-level field with the verified value: the applicant is not asked
/// again and cannot change verified data by editing the posted form.
pub fn apply_prefill(definition: &FormDefinition, answers: &mut RawAnswers, base: &BaseData) {
    for field in &definition.fields {
        let Some(source) = field.prefill else {
            continue;
        };
        for (suffix, value) in prefill_values(source, base) {
            answers.set(&format!("{}{suffix}", field.key), vec![value]);
        }
    }
}
