//! A department reading the base data of the applicant of one of its own cases, limited to the
//! fields the case's service declares (免证办: the register, not the applicant, provides them).
//! Every read is recorded (`base_data.read`, with the fields) and shown on the applicant's
//! "who viewed my data".
use crate::audit::{self, actions, Entry};
use sqlx::PgPool;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The person fields a service may declare, in the register's own names.
pub const PERSON_FIELDS: [&str; 5] = ["name", "sex", "birth_date", "household_address", "status"];
/// The enterprise fields (prefixed where the person's names would clash).
pub const ENTITY_FIELDS: [&str; 7] = [
    "entity_name",
    "entity_type",
    "industry",
    "legal_rep_name",
    "legal_rep_id_number",
    "registered_address",
    "entity_status",
];

/// What a department may read of its case's applicant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicantData {
    pub fields: Vec<String>,
    pub person: Option<BTreeMap<String, String>>,
    pub entity: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such case, a draft, or another department's: the same answer for all three.
    UnknownCase,
    /// The case's service declares no base data.
    NothingDeclared,
}

/// (department, declared fields, applicant's ID number, enterprise's credit code)
type CaseRow = (String, Vec<String>, Option<String>, Option<String>);

/// Reads, for `department`'s case `case_id`, the declared base data of its applicant, and
/// records the read.
pub async fn for_case(
    pool: &PgPool,
    department: &str,
    case_id: Uuid,
) -> Result<Result<ApplicantData, Refusal>, sqlx::Error> {
    let row: Option<CaseRow> = sqlx::query_as(
        "select c.department_code, s.base_data_fields, p.id_number, e.credit_code
         from cases c
         join services s on s.code = c.service_code
         join accounts a on a.id = c.applicant_account_id
         left join people p on p.id = a.person_id
         left join enterprises e on e.id = c.enterprise_id
         where c.id = $1 and c.state <> 'draft'",
    )
    .bind(case_id)
    .fetch_optional(pool)
    .await?;
    let Some((owner, fields, id_number, credit_code)) = row else {
        return Ok(Err(Refusal::UnknownCase));
    };
    if owner != department {
        return Ok(Err(Refusal::UnknownCase));
    }
    if fields.is_empty() {
        return Ok(Err(Refusal::NothingDeclared));
    }
    let wants = |names: &[&str]| fields.iter().any(|f| names.contains(&f.as_str()));
    let person = match id_number.filter(|_| wants(&PERSON_FIELDS)) {
        Some(id_number) => person(pool, &id_number).await?.map(|p| only(p, &fields)),
        None => None,
    };
    let entity = match credit_code.filter(|_| wants(&ENTITY_FIELDS)) {
        Some(code) => entity(pool, &code).await?.map(|e| only(e, &fields)),
        None => None,
    };
    let entry = Entry::department_system(department, actions::BASE_DATA_READ, case_id).with_detail(
        serde_json::json!({
            "fields": fields,
            "person": person.is_some(),
            "entity": entity.is_some(),
        }),
    );
    audit::record_in(pool, &entry).await?;
    Ok(Ok(ApplicantData {
        fields,
        person,
        entity,
    }))
}

fn only(all: BTreeMap<String, String>, fields: &[String]) -> BTreeMap<String, String> {
    all.into_iter()
        .filter(|(k, _)| fields.contains(k))
        .collect()
}

async fn person(
    pool: &PgPool,
    id_number: &str,
) -> Result<Option<BTreeMap<String, String>>, sqlx::Error> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "select name, sex, birth_date::text, household_address, status
         from base_people where id_number = $1",
    )
    .bind(id_number)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(name, sex, birth_date, address, status)| {
        PERSON_FIELDS
            .iter()
            .map(|f| f.to_string())
            .zip([name, sex, birth_date, address, status])
            .collect()
    }))
}

async fn entity(
    pool: &PgPool,
    credit_code: &str,
) -> Result<Option<BTreeMap<String, String>>, sqlx::Error> {
    let row: Option<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "select name, entity_type, industry, legal_rep_name, legal_rep_id_number,
                registered_address, status
         from base_entities where credit_code = $1",
    )
    .bind(credit_code)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(name, kind, industry, rep, rep_id, address, status)| {
            ENTITY_FIELDS
                .iter()
                .map(|f| f.to_string())
                .zip([name, kind, industry, rep, rep_id, address, status])
                .collect()
        }),
    )
}
