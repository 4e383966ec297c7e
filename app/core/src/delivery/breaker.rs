//! The per-destination circuit breaker's state, shared by every instance: in
//! `department_backends` for department systems, in `vendor_systems` for vendor systems (the same
//! columns). The thresholds and the alert are decided by the caller (server::routing::breaker).
use super::Destination;
use sqlx::{PgConnection, PgPool};

/// Pushes the cooldown of an opened breaker forward so exactly one instance probes; `false`
/// when the breaker is closed or another instance is probing. Runs on the pool (committed at
/// once) so other instances see it.
pub async fn take_probe(
    pool: &PgPool,
    destination: &Destination,
    threshold: i32,
    cooldown_secs: f64,
) -> Result<bool, sqlx::Error> {
    let taken = match destination {
        Destination::Department(code) => {
            sqlx::query!(
                "update department_backends
             set breaker_open_until = now() + make_interval(secs => $3)
             where department_code = $1 and consecutive_failures >= $2
               and (breaker_open_until is null or breaker_open_until <= now())",
                code,
                threshold,
                cooldown_secs,
            )
            .execute(pool)
            .await?
        }
        Destination::Vendor(id) => {
            sqlx::query!(
                "update vendor_systems
             set breaker_open_until = now() + make_interval(secs => $3)
             where vendor_id = $1 and consecutive_failures >= $2
               and (breaker_open_until is null or breaker_open_until <= now())",
                id,
                threshold,
                cooldown_secs,
            )
            .execute(pool)
            .await?
        }
    };
    Ok(taken.rows_affected() == 1)
}

/// Closes the breaker and ends the outage (writes only when something changes).
pub async fn record_success(
    conn: &mut PgConnection,
    destination: &Destination,
) -> Result<(), sqlx::Error> {
    match destination {
        Destination::Department(code) => {
            sqlx::query!(
                "update department_backends
             set consecutive_failures = 0, breaker_open_until = null, failing_since = null
             where department_code = $1
               and (consecutive_failures <> 0 or breaker_open_until is not null
                    or failing_since is not null)",
                code,
            )
            .execute(&mut *conn)
            .await?
        }
        Destination::Vendor(id) => {
            sqlx::query!(
                "update vendor_systems
             set consecutive_failures = 0, breaker_open_until = null, failing_since = null
             where vendor_id = $1
               and (consecutive_failures <> 0 or breaker_open_until is not null
                    or failing_since is not null)",
                id,
            )
            .execute(&mut *conn)
            .await?
        }
    };
    Ok(())
}

/// Counts one more consecutive failure, opening the breaker for `cooldown_secs` at
/// `threshold`; returns the new count (`None`: the destination has no registry row).
pub async fn count_failure(
    conn: &mut PgConnection,
    destination: &Destination,
    threshold: i32,
    cooldown_secs: f64,
) -> Result<Option<i32>, sqlx::Error> {
    match destination {
        Destination::Department(code) => {
            sqlx::query_scalar!(
                "update department_backends
                 set consecutive_failures = consecutive_failures + 1,
                     breaker_open_until = case when consecutive_failures + 1 >= $2
                         then now() + make_interval(secs => $3) else breaker_open_until end
                 where department_code = $1
                 returning consecutive_failures",
                code,
                threshold,
                cooldown_secs,
            )
            .fetch_optional(&mut *conn)
            .await
        }
        Destination::Vendor(id) => {
            sqlx::query_scalar!(
                "update vendor_systems
                 set consecutive_failures = consecutive_failures + 1,
                     breaker_open_until = case when consecutive_failures + 1 >= $2
                         then now() + make_interval(secs => $3) else breaker_open_until end
                 where vendor_id = $1
                 returning consecutive_failures",
                id,
                threshold,
                cooldown_secs,
            )
            .fetch_optional(&mut *conn)
            .await
        }
    }
}

/// Marks the start of the destination's outage; returns its names (Chinese, English) only the
/// first time, so an outage alerts once whatever the number of instances.
pub async fn start_outage(
    conn: &mut PgConnection,
    destination: &Destination,
) -> Result<Option<(String, String)>, sqlx::Error> {
    match destination {
        Destination::Department(code) => {
            let row = sqlx::query!(
                "update department_backends b set failing_since = now()
                 from departments d
                 where b.department_code = $1 and d.code = b.department_code
                   and b.failing_since is null
                 returning d.name_zh, d.name_en",
                code,
            )
            .fetch_optional(&mut *conn)
            .await?;
            Ok(row.map(|r| (r.name_zh, r.name_en)))
        }
        Destination::Vendor(id) => {
            // A vendor has one name, the same in both languages.
            let name = sqlx::query_scalar!(
                "update vendor_systems s set failing_since = now()
                 from vendors v
                 where s.vendor_id = $1 and v.id = s.vendor_id and s.failing_since is null
                 returning v.name",
                id,
            )
            .fetch_optional(&mut *conn)
            .await?;
            Ok(name.map(|n| (n.clone(), n)))
        }
    }
}
