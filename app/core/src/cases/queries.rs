//! What applicants read: their drafts and cases, and one case in full. Every query is scoped by
//! [`super::reach_condition`] for the acting applicant.
use super::calendar;
use crate::error::InternalError;
use crate::forms;
use chrono::{DateTime, NaiveDate, Utc};
use portal_types::domain::case_lifecycle::{
    allowed_actions, ActionKind, CaseState, SupplementItem,
};
use portal_types::domain::service_form::{completeness, RawAnswers};
use portal_types::views::cases::{
    AttachmentView, CaseDetail, CaseFilter, CaseRow, DraftRow, MyApplications, TimelineEntry,
};
use portal_types::Text;
use sqlx::PgPool;
use uuid::Uuid;

/// The most cases a list shows; older ones are reached through the filters.
const LIST_LIMIT: i64 = 200;

#[derive(sqlx::FromRow)]
struct ListRow {
    id: Uuid,
    case_number: Option<String>,
    service_code: String,
    form_version: i32,
    service_zh: String,
    service_en: String,
    department_zh: String,
    department_en: String,
    state: String,
    enterprise: Option<String>,
    /// Only for a draft saved before its progress was recorded (see `drafts::record_progress`).
    answers: Option<serde_json::Value>,
    answered_count: Option<i32>,
    required_count: Option<i32>,
    saved_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
}

/// The progress of a draft saved before progress was recorded, from its answers.
async fn legacy_progress(
    pool: &PgPool,
    id: Uuid,
    service_code: &str,
    form_version: i32,
    stored: Option<serde_json::Value>,
) -> Result<(u32, u32), InternalError> {
    let mut answers: RawAnswers = stored
        .and_then(|a| serde_json::from_value(a).ok())
        .unwrap_or_default();
    let files: Vec<(String, String)> = sqlx::query_as(
        "select field_key, id::text from attachments where case_id = $1
         union all
         select field_key, 'cert:' || certificate_id::text from case_certificates where case_id = $1",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    for (path, value) in files {
        answers.push(&path, value);
    }
    Ok(
        match forms::load(pool, service_code, Some(form_version)).await? {
            Some((_, definition)) => {
                let c = completeness(&definition, &answers);
                (c.answered, c.required)
            }
            None => (0, 0),
        },
    )
}

pub async fn my_applications(
    pool: &PgPool,
    account_id: Uuid,
    filter: &CaseFilter,
) -> Result<MyApplications, InternalError> {
    let states: Vec<&str> = filter.status.states().iter().map(|s| s.as_str()).collect();
    let sql = format!(
        "select c.id, c.case_number, c.service_code, c.form_version,
                s.name_zh as service_zh, s.name_en as service_en,
                d.name_zh as department_zh, d.name_en as department_en,
                c.state, e.name as enterprise,
                case when c.state = 'draft' and c.answered_count is null then c.answers end
                  as answers,
                c.answered_count, c.required_count, c.saved_at, c.submitted_at
         from cases c
         join {} mine on mine.id = c.id
         join services s on s.code = c.service_code
         join departments d on d.code = c.department_code
         left join enterprises e on e.id = c.enterprise_id
         where (c.state = 'draft' or c.state = any($2))
           and ($3::text is null or c.service_code = $3)
           and ($4::uuid is null or c.enterprise_id = $4)
         order by c.saved_at desc, c.id desc
         limit {LIST_LIMIT}",
        super::applicant_case_ids(1)
    );
    let rows = sqlx::query_as::<_, ListRow>(&sql)
        .bind(account_id)
        .bind(&states)
        .bind(&filter.service)
        .bind(filter.enterprise)
        .fetch_all(pool)
        .await?;
    let mut result = MyApplications::default();
    for row in rows {
        let service = Text::new(row.service_zh, row.service_en);
        if row.state == "draft" {
            let (answered, required) = match (row.answered_count, row.required_count) {
                (Some(answered), Some(required)) => (
                    u32::try_from(answered).unwrap_or_default(),
                    u32::try_from(required).unwrap_or_default(),
                ),
                _ => {
                    legacy_progress(
                        pool,
                        row.id,
                        &row.service_code,
                        row.form_version,
                        row.answers,
                    )
                    .await?
                }
            };
            result.drafts.push(DraftRow {
                id: row.id,
                service,
                enterprise: row.enterprise,
                saved_at: row.saved_at,
                answered,
                required,
            });
        } else {
            result.cases.push(CaseRow {
                id: row.id,
                case_number: row.case_number.unwrap_or_default(),
                service,
                department: Text::new(row.department_zh, row.department_en),
                state: CaseState::parse(&row.state).unwrap_or(CaseState::Submitted),
                enterprise: row.enterprise,
                submitted_at: row.submitted_at,
            });
        }
    }
    let sql = format!(
        "select distinct c.service_code, s.name_zh, s.name_en from cases c
         join {} mine on mine.id = c.id
         join services s on s.code = c.service_code order by 1",
        super::applicant_case_ids(1)
    );
    let services: Vec<(String, String, String)> = sqlx::query_as(&sql)
        .bind(account_id)
        .fetch_all(pool)
        .await?;
    result.services = services
        .into_iter()
        .map(|(code, zh, en)| (code, Text::new(zh, en)))
        .collect();
    result.enterprises = sqlx::query_as(
        "select e.id, e.name from enterprises e
         join enterprise_agents a on a.enterprise_id = e.id
         where a.account_id = $1 and a.status = 'active' order by e.name",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    Ok(result)
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: Uuid,
    case_number: Option<String>,
    service_code: String,
    form_version: i32,
    service_zh: String,
    service_en: String,
    department_zh: String,
    department_en: String,
    promised_days: i32,
    statutory_days: i32,
    state: String,
    version: i32,
    enterprise: Option<String>,
    answers: serde_json::Value,
    supplement_items: Option<serde_json::Value>,
    submitted_at: Option<DateTime<Utc>>,
    accepted_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    occurred_at: DateTime<Utc>,
    action: String,
    to_state: String,
    actor_kind: String,
    reason: String,
    payload: serde_json::Value,
}

/// One case as the applicant (or an agent of its enterprise) sees it.
pub async fn case_detail(
    pool: &PgPool,
    account_id: Uuid,
    case_id: Uuid,
) -> Result<Option<CaseDetail>, InternalError> {
    case_detail_as(pool, &super::Acting::Applicant { account_id }, case_id).await
}

/// One case as the acting party reaches it (`None` when it may not); `actions` are theirs.
pub async fn case_detail_as(
    pool: &PgPool,
    acting: &super::Acting,
    case_id: Uuid,
) -> Result<Option<CaseDetail>, InternalError> {
    let (kind, account, department) = acting.scope();
    let sql = format!(
        "select c.id, c.case_number, c.service_code, c.form_version,
                s.name_zh as service_zh, s.name_en as service_en,
                d.name_zh as department_zh, d.name_en as department_en, s.promised_days, s.statutory_days,
                c.state, c.version, e.name as enterprise, c.answers, c.supplement_items,
                c.submitted_at, c.accepted_on
         from cases c
         join services s on s.code = c.service_code
         join departments d on d.code = c.department_code
         left join enterprises e on e.id = c.enterprise_id
         where c.id = $4 and {}",
        super::reach_condition(1, 2, 3)
    );
    let Some(row) = sqlx::query_as::<_, DetailRow>(&sql)
        .bind(kind)
        .bind(account)
        .bind(department)
        .bind(case_id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let Some((_, definition)) =
        forms::load(pool, &row.service_code, Some(row.form_version)).await?
    else {
        return Ok(None);
    };
    let state = CaseState::parse(&row.state).unwrap_or(CaseState::Submitted);
    let events = sqlx::query_as::<_, EventRow>(
        "select occurred_at, action, to_state, actor_kind, reason, payload
         from case_events where case_id = $1 order by seq",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    let timeline = events
        .into_iter()
        .filter_map(|e| {
            let supplement_items = e
                .payload
                .get("items")
                .cloned()
                .and_then(|items| serde_json::from_value::<Vec<SupplementItem>>(items).ok())
                .unwrap_or_default();
            Some(TimelineEntry {
                at: e.occurred_at,
                action: ActionKind::parse(&e.action)?,
                to_state: CaseState::parse(&e.to_state)?,
                actor_kind: e.actor_kind,
                reason: e.reason,
                supplement_items,
            })
        })
        .collect();
    let attachments: Vec<(Uuid, String, String, String, i64)> = sqlx::query_as(
        "select id, field_key, original_name, content_type, size_bytes from attachments
         where case_id = $1 order by field_key, uploaded_at, id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    let clock = calendar::case_clock(
        pool,
        case_id,
        row.accepted_on,
        state.is_final(),
        row.promised_days,
        row.statutory_days,
    )
    .await?;
    let rating = crate::cases::ratings::of_case(pool, case_id).await?;
    let can_rate = rating.is_none() && crate::cases::ratings::rateable(state);
    let certificates = crate::certificates::of_case(pool, case_id)
        .await?
        .into_iter()
        .map(|c| (c.name, c.verification_code, c.valid_until))
        .collect();
    let certificate_withheld = state == CaseState::Approved
        && crate::certificates::withheld::is_withheld(pool, case_id).await?;
    let provided_from_base_data = forms::materials_from_base_data(pool, &row.service_code).await?;
    // "Who viewed my data": the applicant sees each staff view (department and role only).
    let viewed_by = match acting {
        super::Acting::Applicant { .. } => crate::audit::staff_views(pool, case_id).await?,
        _ => Vec::new(),
    };
    // Messages to the applicant only: internal notes never leave the workbench.
    let messages = match acting {
        super::Acting::Applicant { .. } => applicant_messages(pool, case_id)
            .await?
            .into_iter()
            .map(|(at, body)| {
                (
                    at,
                    Text::new(row.department_zh.clone(), row.department_en.clone()),
                    body,
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let delivered_to_department_at =
        crate::deliveries::delivered_to_department_at(pool, case_id).await?;
    let department_reference = crate::deliveries::department_reference(pool, case_id).await?;
    let undelivered = crate::delivery::recovery::undelivered(pool, case_id).await?;
    let bundle = crate::cases::bundles::view_of(pool, case_id).await?;
    let is_bundle = bundle.is_some();
    let parent_bundle = crate::cases::bundles::parent_of(pool, case_id).await?;
    Ok(Some(CaseDetail {
        bundle,
        parent_bundle,
        delivered_to_department_at,
        undelivered,
        department_reference,
        messages,
        viewed_by,
        certificates,
        certificate_withheld,
        provided_from_base_data,
        rating,
        can_rate,
        id: row.id,
        case_number: row.case_number,
        service_code: row.service_code,
        service: Text::new(row.service_zh, row.service_en),
        department: Text::new(row.department_zh, row.department_en),
        state,
        version: row.version,
        enterprise: row.enterprise,
        submitted_at: row.submitted_at,
        clock,
        timeline,
        supplement_items: row
            .supplement_items
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default(),
        definition,
        answers: serde_json::from_value(row.answers).unwrap_or_default(),
        attachments: attachments
            .into_iter()
            .map(
                |(id, field_key, original_name, content_type, size_bytes)| AttachmentView {
                    id,
                    field_key,
                    original_name,
                    content_type,
                    size_bytes,
                },
            )
            .collect(),
        // A bundle's own case is followed through its parts; each part is withdrawn on its own.
        actions: if is_bundle {
            Vec::new()
        } else {
            allowed_actions(state, acting.actor())
        },
    }))
}

/// The messages to the applicant of a case, oldest first: (time, body). Never internal notes.
pub async fn applicant_messages(
    pool: &PgPool,
    case_id: Uuid,
) -> Result<Vec<(DateTime<Utc>, String)>, InternalError> {
    Ok(sqlx::query_as(
        "select created_at, body from case_notes
         where case_id = $1 and visibility = 'applicant' order by created_at, id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?)
}
