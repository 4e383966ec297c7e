//! The clerk workbench: a department's queues ([`queues`]), one case as staff see it, claiming
//! and assigning a case, and notes. Every query is filtered by the department.
mod list_audit;
mod queues;

pub use list_audit::{queue_read_entry, MAX_SEARCH_CHARS};
pub use queues::queue;

use crate::cases::{queries, Acting, CaseError};
use crate::error::InternalError;
use crate::notifications;
use chrono::{DateTime, Utc};
use portal_types::domain::case_lifecycle::CaseState;
use portal_types::views::workbench::{NoteView, WorkbenchCase, DENY_REASON_CODES};
use sqlx::PgPool;
use uuid::Uuid;

const FINAL_STATES: &str = "('refused_at_intake', 'approved', 'denied', 'withdrawn')";
const RUNNING_STATES: &str = "('accepted', 'in_review', 'resubmitted')";

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
    let deny_grounds = deny_grounds(pool, case_id).await?;
    let deliveries = crate::deliveries::attempts_of_case(pool, case_id).await?;
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
        deny_grounds,
    }))
}

/// The legal grounds a denial of the case may cite: its service's list, else the general ones.
pub async fn deny_grounds<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    case_id: Uuid,
) -> Result<Vec<String>, InternalError> {
    let grounds: Vec<String> = sqlx::query_scalar(
        "select g.ground_code from service_denial_grounds g
         join cases c on c.service_code = g.service_code
         where c.id = $1 order by g.position, g.ground_code",
    )
    .bind(case_id)
    .fetch_all(executor)
    .await?;
    Ok(if grounds.is_empty() {
        DENY_REASON_CODES.iter().map(|c| c.to_string()).collect()
    } else {
        grounds
    })
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
    if is_department_case(&mut *conn, case_id, department_code).await? {
        Err(CaseError::Stale)
    } else {
        Err(CaseError::NotFound)
    }
}

/// Whether the case is the department's and not a draft (anything else is not there for its
/// staff).
pub async fn is_department_case<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    case_id: Uuid,
    department_code: &str,
) -> Result<bool, sqlx::Error> {
    let exists: Option<bool> = sqlx::query_scalar(
        "select true from cases where id = $1 and department_code = $2 and state <> 'draft'",
    )
    .bind(case_id)
    .bind(department_code)
    .fetch_optional(executor)
    .await?;
    Ok(exists.is_some())
}

/// Whoever accepts a case holds it, unless someone claimed it first. In the caller's
/// transaction, with the acceptance.
pub async fn hold_on_accept(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
    clerk_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update cases set assigned_clerk_id = coalesce(assigned_clerk_id, $2) where id = $1",
        case_id,
        clerk_id,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The service and form version of the department's (non-draft) case.
pub async fn department_case_form(
    pool: &PgPool,
    case_id: Uuid,
    department_code: &str,
) -> Result<Option<(String, i32)>, sqlx::Error> {
    let row = sqlx::query!(
        "select service_code, form_version from cases
         where id = $1 and department_code = $2 and state <> 'draft'",
        case_id,
        department_code,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| (r.service_code, r.form_version)))
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
        let exists = is_department_case(&mut *conn, case_id, department_code).await?;
        return Err(AssignError::Case(if exists {
            CaseError::Stale
        } else {
            CaseError::NotFound
        }));
    }
    let notice =
        notifications::notice_of(conn, case_id, format!("/workbench/cases/{case_id}")).await?;
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
        let notice = notifications::notice_of(conn, case_id, format!("/cases/{case_id}")).await?;
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
