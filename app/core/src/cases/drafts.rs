//! Drafts: started, saved, resumed on any device, discarded, and finally submitted.
//!
//! A draft is identified to the browser by its application key (the form's idempotency key):
//! the first save or submit of `/apply/{service}` creates the case with that key, and a retry
//! with the same key finds it again, so a double click never makes two cases.
use super::transition::{self, Applied};
use super::{Acting, CaseError};
use crate::forms::{self, BaseData};
use portal_types::domain::case_lifecycle::CaseAction;
use portal_types::domain::real_name::{may_submit, RealNameLevel};
use portal_types::domain::service_form::{self, RawAnswers};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The most drafts one account may keep; a full list asks the applicant to submit or delete one.
pub const MAX_DRAFTS: i64 = 50;

/// Who files, for whom, which service.
#[derive(Clone, Debug)]
pub struct Applicant {
    pub account_id: Uuid,
    /// The enterprise the applicant acts for (must be an active agent of it).
    pub enterprise_id: Option<Uuid>,
}

/// Where an application stands after a save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    Draft {
        case_id: Uuid,
    },
    /// The key belongs to a case that was already submitted (a replayed or double submit).
    AlreadySubmitted {
        case_id: Uuid,
    },
}

#[derive(sqlx::FromRow)]
struct DraftRow {
    id: Uuid,
    state: String,
    service_code: String,
    form_version: i32,
    enterprise_id: Option<Uuid>,
}

/// Whether the account is an active agent of the enterprise.
pub async fn is_active_agent(
    conn: &mut PgConnection,
    account_id: Uuid,
    enterprise_id: Uuid,
) -> Result<bool, CaseError> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from enterprise_agents
                        where enterprise_id = $1 and account_id = $2 and status = 'active')",
    )
    .bind(enterprise_id)
    .bind(account_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// Finds the application with this key, or creates a draft for it. The key is only ever found
/// for the account that created it.
pub async fn find_or_create(
    conn: &mut PgConnection,
    applicant: &Applicant,
    service_code: &str,
    key: Uuid,
) -> Result<(Uuid, bool), CaseError> {
    if let Some(enterprise_id) = applicant.enterprise_id {
        if !is_active_agent(conn, applicant.account_id, enterprise_id).await? {
            return Err(CaseError::NotFound);
        }
    }
    if let Some(existing) = find_by_key(conn, applicant.account_id, service_code, key).await? {
        return Ok((existing, false));
    }
    // Counted under the account's row lock, so parallel starts cannot pass the limit together.
    sqlx::query("select 1 from accounts where id = $1 for no key update")
        .bind(applicant.account_id)
        .execute(&mut *conn)
        .await?;
    let drafts: i64 = sqlx::query_scalar(
        "select count(*) from cases where applicant_account_id = $1 and state = 'draft'",
    )
    .bind(applicant.account_id)
    .fetch_one(&mut *conn)
    .await?;
    if drafts >= MAX_DRAFTS {
        return Err(CaseError::TooManyDrafts);
    }
    let created: Option<Uuid> = sqlx::query_scalar(
        "insert into cases (service_code, form_version, department_code, applicant_account_id,
                            enterprise_id, state, submit_key)
         select s.code, f.version, s.department_code, $2, $3, 'draft', $4
         from services s
         join lateral (select version from service_forms where service_code = s.code
                       order by version desc limit 1) f on true
         where s.code = $1
           -- A citizen's service is filed for a person, an enterprise's for an enterprise.
           and case when $3::uuid is null then s.audience <> 'enterprise'
                    else s.audience <> 'citizen' end
         on conflict (submit_key) do nothing
         returning id",
    )
    .bind(service_code)
    .bind(applicant.account_id)
    .bind(applicant.enterprise_id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = created {
        return Ok((id, true));
    }
    find_by_key(conn, applicant.account_id, service_code, key)
        .await?
        .map(|id| (id, false))
        .ok_or(CaseError::NotFound)
}

async fn find_by_key(
    conn: &mut PgConnection,
    account_id: Uuid,
    service_code: &str,
    key: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select id from cases where submit_key = $1 and applicant_account_id = $2 and service_code = $3",
    )
    .bind(key)
    .bind(account_id)
    .bind(service_code)
    .fetch_optional(&mut *conn)
    .await
}

async fn lock_draft(
    conn: &mut PgConnection,
    case_id: Uuid,
    account_id: Uuid,
) -> Result<DraftRow, CaseError> {
    let sql = format!(
        "select c.id, c.state, c.service_code, c.form_version, c.enterprise_id from cases c
         where c.id = $1 and {} for update of c",
        super::reach_condition(2, 3, 4)
    );
    sqlx::query_as::<_, DraftRow>(&sql)
        .bind(case_id)
        .bind("applicant")
        .bind(account_id)
        .bind(Option::<String>::None)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CaseError::NotFound)
}

/// The file answers of a case come from its stored attachments and attached certificates,
/// never from what the browser posts.
pub async fn file_answers(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> Result<Vec<(String, String)>, CaseError> {
    Ok(sqlx::query_as(
        "select field_key, id::text from attachments where case_id = $1
         union all
         select field_key, 'cert:' || certificate_id::text from case_certificates where case_id = $1
         order by 1, 2",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Replaces the draft's answers (prefilled fields forced to the verified values).
pub async fn save(
    pool: &PgPool,
    conn: &mut PgConnection,
    case_id: Uuid,
    account_id: Uuid,
    mut answers: RawAnswers,
) -> Result<Saved, CaseError> {
    let draft = lock_draft(conn, case_id, account_id).await?;
    if draft.state != "draft" {
        return Ok(Saved::AlreadySubmitted { case_id });
    }
    let (_, definition) = forms::load(pool, &draft.service_code, Some(draft.form_version))
        .await?
        .ok_or(CaseError::NotFound)?;
    let base: BaseData = forms::base_data(pool, account_id, draft.enterprise_id).await?;
    // Only what the form asks (the page's own hidden fields and stray names are not answers).
    answers = definition.known_answers(&answers);
    forms::apply_prefill(&definition, &mut answers, &base);
    if answers.total_bytes() > RawAnswers::MAX_TOTAL_BYTES {
        return Err(CaseError::AnswersTooLarge);
    }
    sqlx::query(
        "update cases set answers = $2, saved_at = now(), version = version + 1 where id = $1",
    )
    .bind(draft.id)
    .bind(serde_json::to_value(&answers).unwrap_or_default())
    .execute(&mut *conn)
    .await?;
    Ok(Saved::Draft { case_id })
}

/// Records how far the draft is (answered of required, files included), for the list of
/// applications, which does not load answers. Called after the answers and files are stored.
pub async fn record_progress(
    conn: &mut PgConnection,
    case_id: Uuid,
    definition: &service_form::FormDefinition,
) -> Result<(), CaseError> {
    let stored: Option<serde_json::Value> =
        sqlx::query_scalar("select answers from cases where id = $1 and state = 'draft'")
            .bind(case_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(stored) = stored else {
        return Ok(());
    };
    let mut answers: RawAnswers = serde_json::from_value(stored).unwrap_or_default();
    for (path, value) in file_answers(conn, case_id).await? {
        answers.push(&path, value);
    }
    let progress = service_form::completeness(definition, &answers);
    sqlx::query("update cases set answered_count = $2, required_count = $3 where id = $1")
        .bind(case_id)
        .bind(i32::try_from(progress.answered).unwrap_or(i32::MAX))
        .bind(i32::try_from(progress.required).unwrap_or(i32::MAX))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Validates the stored draft against its form version and submits it. Returns the applied
/// transition, or `AlreadySubmitted` when a retry finds it submitted.
pub async fn submit(
    pool: &PgPool,
    conn: &mut PgConnection,
    case_id: Uuid,
    account_id: Uuid,
) -> Result<Option<Applied>, CaseError> {
    let draft = lock_draft(conn, case_id, account_id).await?;
    if draft.state != "draft" {
        return Ok(None);
    }
    // The submitting person's real-name level against the service's requirement (an agent
    // submits for an enterprise under their own level).
    let (held, required): (i16, i16) = sqlx::query_as(
        "select coalesce((select p.real_name_level from accounts a
                           join people p on p.id = a.person_id where a.id = $1), 1::smallint),
                (select required_level from services where code = $2)",
    )
    .bind(account_id)
    .bind(&draft.service_code)
    .fetch_one(&mut *conn)
    .await?;
    let (held, required) = (
        RealNameLevel::from_number(held),
        RealNameLevel::from_number(required),
    );
    if !may_submit(held, required) {
        return Err(CaseError::LevelRequired(required));
    }
    let (_, definition) = forms::load(pool, &draft.service_code, Some(draft.form_version))
        .await?
        .ok_or(CaseError::NotFound)?;
    let stored: serde_json::Value = sqlx::query_scalar("select answers from cases where id = $1")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?;
    let mut answers: RawAnswers = serde_json::from_value(stored).unwrap_or_default();
    for (path, value) in file_answers(conn, case_id).await? {
        answers.push(&path, value);
    }
    let today = super::calendar::today(pool).await?;
    let clean = service_form::validate(&definition, &answers, today).map_err(CaseError::Invalid)?;
    // Stored as form values again (one shape for drafts, cases and supplements); files stay in
    // their own tables.
    let mut stored = clean.to_raw();
    stored.0.retain(|path, _| {
        !matches!(
            definition.field_at(path).map(|f| &f.kind),
            Some(service_form::FieldKind::File { .. })
        )
    });
    sqlx::query("update cases set answers = $2, saved_at = now() where id = $1")
        .bind(case_id)
        .bind(serde_json::to_value(&stored).unwrap_or_default())
        .execute(&mut *conn)
        .await?;
    let acting = Acting::Applicant { account_id };
    let applied = transition::apply(conn, case_id, &acting, &CaseAction::Submit, None).await?;
    // A bundle (一件事) becomes one case per child service, in the same transaction.
    if crate::cases::bundles::is_bundle(&mut *conn, &draft.service_code).await? {
        crate::cases::bundles::fan_out(pool, conn, case_id).await?;
    }
    Ok(Some(applied))
}

/// Deletes a draft and its files' records (a draft is discarded, not withdrawn: it never
/// reached a department). Returns the storage keys of the files to delete.
pub async fn discard(
    conn: &mut PgConnection,
    case_id: Uuid,
    account_id: Uuid,
) -> Result<Vec<String>, CaseError> {
    let draft = lock_draft(conn, case_id, account_id).await?;
    if draft.state != "draft" {
        return Err(CaseError::NotDraft);
    }
    let keys: Vec<String> =
        sqlx::query_scalar("delete from attachments where case_id = $1 returning storage_key")
            .bind(case_id)
            .fetch_all(&mut *conn)
            .await?;
    sqlx::query("delete from case_certificates where case_id = $1")
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("delete from cases where id = $1 and state = 'draft'")
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    Ok(keys)
}

/// The form definition a draft was started under, if the applicant may reach the draft.
pub async fn form_of(
    pool: &PgPool,
    case_id: Uuid,
    account_id: Uuid,
) -> Result<service_form::FormDefinition, CaseError> {
    let sql = format!(
        "select c.service_code, c.form_version from cases c where c.id = $1 and {}",
        super::reach_condition(2, 3, 4)
    );
    let (service_code, version): (String, i32) = sqlx::query_as(&sql)
        .bind(case_id)
        .bind("applicant")
        .bind(account_id)
        .bind(Option::<String>::None)
        .fetch_optional(pool)
        .await?
        .ok_or(CaseError::NotFound)?;
    forms::load(pool, &service_code, Some(version))
        .await?
        .map(|(_, definition)| definition)
        .ok_or(CaseError::NotFound)
}
