//! Overdue cases are escalated to the department's supervisors, once per case. "Overdue" is
//! computed from the calendar each time (never a stored flag); only the fact that the escalation
//! was sent is stored, so it is sent once.
use super::cases::calendar;
use super::error::InternalError;
use super::notifications::{self, CaseNotice};
use crate::domain::working_days::{deadline_with_pauses, Deadline};
use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct OpenCase {
    id: Uuid,
    case_number: Option<String>,
    department_code: String,
    accepted_on: NaiveDate,
    promised_days: i32,
    name_zh: String,
    name_en: String,
}

/// Escalates every case that is overdue today and was not escalated before. Returns how many
/// cases were escalated now. Safe to run on several instances at once (the insert decides).
pub async fn escalate_overdue(pool: &PgPool) -> Result<usize, InternalError> {
    let cases = sqlx::query_as::<_, OpenCase>(
        "select c.id, c.case_number, c.department_code, c.accepted_on, s.promised_days,
                s.name_zh, s.name_en
         from cases c join services s on s.code = c.service_code
         where c.state in ('accepted', 'in_review', 'resubmitted') and c.accepted_on is not null
           and not exists (select 1 from case_escalations e where e.case_id = c.id)",
    )
    .fetch_all(pool)
    .await?;
    if cases.is_empty() {
        return Ok(0);
    }
    let working_calendar = calendar::load_calendar(pool).await?;
    let today = calendar::today(pool).await?;
    let ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let mut pauses_by_case = calendar::pauses_of(pool, &ids).await?;
    let mut escalated = 0;
    for case in cases {
        let pauses = pauses_by_case.remove(&case.id).unwrap_or_default();
        let limit = u32::try_from(case.promised_days).unwrap_or(0);
        let due = match deadline_with_pauses(&working_calendar, case.accepted_on, limit, &pauses) {
            Ok(Deadline::Due(due)) if today > due => due,
            _ => continue,
        };
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
