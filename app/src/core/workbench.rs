//! The clerk workbench: a department's queues (keyset-paginated on `(submitted_at, id)`), one
//! case as staff see it, and claiming a case. Every query is filtered by the department.
//!
//! NearDeadline and Overdue are computed from the calendar and never stored: for now they are
//! computed in Rust over the department's open accepted cases (those whose clock runs).
use crate::api::cases::ClockView;
use crate::api::workbench::{
    Cursor, NoteView, Queue, QueueFilter, QueuePage, QueueRow, WorkbenchCase,
};
use crate::api::Text;
use crate::core::cases::{calendar, queries, Acting, CaseError};
use crate::core::error::InternalError;
use crate::core::notifications::{self, CaseNotice};
use crate::domain::case_lifecycle::CaseState;
use crate::domain::working_days::DeadlineStatus;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

const FINAL_STATES: &str = "('refused_at_intake', 'approved', 'denied', 'withdrawn')";
const RUNNING_STATES: &str = "('accepted', 'in_review', 'resubmitted')";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    case_number: Option<String>,
    service_zh: String,
    service_en: String,
    applicant: String,
    state: String,
    submitted_at: DateTime<Utc>,
    accepted_on: Option<NaiveDate>,
    promised_days: i32,
    assigned: bool,
}

/// The SQL condition of a stored queue (`$2` is the clerk); the computed queues start from the
/// open accepted cases.
fn queue_condition(queue: Queue) -> String {
    match queue {
        Queue::New => "c.state = 'submitted'".into(),
        Queue::Mine => format!("c.assigned_clerk_id = $2 and c.state in {RUNNING_STATES}"),
        Queue::AwaitingSupplement => "c.state = 'supplement_requested'".into(),
        Queue::NearDeadline | Queue::Overdue => {
            format!("c.accepted_on is not null and c.state in {RUNNING_STATES}")
        }
        Queue::Finished => format!("c.state in {FINAL_STATES}"),
    }
}

/// Rows of the department matching `condition` and the filter, after `after`, at most `limit`.
async fn rows(
    pool: &PgPool,
    department_code: &str,
    clerk_id: Uuid,
    condition: &str,
    filter: &QueueFilter,
    after: Option<Cursor>,
    limit: Option<i64>,
) -> Result<Vec<Row>, InternalError> {
    let sql = format!(
        "select c.id, c.case_number, s.name_zh as service_zh, s.name_en as service_en,
                a.display_name as applicant, c.state,
                coalesce(c.submitted_at, c.created_at) as submitted_at,
                c.accepted_on, s.promised_days, c.assigned_clerk_id is not null as assigned
         from cases c
         join services s on s.code = c.service_code
         join accounts a on a.id = c.applicant_account_id
         where c.department_code = $1 and c.state <> 'draft' and ($2::uuid is not null)
           and {condition}
           and ($3::text is null or c.service_code = $3)
           and ($4::text is null or starts_with(c.case_number, $4)
                or strpos(a.display_name, $4) > 0)
           and ($5::timestamptz is null
                or (coalesce(c.submitted_at, c.created_at), c.id) > ($5, $6::uuid))
         order by coalesce(c.submitted_at, c.created_at), c.id
         limit $7"
    );
    Ok(sqlx::query_as::<_, Row>(&sql)
        .bind(department_code)
        .bind(clerk_id)
        .bind(&filter.service)
        .bind(&filter.q)
        .bind(after.map(|a| a.submitted_at))
        .bind(after.map(|a| a.id))
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// The rows with their clocks.
async fn with_clocks(pool: &PgPool, rows: Vec<Row>) -> Result<Vec<QueueRow>, InternalError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let pauses = calendar::pauses_of(pool, &ids).await?;
    let calendar_days = calendar::load_calendar(pool).await?;
    let today = calendar::today(pool).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let state = CaseState::parse(&row.state).unwrap_or(CaseState::Submitted);
            let clock = calendar::clock_view(
                &calendar_days,
                today,
                row.accepted_on,
                state.is_final(),
                u32::try_from(row.promised_days).unwrap_or(0),
                pauses.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
            );
            QueueRow {
                id: row.id,
                case_number: row.case_number.unwrap_or_default(),
                service: Text::new(row.service_zh, row.service_en),
                applicant: row.applicant,
                state,
                submitted_at: row.submitted_at,
                clock,
                assigned: row.assigned,
            }
        })
        .collect())
}

fn near(clock: &ClockView) -> bool {
    matches!(
        clock,
        ClockView::Running {
            status: DeadlineStatus::NearDeadline { .. } | DeadlineStatus::DueToday,
            ..
        }
    )
}

fn overdue(clock: &ClockView) -> bool {
    matches!(
        clock,
        ClockView::Running {
            status: DeadlineStatus::Overdue { .. },
            ..
        }
    )
}

/// One page of a queue of the department, and the counts of every queue.
pub async fn queue(
    pool: &PgPool,
    department_code: &str,
    clerk_id: Uuid,
    queue: Queue,
    filter: &QueueFilter,
    after: Option<Cursor>,
    limit: i64,
) -> Result<QueuePage, InternalError> {
    let limit = limit.clamp(1, 500);
    let filter = QueueFilter {
        service: filter.service.clone().filter(|s| !s.trim().is_empty()),
        q: filter
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_string),
    };
    // The computed queues: every open accepted case of the department, clocks in Rust.
    let running = rows(
        pool,
        department_code,
        clerk_id,
        &queue_condition(Queue::Overdue),
        &filter,
        None,
        None,
    )
    .await?;
    let running = with_clocks(pool, running).await?;
    let near_count = running.iter().filter(|r| near(&r.clock)).count();
    let overdue_count = running.iter().filter(|r| overdue(&r.clock)).count();

    let (rows_page, next) = match queue {
        Queue::NearDeadline | Queue::Overdue => {
            let wanted = |r: &QueueRow| {
                if queue == Queue::Overdue {
                    overdue(&r.clock)
                } else {
                    near(&r.clock)
                }
            };
            let mut matching: Vec<QueueRow> = running
                .into_iter()
                .filter(wanted)
                .filter(|r| after.is_none_or(|a| (r.submitted_at, r.id) > (a.submitted_at, a.id)))
                .collect();
            let more = matching.len() > limit as usize;
            matching.truncate(limit as usize);
            (matching, more)
        }
        _ => {
            let mut found = rows(
                pool,
                department_code,
                clerk_id,
                &queue_condition(queue),
                &filter,
                after,
                Some(limit + 1),
            )
            .await?;
            let more = found.len() > limit as usize;
            found.truncate(limit as usize);
            (with_clocks(pool, found).await?, more)
        }
    };
    let next = if next {
        rows_page.last().map(|r| Cursor {
            submitted_at: r.submitted_at,
            id: r.id,
        })
    } else {
        None
    };

    let counts_sql = format!(
        "select count(*) filter (where {new}),
                count(*) filter (where {mine}),
                count(*) filter (where {awaiting}),
                count(*) filter (where {finished})
         from cases c join accounts a on a.id = c.applicant_account_id
         where c.department_code = $1 and c.state <> 'draft' and ($2::uuid is not null)
           and ($3::text is null or c.service_code = $3)
           and ($4::text is null or starts_with(c.case_number, $4)
                or strpos(a.display_name, $4) > 0)",
        new = queue_condition(Queue::New),
        mine = queue_condition(Queue::Mine),
        awaiting = queue_condition(Queue::AwaitingSupplement),
        finished = queue_condition(Queue::Finished),
    );
    let (new, mine, awaiting, finished): (i64, i64, i64, i64) = sqlx::query_as(&counts_sql)
        .bind(department_code)
        .bind(clerk_id)
        .bind(&filter.service)
        .bind(&filter.q)
        .fetch_one(pool)
        .await?;
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let counts = vec![
        (Queue::New, new),
        (Queue::Mine, mine),
        (Queue::AwaitingSupplement, awaiting),
        (Queue::NearDeadline, count(near_count)),
        (Queue::Overdue, count(overdue_count)),
        (Queue::Finished, finished),
    ];
    let services: Vec<(String, String, String)> = sqlx::query_as(
        "select code, name_zh, name_en from services where department_code = $1 order by code",
    )
    .bind(department_code)
    .fetch_all(pool)
    .await?;
    Ok(QueuePage {
        rows: rows_page,
        next,
        counts,
        services: services
            .into_iter()
            .map(|(code, zh, en)| (code, Text::new(zh, en)))
            .collect(),
    })
}

/// One case of the department as its staff see it; `None` when it is not the department's.
pub async fn case_view(
    pool: &PgPool,
    department_code: &str,
    clerk_id: Uuid,
    case_id: Uuid,
) -> Result<Option<WorkbenchCase>, InternalError> {
    let acting = Acting::Clerk {
        account_id: clerk_id,
        department_code: department_code.to_string(),
    };
    // An applicant's draft is theirs alone until it is submitted.
    let Some(detail) = queries::case_detail_as(pool, &acting, case_id)
        .await?
        .filter(|d| d.state != CaseState::Draft)
    else {
        return Ok(None);
    };
    let (applicant, assigned_id, assigned_to): (String, Option<Uuid>, Option<String>) =
        sqlx::query_as(
            "select a.display_name, c.assigned_clerk_id, k.display_name
             from cases c
             join accounts a on a.id = c.applicant_account_id
             left join accounts k on k.id = c.assigned_clerk_id
             where c.id = $1 and c.department_code = $2",
        )
        .bind(case_id)
        .bind(department_code)
        .fetch_one(pool)
        .await?;
    let notes = notes(pool, case_id).await?;
    let deliveries = crate::core::deliveries::attempts_of_case(pool, case_id).await?;
    Ok(Some(WorkbenchCase {
        deliveries,
        detail,
        applicant,
        assigned_to,
        assigned_to_me: assigned_id == Some(clerk_id),
        assigned_id,
        notes,
        clerks: Vec::new(),
        is_supervisor: false,
    }))
}

/// Takes an unassigned, undecided case of the department. The state does not change; the
/// version does, so a page loaded before the claim is stale. Another clerk's claim first →
/// `Stale`; another department's (or no such) case → `NotFound`. In the caller's transaction,
/// so the claim and its audit row are written together.
pub async fn claim(
    conn: &mut sqlx::PgConnection,
    department_code: &str,
    clerk_id: Uuid,
    case_id: Uuid,
    expected_version: i32,
) -> Result<(), CaseError> {
    let sql = format!(
        "update cases set assigned_clerk_id = $3, version = version + 1
         where id = $1 and department_code = $2 and assigned_clerk_id is null and version = $4
           and state <> 'draft' and state not in {FINAL_STATES}"
    );
    let claimed = sqlx::query(&sql)
        .bind(case_id)
        .bind(department_code)
        .bind(clerk_id)
        .bind(expected_version)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if claimed == 1 {
        return Ok(());
    }
    let exists: Option<bool> = sqlx::query_scalar(
        "select true from cases where id = $1 and department_code = $2 and state <> 'draft'",
    )
    .bind(case_id)
    .bind(department_code)
    .fetch_optional(&mut *conn)
    .await?;
    match exists {
        Some(_) => Err(CaseError::Stale),
        None => Err(CaseError::NotFound),
    }
}

/// Why an assignment was refused before anything changed.
#[derive(Debug)]
pub enum AssignError {
    /// The chosen account is not an active clerk of the department.
    NotAClerk,
    Case(CaseError),
}

impl From<sqlx::Error> for AssignError {
    fn from(error: sqlx::Error) -> Self {
        Self::Case(error.into())
    }
}

impl From<InternalError> for AssignError {
    fn from(error: InternalError) -> Self {
        Self::Case(error.into())
    }
}

/// The department's active clerks: (account, display name), by name.
pub async fn department_clerks(
    pool: &PgPool,
    department_code: &str,
) -> Result<Vec<(Uuid, String)>, InternalError> {
    Ok(sqlx::query_as(
        "select id, display_name from accounts
         where role = 'clerk' and department_code = $1 and not disabled
         order by display_name, id",
    )
    .bind(department_code)
    .fetch_all(pool)
    .await?)
}

/// What a notification about a case of the workbench says, linking to `path`.
async fn notice_of(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
    path: String,
) -> Result<CaseNotice, sqlx::Error> {
    let (number, zh, en): (Option<String>, String, String) = sqlx::query_as(
        "select c.case_number, s.name_zh, s.name_en
         from cases c join services s on s.code = c.service_code where c.id = $1",
    )
    .bind(case_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(CaseNotice {
        case_number: number.unwrap_or_default(),
        service_zh: zh,
        service_en: en,
        reason: String::new(),
        case_path: path,
    })
}

/// A supervisor hands an open case of the department to one of its active clerks (or to
/// another one). The version changes, so pages loaded before are stale; the clerk is notified.
/// In the caller's transaction.
pub async fn assign(
    conn: &mut sqlx::PgConnection,
    department_code: &str,
    case_id: Uuid,
    clerk_id: Uuid,
    expected_version: i32,
) -> Result<(), AssignError> {
    let clerk: Option<bool> = sqlx::query_scalar(
        "select true from accounts
         where id = $1 and role = 'clerk' and department_code = $2 and not disabled",
    )
    .bind(clerk_id)
    .bind(department_code)
    .fetch_optional(&mut *conn)
    .await?;
    if clerk.is_none() {
        return Err(AssignError::NotAClerk);
    }
    let sql = format!(
        "update cases set assigned_clerk_id = $3, version = version + 1
         where id = $1 and department_code = $2 and version = $4
           and state <> 'draft' and state not in {FINAL_STATES}"
    );
    let assigned = sqlx::query(&sql)
        .bind(case_id)
        .bind(department_code)
        .bind(clerk_id)
        .bind(expected_version)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if assigned != 1 {
        let exists: Option<bool> = sqlx::query_scalar(
            "select true from cases where id = $1 and department_code = $2 and state <> 'draft'",
        )
        .bind(case_id)
        .bind(department_code)
        .fetch_optional(&mut *conn)
        .await?;
        return Err(AssignError::Case(match exists {
            Some(_) => CaseError::Stale,
            None => CaseError::NotFound,
        }));
    }
    let notice = notice_of(conn, case_id, format!("/workbench/cases/{case_id}")).await?;
    notifications::notify(conn, clerk_id, case_id, "case-assigned", &notice).await?;
    Ok(())
}

/// The longest note or message, in characters.
pub const NOTE_MAX_CHARS: usize = 2000;

/// Who may read a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteVisibility {
    /// Department staff only.
    Internal,
    /// A message to the applicant, who is notified.
    Applicant,
}

impl NoteVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Internal => "internal",
            Self::Applicant => "applicant",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "internal" => Some(Self::Internal),
            "applicant" => Some(Self::Applicant),
            _ => None,
        }
    }
}

/// Appends a note to a case of the department (`NotFound` when it is not the department's or
/// a draft); a message to the applicant notifies them. In the caller's transaction. The body is
/// checked by the caller (1..=2000 characters; the table refuses anything else).
pub async fn add_note(
    conn: &mut sqlx::PgConnection,
    department_code: &str,
    author_id: Uuid,
    case_id: Uuid,
    visibility: NoteVisibility,
    body: &str,
) -> Result<(), CaseError> {
    let applicant: Option<Uuid> = sqlx::query_scalar(
        "select applicant_account_id from cases
         where id = $1 and department_code = $2 and state <> 'draft'",
    )
    .bind(case_id)
    .bind(department_code)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(applicant) = applicant else {
        return Err(CaseError::NotFound);
    };
    sqlx::query(
        "insert into case_notes (case_id, author_account_id, visibility, body)
         values ($1, $2, $3, $4)",
    )
    .bind(case_id)
    .bind(author_id)
    .bind(visibility.as_str())
    .bind(body)
    .execute(&mut *conn)
    .await?;
    if visibility == NoteVisibility::Applicant {
        let notice = notice_of(conn, case_id, format!("/cases/{case_id}")).await?;
        notifications::notify(conn, applicant, case_id, "case-message", &notice).await?;
    }
    Ok(())
}

/// Every note of a case, oldest first (staff only).
pub async fn notes(pool: &PgPool, case_id: Uuid) -> Result<Vec<NoteView>, InternalError> {
    let rows: Vec<(DateTime<Utc>, String, String, String)> = sqlx::query_as(
        "select n.created_at, a.display_name, n.visibility, n.body
         from case_notes n join accounts a on a.id = n.author_account_id
         where n.case_id = $1 order by n.created_at, n.id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, author, visibility, body)| NoteView {
            at,
            author,
            internal: visibility != "applicant",
            body,
        })
        .collect())
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
