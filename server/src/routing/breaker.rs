//! The per-department circuit breaker, kept in `department_backends` so every instance sees the
//! same state: `breaker_failures` consecutive failures open it for a cooldown (the department's
//! rows are not claimed meanwhile); after it one instance probes (half-open) and a success
//! closes it. The first opening of an outage alerts the operators, once, whatever the number
//! of instances (`failing_since` is set only when null).
use super::DeliverySettings;
use app::core::notifications::CaseNotice;
use sqlx::{PgConnection, PgPool};

/// Notification template of the operators' alert.
pub const ALERT_TEMPLATE: &str = "delivery-backend-failing";

/// Before sending to a department whose breaker has opened before: lets exactly one instance
/// probe by pushing the cooldown forward. `false`: the breaker is closed or another instance
/// is probing. Committed at once (on the pool) so other instances see it.
pub async fn take_probe(
    pool: &PgPool,
    department_code: &str,
    settings: &DeliverySettings,
) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "update department_backends
         set breaker_open_until = now() + make_interval(secs => $3)
         where department_code = $1 and consecutive_failures >= $2
           and (breaker_open_until is null or breaker_open_until <= now())",
    )
    .bind(department_code)
    .bind(i32::try_from(settings.breaker_failures).unwrap_or(i32::MAX))
    .bind(settings.breaker_cooldown.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// A success closes the breaker and ends the outage.
pub async fn record_success(
    conn: &mut PgConnection,
    department_code: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update department_backends
         set consecutive_failures = 0, breaker_open_until = null, failing_since = null
         where department_code = $1
           and (consecutive_failures <> 0 or breaker_open_until is not null
                or failing_since is not null)",
    )
    .bind(department_code)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A failure that says the system is unwell (timeout, refused connection, 5xx, 429…). Opens
/// the breaker at the threshold; the first opening of an outage alerts the operators.
/// Returns whether the breaker is open now.
pub async fn record_failure(
    conn: &mut PgConnection,
    department_code: &str,
    error: &str,
    settings: &DeliverySettings,
) -> Result<bool, sqlx::Error> {
    let failures: Option<i32> = sqlx::query_scalar(
        "update department_backends
         set consecutive_failures = consecutive_failures + 1,
             breaker_open_until = case when consecutive_failures + 1 >= $2
                 then now() + make_interval(secs => $3) else breaker_open_until end
         where department_code = $1
         returning consecutive_failures",
    )
    .bind(department_code)
    .bind(i32::try_from(settings.breaker_failures).unwrap_or(i32::MAX))
    .bind(settings.breaker_cooldown.as_secs_f64())
    .fetch_optional(&mut *conn)
    .await?;
    let open =
        failures.is_some_and(|f| u32::try_from(f).unwrap_or(0) >= settings.breaker_failures.max(1));
    if !open {
        return Ok(false);
    }
    let outage_starts: Option<(String, String)> = sqlx::query_as(
        "update department_backends b set failing_since = now()
         from departments d
         where b.department_code = $1 and d.code = b.department_code and b.failing_since is null
         returning d.name_zh, d.name_en",
    )
    .bind(department_code)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((name_zh, name_en)) = outage_starts {
        tracing::error!(department = department_code, %error, "department system failing; breaker open");
        alert_operators(conn, department_code, &name_zh, &name_en, error).await?;
    }
    Ok(true)
}

/// One in-app notification (and e-mail, where they have an address) per active operator.
async fn alert_operators(
    conn: &mut PgConnection,
    department_code: &str,
    name_zh: &str,
    name_en: &str,
    error: &str,
) -> Result<(), sqlx::Error> {
    let notice = CaseNotice {
        case_number: department_code.to_string(),
        service_zh: name_zh.to_string(),
        service_en: name_en.to_string(),
        reason: error.chars().take(200).collect(),
        case_path: "/admin/deliveries".into(),
    };
    let params = serde_json::to_value(&notice).unwrap_or_default();
    let queued = sqlx::query(
        "with alerted as (
             insert into notifications (account_id, case_id, template, params)
             select id, null, $1, $2 from accounts where role = 'operator' and not disabled
             returning id, account_id)
         insert into email_outbox (notification_id, to_address, locale, template, params)
         select n.id, a.email, coalesce(a.locale, 'zh-CN'), $1, $2
         from alerted n join accounts a on a.id = n.account_id where a.email is not null",
    )
    .bind(ALERT_TEMPLATE)
    .bind(&params)
    .execute(&mut *conn)
    .await?;
    if queued.rows_affected() > 0 {
        sqlx::query("select pg_notify('email_outbox', '')")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
