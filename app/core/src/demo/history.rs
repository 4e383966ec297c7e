//! Loads the demo's history ([`plan`]): about two thousand cases of the last ten weeks with
//! their events, deliveries, notifications, certificates and ratings, written as the portal
//! writes them but at the times the plan gives. One transaction, marked by the first case's
//! submit key: a second load finds it and writes nothing.
pub mod people;
pub mod plan;

use crate::cases::{calendar, deadlines, drafts, CaseError};
use crate::error::InternalError;
use crate::forms::{self, BaseData};
use crate::notifications::CaseNotice;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use people::{Anchors, Filer, Office};
use plan::{Applicant, Fate, PlannedCase, PlannedRating, ServiceSlot, Step};
use portal_types::domain::case_lifecycle::{
    transition_of, Actor, CaseAction, CaseState, Effect, TransitionError,
};
use portal_types::domain::service_form::{FieldKind, FormDefinition, RawAnswers};
use sqlx::{PgConnection, PgPool};
use std::collections::hash_map::{Entry, HashMap};
use uuid::Uuid;

/// Why the history could not be loaded (nothing of it is then written).
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(transparent)]
    Internal(#[from] InternalError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the planned history breaks the state machine: {0}")]
    Plan(#[from] TransitionError),
    #[error("a draft of the history: {0}")]
    Case(#[from] CaseError),
}

/// About two thousand cases, as a city office sees in ten weeks.
pub const CASES: usize = 2000;

#[derive(sqlx::FromRow)]
struct ServiceRow {
    code: String,
    department_code: String,
    audience: String,
    promised_days: i32,
    name_zh: String,
    name_en: String,
    form_version: i32,
    backend_url: Option<String>,
}

struct Service {
    row: ServiceRow,
    definition: FormDefinition,
}

/// Loads the history unless it is there. Returns how many cases it wrote.
pub async fn load(
    pool: &PgPool,
    password_hash: &str,
    anchors: &Anchors,
    cases: usize,
) -> Result<usize, HistoryError> {
    let marker = Uuid::from_u128(plan::KEY_BASE);
    let loaded: bool =
        sqlx::query_scalar("select exists (select 1 from cases where submit_key = $1)")
            .bind(marker)
            .fetch_one(pool)
            .await?;
    if loaded {
        return Ok(0);
    }
    let services = services(pool).await?;
    let departments: Vec<String> = {
        let mut codes: Vec<String> = services
            .iter()
            .filter(|s| s.row.backend_url.is_none())
            .map(|s| s.row.department_code.clone())
            .collect();
        codes.sort();
        codes.dedup();
        codes
    };
    let filers = people::filers(pool, password_hash, anchors).await?;
    let offices = people::offices(pool, password_hash, &departments).await?;
    let working_calendar = calendar::load_calendar(pool).await?;
    let today = calendar::today(pool).await?;
    let slots: Vec<ServiceSlot> = services.iter().map(slot_of).collect();
    let planned = plan::plan(&plan::Inputs {
        calendar: &working_calendar,
        today,
        now: Utc::now(),
        services: &slots,
        citizens: filers.citizens.len(),
        enterprises: filers.enterprises.len(),
        cases,
    });
    // Answers prefill from each filer's verified data, read once per filer.
    let mut base_data: HashMap<(Uuid, Option<Uuid>), BaseData> = HashMap::new();
    let mut tx = pool.begin().await?;
    // Two loads at once: the second waits here, then finds the marker.
    sqlx::query("select pg_advisory_xact_lock(hashtext('portal demo history'))")
        .execute(&mut *tx)
        .await?;
    let again: bool =
        sqlx::query_scalar("select exists (select 1 from cases where submit_key = $1)")
            .bind(marker)
            .fetch_one(&mut *tx)
            .await?;
    if again {
        return Ok(0);
    }
    let mut written = Vec::with_capacity(planned.len());
    for case in &planned {
        let filer = match case.applicant {
            Applicant::Citizen(n) => filers.citizens.get(n),
            Applicant::Enterprise(n) => filers.enterprises.get(n),
        };
        let (Some(filer), Some(service)) = (filer, services.get(case.service)) else {
            continue;
        };
        let key = (filer.account_id, filer.enterprise_id);
        let base = match base_data.entry(key) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => {
                slot.insert(forms::base_data(pool, filer.account_id, filer.enterprise_id).await?)
            }
        };
        let answers = answers_for(&service.definition, base, today);
        let office = offices.get(&service.row.department_code);
        let id = write_case(&mut tx, case, *filer, service, office, &answers).await?;
        written.push(id);
    }
    deadlines::refresh(&mut tx, &written).await?;
    tx.commit().await?;
    Ok(written.len())
}

async fn services(pool: &PgPool) -> Result<Vec<Service>, InternalError> {
    // Bundles are filed as their parts; services above the history's real-name level are left
    // out (its people hold level 2).
    let rows: Vec<ServiceRow> = sqlx::query_as(
        "select s.code, s.department_code, s.audience, s.promised_days, s.name_zh, s.name_en,
                f.version as form_version,
                case when b.kind = 'http' then b.base_url end as backend_url
         from services s
         join lateral (select version from service_forms where service_code = s.code
                       order by version desc limit 1) f on true
         left join department_backends b on b.department_code = s.department_code
         where not exists (select 1 from bundle_services x where x.bundle_code = s.code)
           and s.required_level <= 2
         order by s.code",
    )
    .fetch_all(pool)
    .await?;
    let mut services = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some((_, definition)) = forms::load(pool, &row.code, Some(row.form_version)).await? {
            services.push(Service { row, definition });
        }
    }
    Ok(services)
}

fn slot_of(service: &Service) -> ServiceSlot {
    let fields = &service.definition.fields;
    let supplement_key = fields
        .iter()
        .find(|f| matches!(f.kind, FieldKind::File { .. }))
        .or(fields.last())
        .map(|f| f.key.clone())
        .unwrap_or_default();
    ServiceSlot {
        for_citizens: service.row.audience != "enterprise",
        for_enterprises: service.row.audience != "citizen",
        promised_days: u32::try_from(service.row.promised_days).unwrap_or(1),
        decided_by_system: service.row.backend_url.is_some(),
        supplement_key,
    }
}

/// The filer's verified data where the form prefills, and a plain answer to every other
/// required question (uploads stay empty: the demo has no files).
fn answers_for(definition: &FormDefinition, base: &BaseData, today: NaiveDate) -> RawAnswers {
    let mut answers = RawAnswers::default();
    forms::apply_prefill(definition, &mut answers, base);
    for field in definition.fields.iter().filter(|f| f.required) {
        if answers.0.contains_key(&field.key) {
            continue;
        }
        let value = match &field.kind {
            FieldKind::ShortText { .. } => Some("演示数据".to_string()),
            FieldKind::LongText { .. } => Some("演示数据：申请事项说明。".to_string()),
            FieldKind::Number { min, .. } => Some(min.unwrap_or(1.0).max(1.0).to_string()),
            FieldKind::Date { .. } => Some(today.format("%Y-%m-%d").to_string()),
            FieldKind::SingleChoice { options } | FieldKind::MultiChoice { options, .. } => {
                options.first().map(|o| o.value.clone())
            }
            FieldKind::Phone => Some(base.mobile.clone()),
            _ => None,
        };
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            answers.push(&field.key, value);
        }
    }
    answers
}

/// Where a case is while its steps are written.
struct Written {
    id: Uuid,
    state: CaseState,
    accepted: bool,
    case_number: Option<String>,
}

async fn write_case(
    conn: &mut PgConnection,
    case: &PlannedCase,
    filer: Filer,
    service: &Service,
    office: Option<&Office>,
    answers: &RawAnswers,
) -> Result<Uuid, HistoryError> {
    let row = &service.row;
    let id: Uuid = sqlx::query_scalar(
        "insert into cases (service_code, form_version, department_code, applicant_account_id,
                            enterprise_id, state, answers, submit_key, created_at, saved_at)
         values ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $8) returning id",
    )
    .bind(&row.code)
    .bind(row.form_version)
    .bind(&row.department_code)
    .bind(filer.account_id)
    .bind(filer.enterprise_id)
    .bind(serde_json::to_value(answers).unwrap_or_default())
    .bind(case.key)
    .bind(case.created_at)
    .fetch_one(&mut *conn)
    .await?;
    let mut written = Written {
        id,
        state: CaseState::Draft,
        accepted: false,
        case_number: None,
    };
    // A clerk of the department holds the case from intake on (taken in turn by its key).
    let clerk = office.and_then(|o| {
        let n = case.key.as_u128() as usize % o.clerks.len().max(1);
        o.clerks.get(n).copied()
    });
    for step in &case.steps {
        // The newest submission of a department system's new case waits in the outbox: the
        // system receives it when the demo runs.
        let pending = case.fate == Fate::New;
        write_step(conn, &mut written, step, filer, service, clerk, pending).await?;
    }
    if case.fate == Fate::Draft {
        drafts::record_progress(conn, id, &service.definition).await?;
    }
    if let Some(rating) = &case.rating {
        write_rating(conn, id, filer, row, rating, office).await?;
    }
    Ok(id)
}

/// Beijing's date of an instant (UTC+8 all year).
fn beijing_day(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(8)).date_naive()
}

async fn write_step(
    conn: &mut PgConnection,
    case: &mut Written,
    step: &Step,
    filer: Filer,
    service: &Service,
    clerk: Option<Uuid>,
    pending: bool,
) -> Result<(), HistoryError> {
    let row = &service.row;
    let transition = transition_of(case.state, case.accepted, step.actor, &step.action)?;
    let day = beijing_day(step.at);
    if case.case_number.is_none() && matches!(step.action, CaseAction::Submit) {
        let seq: i32 = sqlx::query_scalar(
            "insert into case_number_counters (department_code, day, last_value) values ($1, $2, 1)
             on conflict (department_code, day)
                 do update set last_value = case_number_counters.last_value + 1
             returning last_value",
        )
        .bind(&row.department_code)
        .bind(day)
        .fetch_one(&mut *conn)
        .await?;
        case.case_number = Some(format!(
            "{}{}{seq:05}",
            row.department_code,
            day.format("%Y%m%d")
        ));
    }
    let actor_account = match step.actor {
        Actor::Applicant => Some(filer.account_id),
        Actor::Clerk => clerk,
        _ => None,
    };
    let to = transition.to;
    let supplement_items = match &step.action {
        CaseAction::RequestSupplement { items, .. } => serde_json::to_value(items).ok(),
        _ => None,
    };
    sqlx::query(
        "update cases set
            state = $2, version = version + 1, case_number = $3, saved_at = $4,
            submitted_at = coalesce(submitted_at, case when $2 = 'submitted' then $4 end),
            accepted_on = case when $2 = 'accepted' then $5 else accepted_on end,
            supplement_items = case when $2 = 'supplement_requested' then $6 end,
            decided_at = case when $7 then $4 else decided_at end,
            assigned_clerk_id = case when $2 = 'accepted' then $8 else assigned_clerk_id end
         where id = $1",
    )
    .bind(case.id)
    .bind(to.as_str())
    .bind(&case.case_number)
    .bind(step.at)
    .bind(day)
    .bind(supplement_items)
    .bind(to.is_final())
    .bind(clerk.filter(|_| step.actor == Actor::Clerk))
    .execute(&mut *conn)
    .await?;
    let reason = step.action.reason();
    let event_id: i64 = sqlx::query_scalar(
        "insert into case_events (case_id, seq, action, from_state, to_state, actor_kind,
                                  actor_account_id, reason, payload, occurred_at)
         values ($1, (select coalesce(max(seq), 0) + 1 from case_events where case_id = $1),
                 $2, $3, $4, $5, $6, $7, $8, $9)
         returning id",
    )
    .bind(case.id)
    .bind(step.action.kind().as_str())
    .bind(case.state.as_str())
    .bind(to.as_str())
    .bind(step.actor.as_str())
    .bind(actor_account)
    .bind(reason)
    .bind(serde_json::to_value(&step.action).unwrap_or_default())
    .bind(step.at)
    .fetch_one(&mut *conn)
    .await?;
    case.state = to;
    case.accepted |= to == CaseState::Accepted;
    for effect in &transition.effects {
        match effect {
            Effect::DeliverToDepartment { event } => {
                deliver(conn, case.id, event_id, row, event, step.at, pending).await?;
            }
            Effect::NotifyApplicant { template } => {
                let notice = CaseNotice {
                    case_number: case.case_number.clone().unwrap_or_default(),
                    service_zh: row.name_zh.clone(),
                    service_en: row.name_en.clone(),
                    reason: reason.to_string(),
                    case_path: format!("/cases/{}", case.id),
                };
                // Read a day later, unless it is from the last three days.
                sqlx::query(
                    "insert into notifications (account_id, case_id, template, params, created_at,
                                                read_at)
                     values ($1, $2, $3, $4, $5,
                             case when $5 < now() - interval '3 days'
                                  then $5 + interval '1 day' end)",
                )
                .bind(filer.account_id)
                .bind(case.id)
                .bind(template)
                .bind(serde_json::to_value(&notice).unwrap_or_default())
                .bind(step.at)
                .execute(&mut *conn)
                .await?;
            }
            Effect::IssueResult => {
                crate::certificates::issue_for_case(conn, case.id, None).await?;
                sqlx::query("update certificates set issued_on = $2 where case_id = $1")
                    .bind(case.id)
                    .bind(day)
                    .execute(&mut *conn)
                    .await?;
            }
            Effect::StartClock
            | Effect::PauseClock
            | Effect::ResumeClock
            | Effect::StopClock
            | Effect::OpenRating => {}
        }
    }
    Ok(())
}

/// The outbox row of an event and its delivery: to the department's system when it has one,
/// else to the portal's own workbench, a second after the event.
async fn deliver(
    conn: &mut PgConnection,
    case_id: Uuid,
    event_id: i64,
    row: &ServiceRow,
    event: &str,
    at: DateTime<Utc>,
    pending: bool,
) -> Result<(), InternalError> {
    let delivered_at = (!pending).then(|| at + Duration::seconds(1));
    let outbox_id: i64 = sqlx::query_scalar(
        "insert into delivery_outbox (case_id, case_event_id, department_code, event, created_at,
                                      available_at, attempts, delivered_at)
         values ($1, $2, $3, $4, $5, $5, $6, $7) returning id",
    )
    .bind(case_id)
    .bind(event_id)
    .bind(&row.department_code)
    .bind(event)
    .bind(at)
    .bind(i32::from(!pending))
    .bind(delivered_at)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(delivered_at) = delivered_at {
        let (kind, status) = match &row.backend_url {
            Some(_) => ("http", Some(202)),
            None => ("workbench", None),
        };
        sqlx::query(
            "insert into delivery_attempts (outbox_id, case_id, department_code, backend_kind, url,
                                            status_code, latency_ms, outcome, attempted_at)
             values ($1, $2, $3, $4, $5, $6, $7, 'delivered', $8)",
        )
        .bind(outbox_id)
        .bind(case_id)
        .bind(&row.department_code)
        .bind(kind)
        .bind(&row.backend_url)
        .bind(status)
        .bind(if status.is_some() { 38 } else { 0 })
        .bind(delivered_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn write_rating(
    conn: &mut PgConnection,
    case_id: Uuid,
    filer: Filer,
    row: &ServiceRow,
    rating: &PlannedRating,
    office: Option<&Office>,
) -> Result<(), InternalError> {
    sqlx::query(
        "insert into ratings (case_id, account_id, score, comment, created_at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(case_id)
    .bind(filer.account_id)
    .bind(rating.score)
    .bind(rating.comment)
    .bind(rating.at)
    .execute(&mut *conn)
    .await?;
    if rating.score > 2 {
        return Ok(());
    }
    let closer = office.and_then(|o| o.supervisor.or_else(|| o.clerks.first().copied()));
    let response = rating.response.filter(|_| closer.is_some());
    sqlx::query(
        "insert into rating_followups (case_id, department_code, opened_at, response, closed_by,
                                       closed_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(&row.department_code)
    .bind(rating.at)
    .bind(response.map(|(_, text)| text))
    .bind(response.and(closer))
    .bind(response.map(|(at, _)| at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
