//! A password set anew: changed by its holder (who gives the current one) or reset with a code
//! sent to the account's mobile. Either ends the account's other sessions: a session signed in
//! before `accounts.sessions_valid_from` is over (see [`crate::accounts::session_user`]).
use super::codes::{self, Redeemed};
use super::one_time_code::{Purpose, Verdict};
use crate::audit::{self, actions, Entry};
use crate::error::InternalError;
use crate::passwords::{HashError, Hasher};
use crate::throttle::{self, ThrottlePolicy};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// Why a reset or change was refused.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// The code sent to the mobile was not given right.
    #[error(transparent)]
    Code(#[from] codes::CodeRefusal),
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    #[error("too many wrong passwords; wait {seconds} s")]
    Throttled { seconds: i64 },
    #[error("password hashing is busy")]
    Busy,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for PasswordError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl From<HashError> for PasswordError {
    fn from(error: HashError) -> Self {
        match error {
            HashError::Busy => Self::Busy,
            HashError::Internal(error) => Self::Internal(error),
        }
    }
}

/// The active citizen account whose person has `mobile`, if any.
pub async fn account_with_mobile(
    pool: &PgPool,
    mobile: &str,
) -> Result<Option<Uuid>, InternalError> {
    let row: Option<(Uuid,)> = sqlx::query_as(
        "select a.id from accounts a join people p on p.id = a.person_id
         where p.mobile = $1 and not a.disabled",
    )
    .bind(mobile)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Sends a reset code to `mobile` when an account uses it (and writes an unsendable one when
/// none does): the caller answers the same either way.
pub async fn request_reset(
    pool: &PgPool,
    secret: &[u8],
    mobile: &str,
    locale: &str,
) -> Result<codes::Requested, InternalError> {
    let account = account_with_mobile(pool, mobile).await?;
    let mut tx = pool.begin().await?;
    let requested = codes::request(
        &mut tx,
        secret,
        Purpose::PasswordReset,
        mobile,
        account.map_or(codes::Recipient::Nobody, codes::Recipient::Account),
        locale,
    )
    .await?;
    tx.commit().await?;
    Ok(requested)
}

/// Sets `new_password` on the account `mobile`'s code was sent for, and ends all its sessions.
/// A wrong try is counted (committed) even though the reset is refused.
pub async fn reset_with_code(
    pool: &PgPool,
    hasher: &Hasher,
    secret: &[u8],
    mobile: &str,
    code: &str,
    new_password: String,
) -> Result<Uuid, PasswordError> {
    let mut tx = pool.begin().await?;
    let redeemed = codes::redeem(&mut tx, secret, Purpose::PasswordReset, mobile, code).await?;
    let account = match redeemed {
        Redeemed::Accepted {
            account: Some(account),
        } => account,
        // A code nobody received cannot be accepted; were it, there is no account to reset.
        Redeemed::Accepted { account: None } => {
            tx.rollback().await?;
            return Err(codes::CodeRefusal::Wrong { tries_left: 0 }.into());
        }
        Redeemed::NoCode => return Err(codes::CodeRefusal::NoCode.into()),
        Redeemed::Refused(verdict) => {
            // The try counts whatever the answer.
            tx.commit().await?;
            return Err(refusal(verdict));
        }
    };
    // Busy: nothing is committed, so the code stays good for another try.
    let hash = hasher.hash(new_password).await?;
    let role = set_password(&mut tx, account, &hash).await?;
    audit::record(
        &mut tx,
        &Entry::account(account, &role, actions::PASSWORD_RESET),
    )
    .await?;
    tx.commit().await?;
    Ok(account)
}

/// Changes the password of `account` after checking `current` (with the login's throttling
/// budget of the account, so a stolen session cannot guess it faster than a login could);
/// every session signed in before now ends (the caller signs its own in again). Returns when.
pub async fn change(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    hasher: &Hasher,
    account: Uuid,
    address: &str,
    current: String,
    new_password: String,
) -> Result<DateTime<Utc>, PasswordError> {
    verify_current(pool, policy, hasher, account, address, current).await?;
    let hash = hasher.hash(new_password).await?;
    let mut tx = pool.begin().await?;
    let role = set_password(&mut tx, account, &hash).await?;
    audit::record(
        &mut tx,
        &Entry::account(account, &role, actions::PASSWORD_CHANGE),
    )
    .await?;
    let (at,): (DateTime<Utc>,) =
        sqlx::query_as("select sessions_valid_from from accounts where id = $1")
            .bind(account)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(at)
}

/// Checks the account's current password, with the login's throttling budget of the account
/// (a stolen session cannot guess it faster than a login could).
pub async fn verify_current(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    hasher: &Hasher,
    account: Uuid,
    address: &str,
    current: String,
) -> Result<(), PasswordError> {
    let stored: Option<(String,)> =
        sqlx::query_as("select password_hash from accounts where id = $1 and not disabled")
            .bind(account)
            .fetch_optional(pool)
            .await?;
    let Some((stored,)) = stored else {
        return Err(PasswordError::WrongCurrentPassword);
    };
    let attempt =
        match throttle::reserve(pool, policy, &format!("account:{account}"), address).await? {
            Ok(attempt) => attempt,
            Err(seconds) => return Err(PasswordError::Throttled { seconds }),
        };
    let verified = match hasher.verify(current, Some(stored)).await {
        Ok(verified) => verified,
        Err(error) => {
            throttle::release(pool, attempt).await?;
            return Err(error.into());
        }
    };
    if !verified {
        throttle::failed(pool, attempt).await?;
        return Err(PasswordError::WrongCurrentPassword);
    }
    throttle::succeeded(pool, attempt).await?;
    Ok(())
}

/// Stores the hash and ends the sessions signed in before now; returns the account's role.
async fn set_password(
    conn: &mut sqlx::PgConnection,
    account: Uuid,
    hash: &str,
) -> Result<String, sqlx::Error> {
    let (role,): (String,) = sqlx::query_as(
        "update accounts set password_hash = $2, sessions_valid_from = clock_timestamp()
         where id = $1 returning role",
    )
    .bind(account)
    .bind(hash)
    .fetch_one(&mut *conn)
    .await?;
    Ok(role)
}

fn refusal(verdict: Verdict) -> PasswordError {
    // An accepted verdict is not a refusal; kept total.
    codes::refusal_of(verdict)
        .unwrap_or(codes::CodeRefusal::Wrong { tries_left: 0 })
        .into()
}
