//! 补正: the applicant changes exactly the items the department named, and resubmits. Every
//! other answer and file stays locked; a post that touches anything else is refused whole.
use super::drafts::file_answers;
use super::transition::{self, Applied};
use super::{reach_condition, Acting, CaseError};
use crate::error::InternalError;
use crate::forms;
use portal_types::domain::case_lifecycle::{CaseAction, SupplementItem};
use portal_types::domain::service_form::{self, FieldKind, FormDefinition, RawAnswers};
use portal_types::page_context::FieldError;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The open request of a case, locked for the rest of the transaction.
pub struct OpenRequest {
    pub items: Vec<SupplementItem>,
    pub definition: FormDefinition,
    stored: RawAnswers,
    /// Whose verified data the case was filed with (prefilled fields stay those values).
    applicant_account_id: Uuid,
    enterprise_id: Option<Uuid>,
}

impl OpenRequest {
    /// Whether `path` (an answer path or a file field key) belongs to a named item.
    pub fn allows(&self, path: &str) -> bool {
        self.items.iter().any(|item| {
            path == item.key
                || path
                    .strip_prefix(item.key.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    state: String,
    service_code: String,
    form_version: i32,
    answers: serde_json::Value,
    supplement_items: Option<serde_json::Value>,
    applicant_account_id: Uuid,
    enterprise_id: Option<Uuid>,
}

/// Locks the case and returns its open supplement request; a case without one is refused as an
/// illegal resubmission (the department may have withdrawn it, or it was already answered).
pub async fn open_request(
    pool: &PgPool,
    conn: &mut PgConnection,
    case_id: Uuid,
    account_id: Uuid,
) -> Result<OpenRequest, CaseError> {
    let sql = format!(
        "select c.state, c.service_code, c.form_version, c.answers, c.supplement_items,
                c.applicant_account_id, c.enterprise_id
         from cases c where c.id = $1 and {} for update of c",
        reach_condition(2, 3, 4)
    );
    let row = sqlx::query_as::<_, Row>(&sql)
        .bind(case_id)
        .bind("applicant")
        .bind(account_id)
        .bind(Option::<String>::None)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CaseError::NotFound)?;
    let items: Vec<SupplementItem> = row
        .supplement_items
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    if row.state != "supplement_requested" || items.is_empty() {
        return Err(CaseError::Stale);
    }
    let (_, definition) = forms::load(pool, &row.service_code, Some(row.form_version))
        .await?
        .ok_or(CaseError::NotFound)?;
    Ok(OpenRequest {
        items,
        definition,
        stored: serde_json::from_value(row.answers).unwrap_or_default(),
        applicant_account_id: row.applicant_account_id,
        enterprise_id: row.enterprise_id,
    })
}

/// Replaces the named items' answers with the posted ones, checks the whole application again
/// and resubmits. `posted` must hold nothing outside the named items.
pub async fn resubmit(
    pool: &PgPool,
    conn: &mut PgConnection,
    case_id: Uuid,
    account_id: Uuid,
    request: &OpenRequest,
    posted: RawAnswers,
) -> Result<Applied, CaseError> {
    let posted = request.definition.known_answers(&posted);
    if posted.0.keys().any(|path| !request.allows(path)) {
        return Err(CaseError::Invalid(vec![FieldError::form(
            "supplement-locked-field",
        )]));
    }
    let mut answers = request.stored.clone();
    answers.0.retain(|path, _| !request.allows(path));
    for (path, values) in posted.0 {
        answers.set(&path, values);
    }
    // Verified fields keep the verified values, whatever an item names or the post says.
    let base = forms::base_data(pool, request.applicant_account_id, request.enterprise_id).await?;
    forms::apply_prefill(&request.definition, &mut answers, &base);
    let mut full = answers.clone();
    for (path, value) in file_answers(conn, case_id).await? {
        full.push(&path, value);
    }
    let today = super::calendar::today(pool).await?;
    let clean =
        service_form::validate(&request.definition, &full, today).map_err(CaseError::Invalid)?;
    let mut stored = clean.to_raw();
    stored.0.retain(|path, _| {
        !matches!(
            request.definition.field_at(path).map(|f| &f.kind),
            Some(FieldKind::File { .. })
        )
    });
    sqlx::query("update cases set answers = $2 where id = $1")
        .bind(case_id)
        .bind(serde_json::to_value(&stored).unwrap_or_default())
        .execute(&mut *conn)
        .await?;
    let acting = Acting::Applicant { account_id };
    transition::apply(conn, case_id, &acting, &CaseAction::Resubmit, None).await
}

/// The case's form and the keys of the verified fields the portal prefills and locks for its
/// applicant: what a department's supplement request may name
/// ([`FormDefinition::check_supplement_path`]). `None` when there is no such case.
pub async fn request_form(
    pool: &PgPool,
    conn: &mut PgConnection,
    case_id: Uuid,
) -> Result<Option<(FormDefinition, Vec<String>)>, InternalError> {
    let Some(case) = sqlx::query!(
        "select service_code, form_version, applicant_account_id, enterprise_id
         from cases where id = $1",
        case_id,
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let Some((_, definition)) =
        forms::load(pool, &case.service_code, Some(case.form_version)).await?
    else {
        return Ok(None);
    };
    let base = forms::base_data(pool, case.applicant_account_id, case.enterprise_id).await?;
    let locked = definition
        .fields
        .iter()
        .filter(|field| forms::is_prefilled(field, &base))
        .map(|field| field.key.clone())
        .collect();
    Ok(Some((definition, locked)))
}
