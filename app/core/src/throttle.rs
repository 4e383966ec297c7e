//! Login throttling per account and per client address, kept in Postgres so that every
//! server instance sees the same counts.
//!
//! An attempt is reserved (its row inserted, under a lock) before the password is checked, so
//! parallel guesses cannot all pass the check before the first failure is recorded. A
//! successful login takes its rows back; a failed one leaves them as failures.
//!
//! An account is slowed down, not locked: after its budget of failures each further attempt
//! must wait, the wait doubling per failure up to the window. An address has a plain budget
//! per window (against guessing many accounts from one place).
use super::error::InternalError;
use sqlx::PgPool;

#[derive(Clone, Debug)]
pub struct ThrottlePolicy {
    /// How long a failure counts.
    pub window_minutes: i32,
    /// Failures of one account before each further attempt must wait.
    pub max_per_account: i64,
    /// Failures from one client address before its attempts are refused.
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

/// The wait after the budget's last failure; it doubles with each further failure.
pub const FIRST_DELAY_SECONDS: i64 = 30;

impl ThrottlePolicy {
    /// Seconds an account with `failures` recent failures must wait after the latest one:
    /// none within the budget, then doubling, never more than the window (after which the
    /// oldest failures stop counting anyway).
    pub fn account_delay_seconds(&self, failures: i64) -> i64 {
        if failures < self.max_per_account {
            return 0;
        }
        let window = i64::from(self.window_minutes.max(0)) * 60;
        let doublings = (failures - self.max_per_account).min(30) as u32;
        FIRST_DELAY_SECONDS
            .saturating_mul(1 << doublings)
            .min(window)
    }
}

/// A reserved attempt: its rows count as failures from the start, until [`succeeded`] or
/// [`release`] takes them back.
#[derive(Debug)]
pub struct Attempt {
    account_key: String,
    address_row: i64,
    account_row: i64,
}

/// Reserves an attempt for `account_key` from `address`, or says how many seconds to wait.
/// Attempts for the same address or account are serialised by advisory locks (always the
/// address first, so two reservations cannot deadlock), so the counts cannot be raced.
pub async fn reserve(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    account_key: &str,
    address: &str,
) -> Result<Result<Attempt, i64>, InternalError> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "select pg_advisory_xact_lock(1, hashtext($1)), pg_advisory_xact_lock(2, hashtext($2))",
        address,
        account_key
    )
    .fetch_one(&mut *tx)
    .await?;
    // Pruning on write keeps the table to one window of attempts.
    sqlx::query!(
        "delete from login_failures where failed_at < now() - make_interval(mins => $1)",
        policy.window_minutes
    )
    .execute(&mut *tx)
    .await?;
    // Elapsed and remaining times are the database's, so that only its clock matters.
    let row = sqlx::query!(
        r#"
        select
          (select count(*) from login_failures where scope = 'account' and key = $1) as "account!",
          (select floor(extract(epoch from now() - max(failed_at)))::bigint
             from login_failures where scope = 'account' and key = $1) as account_since,
          (select count(*) from login_failures where scope = 'address' and key = $2) as "address!",
          (select ceil(extract(epoch from min(failed_at) + make_interval(mins => $3) - now()))::bigint
             from login_failures where scope = 'address' and key = $2) as address_wait
        "#,
        account_key,
        address,
        policy.window_minutes,
    )
    .fetch_one(&mut *tx)
    .await?;
    let account_wait =
        policy.account_delay_seconds(row.account) - row.account_since.unwrap_or(i64::MAX / 2);
    if account_wait > 0 {
        return Ok(Err(account_wait));
    }
    if row.address >= policy.max_per_address {
        return Ok(Err(row.address_wait.unwrap_or(1).max(1)));
    }
    let address_row = sqlx::query_scalar!(
        "insert into login_failures (scope, key) values ('address', $1) returning id",
        address
    )
    .fetch_one(&mut *tx)
    .await?;
    let account_row = sqlx::query_scalar!(
        "insert into login_failures (scope, key) values ('account', $1) returning id",
        account_key
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(Attempt {
        account_key: account_key.to_string(),
        address_row,
        account_row,
    }))
}

/// A successful login forgets the account's failures and this attempt (not the address's
/// earlier failures).
pub async fn succeeded(pool: &PgPool, attempt: Attempt) -> Result<(), InternalError> {
    sqlx::query!(
        "delete from login_failures
         where (scope = 'account' and key = $1) or id = $2",
        attempt.account_key,
        attempt.address_row
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A failed attempt: its rows stay, dated now, since the wait runs from the failure (the
/// password check itself takes a while).
pub async fn failed(pool: &PgPool, attempt: Attempt) -> Result<(), InternalError> {
    sqlx::query!(
        "update login_failures set failed_at = now() where id = any($1)",
        &[attempt.address_row, attempt.account_row][..]
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Takes back an attempt that was never decided (the server was too busy to check it).
pub async fn release(pool: &PgPool, attempt: Attempt) -> Result<(), InternalError> {
    sqlx::query!(
        "delete from login_failures where id = any($1)",
        &[attempt.address_row, attempt.account_row][..]
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// How many registrations one client address may make per window (each costs a password
/// hash, and mass registration is abuse in itself).
#[derive(Clone, Debug)]
pub struct RegistrationPolicy {
    pub window_minutes: i32,
    pub max_per_address: i64,
}

impl Default for RegistrationPolicy {
    fn default() -> Self {
        Self {
            window_minutes: 60,
            max_per_address: 10,
        }
    }
}

/// Counts a registration attempt from `address`; `false` when its budget is spent. Counted
/// under a lock per address, so parallel posts cannot exceed the budget.
pub async fn allow_registration(
    pool: &PgPool,
    policy: &RegistrationPolicy,
    address: &str,
) -> Result<bool, InternalError> {
    let mut tx = pool.begin().await?;
    sqlx::query!("select pg_advisory_xact_lock(3, hashtext($1))", address)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query!(
        "delete from registration_attempts
         where attempted_at < now() - make_interval(mins => $1)",
        policy.window_minutes
    )
    .execute(&mut *tx)
    .await?;
    let recent = sqlx::query_scalar!(
        r#"select count(*) as "n!" from registration_attempts where address = $1"#,
        address
    )
    .fetch_one(&mut *tx)
    .await?;
    if recent >= policy.max_per_address {
        tx.commit().await?;
        return Ok(false);
    }
    sqlx::query!(
        "insert into registration_attempts (address) values ($1)",
        address
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_slowed_down_after_its_budget_and_never_beyond_the_window() {
        let policy = ThrottlePolicy {
            window_minutes: 15,
            max_per_account: 5,
            max_per_address: 30,
        };
        let waits: Vec<i64> = (0..12).map(|n| policy.account_delay_seconds(n)).collect();
        assert_eq!(waits, vec![0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]);
        assert_eq!(policy.account_delay_seconds(i64::MAX), 900);
    }
}
