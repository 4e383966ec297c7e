//! Automatic assignment of new cases by round robin among a department's active clerks, when
//! its supervisor turns it on. The department's `auto_assignment` row is locked while choosing,
//! so concurrent submissions take turns and never pick the same "next" clerk.
use crate::audit;
use crate::error::InternalError;
use crate::notifications;
use crate::notifications::notice_of;
use portal_types::domain::roles::Role;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Whether new cases of the department are assigned automatically.
pub async fn is_enabled(pool: &PgPool, department_code: &str) -> Result<bool, InternalError> {
    Ok(sqlx::query_scalar(
        "select coalesce((select enabled from auto_assignment where department_code = $1), false)",
    )
    .bind(department_code)
    .fetch_one(pool)
    .await?)
}

/// Turns automatic assignment on or off (in the caller's transaction, beside its audit row).
pub async fn set_enabled(
    conn: &mut PgConnection,
    department_code: &str,
    enabled: bool,
) -> Result<(), InternalError> {
    sqlx::query(
        "insert into auto_assignment (department_code, enabled) values ($1, $2)
         on conflict (department_code)
             do update set enabled = excluded.enabled, updated_at = now()",
    )
    .bind(department_code)
    .bind(enabled)
    .execute(conn)
    .await?;
    Ok(())
}

/// The supervisor's switch: turns automatic assignment on or off and writes who did it to the
/// audit log, in one transaction.
pub async fn switch(
    pool: &PgPool,
    actor_account_id: Uuid,
    actor_role: Role,
    department_code: &str,
    enabled: bool,
) -> Result<(), InternalError> {
    let mut tx = pool.begin().await?;
    set_enabled(&mut tx, department_code, enabled).await?;
    let entry = audit::Entry {
        actor_account_id,
        actor_role: actor_role.as_str().to_string(),
        department_code: Some(department_code.to_string()),
        action: "auto_assign.set".into(),
        case_id: None,
        detail: serde_json::json!({ "enabled": enabled }),
    };
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// On submission: gives the case to the next active clerk after the last one chosen (by id,
/// wrapping around), if the department assigns automatically and the case is still unassigned.
/// Returns the clerk chosen. Runs in the submission's transaction.
pub async fn on_submitted(
    conn: &mut PgConnection,
    case_id: Uuid,
    department_code: &str,
) -> Result<Option<Uuid>, InternalError> {
    let last: Option<Option<Uuid>> = sqlx::query_scalar(
        // A department whose cases go to its own system has no clerks' queue to fill.
        "select last_clerk_id from auto_assignment a
         where department_code = $1 and enabled
           and not exists (select 1 from department_backends b
                           where b.department_code = a.department_code and b.kind = 'http')
         for update",
    )
    .bind(department_code)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(last) = last else {
        return Ok(None);
    };
    let clerk: Option<Uuid> = sqlx::query_scalar(
        "select id from accounts
         where role = 'clerk' and department_code = $1 and not disabled
         order by id > coalesce($2, '00000000-0000-0000-0000-000000000000'::uuid) desc, id
         limit 1",
    )
    .bind(department_code)
    .bind(last)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(clerk) = clerk else {
        return Ok(None);
    };
    let assigned = sqlx::query(
        "update cases set assigned_clerk_id = $2 where id = $1 and assigned_clerk_id is null",
    )
    .bind(case_id)
    .bind(clerk)
    .execute(&mut *conn)
    .await?;
    if assigned.rows_affected() == 0 {
        return Ok(None);
    }
    sqlx::query("update auto_assignment set last_clerk_id = $2 where department_code = $1")
        .bind(department_code)
        .bind(clerk)
        .execute(&mut *conn)
        .await?;
    let notice = notice_of(conn, case_id, format!("/workbench/cases/{case_id}")).await?;
    notifications::notify(conn, clerk, case_id, "case-assigned", &notice).await?;
    Ok(Some(clerk))
}
