//! Login throttling per account and per client address, kept in Postgres so that every
//! server instance sees the same counts.
use super::error::InternalError;
use sqlx::PgPool;

#[derive(Clone, Debug)]
pub struct ThrottlePolicy {
    pub window_minutes: i32,
    pub max_per_account: i64,
    pub max_per_address: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            window_minutes: 15,
            max_per_account: 5,
            max_per_address: 30,
        }
    }
}

/// How long the caller must wait, in whole minutes (at least 1), if throttled.
pub async fn check(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    account_key: &str,
    address: &str,
) -> Result<Option<i64>, InternalError> {
    // Minutes until the oldest counted failure leaves the window, computed by the database
    // so that only its clock matters.
    let row = sqlx::query!(
        r#"
        with recent as (
            select scope, failed_at from login_failures
            where failed_at > now() - make_interval(mins => $3)
              and ((scope = 'account' and key = $1) or (scope = 'address' and key = $2))
        )
        select
          (select count(*) from recent where scope = 'account') as "account!",
          (select count(*) from recent where scope = 'address') as "address!",
          (select ceil(extract(epoch from min(failed_at) + make_interval(mins => $3) - now()) / 60)::bigint
             from recent where scope = 'account') as account_wait,
          (select ceil(extract(epoch from min(failed_at) + make_interval(mins => $3) - now()) / 60)::bigint
             from recent where scope = 'address') as address_wait
        "#,
        account_key,
        address,
        policy.window_minutes,
    )
    .fetch_one(pool)
    .await?;
    let wait = if row.account >= policy.max_per_account {
        row.account_wait
    } else if row.address >= policy.max_per_address {
        row.address_wait
    } else {
        return Ok(None);
    };
    Ok(Some(wait.unwrap_or(1).max(1)))
}

pub async fn record_failure(
    pool: &PgPool,
    account_key: &str,
    address: &str,
) -> Result<(), InternalError> {
    sqlx::query!(
        "insert into login_failures (scope, key) values ('account', $1), ('address', $2)",
        account_key,
        address
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A successful login forgets the account's failures (not the address's).
pub async fn clear_account(pool: &PgPool, account_key: &str) -> Result<(), InternalError> {
    sqlx::query!(
        "delete from login_failures where scope = 'account' and key = $1",
        account_key
    )
    .execute(pool)
    .await?;
    Ok(())
}
