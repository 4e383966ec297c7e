//! Overdue cases are escalated to the department's supervisors, once per case. "Overdue" is
//! decided each time by comparing the running clock's due date (recomputed with every
//! transition and calendar edit) with today; only the fact that the escalation was sent is
//! stored, so it is sent once.
use super::cases::calendar;
use super::error::InternalError;
use super::notifications::{self, CaseNotice};
use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct OpenCase {
    id: Uuid,
    case_number: Option<String>,
    department_code: String,
    due_on: NaiveDate,
    name_zh: String,
    name_en: String,
}

/// Escalates every case that is overdue today and was not escalated before. Returns how many
/// cases were escalated now. Safe to run on several instances at once (the insert decides).
pub async fn escalate_overdue(pool: &PgPool) -> Result<usize, InternalError> {
    // Overdue = the running clock's due date (kept in step with the calendar) is before today.
    let today = calendar::today(pool).await?;
    let cases = sqlx::query_as::<_, OpenCase>(
        "select c.id, c.case_number, c.department_code, c.due_on, s.name_zh, s.name_en
         from cases c join services s on s.code = c.service_code
         where c.state in ('accepted', 'in_review', 'resubmitted') and c.due_on < $1
           and not exists (select 1 from case_escalations e where e.case_id = c.id)",
    )
    .bind(today)
    .fetch_all(pool)
    .await?;
    let mut escalated = 0;
    for case in cases {
        let due = case.due_on;
        let mut tx = pool.begin().await?;
        let inserted = sqlx::query(
            "insert into case_escalations (case_id, due_on) values ($1, $2) on conflict do nothing",
        )
        .bind(case.id)
        .bind(due)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            continue;
        }
        let supervisors: Vec<Uuid> = sqlx::query_scalar(
            "select id from accounts
             where role = 'supervisor' and department_code = $1 and not disabled",
        )
        .bind(&case.department_code)
        .fetch_all(&mut *tx)
        .await?;
        let notice = CaseNotice {
            case_number: case.case_number.clone().unwrap_or_default(),
            service_zh: case.name_zh.clone(),
            service_en: case.name_en.clone(),
            reason: due.to_string(),
            case_path: format!("/workbench/cases/{}", case.id),
        };
        for supervisor in supervisors {
            notifications::notify(&mut tx, supervisor, case.id, "case-overdue", &notice).await?;
        }
        tx.commit().await?;
        escalated += 1;
    }
    Ok(escalated)
}
