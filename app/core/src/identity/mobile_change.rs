//! A citizen moves their account to a new mobile: a code sent to the new number proves they
//! hold it, and their current password that the session is theirs. The old number is told by
//! text message. Whether the new number belongs to another account is said only once the code
//! was given right (as at registration), so the form tells nobody who uses which number.
use super::codes::{self, Redeemed};
use super::one_time_code::Purpose;
use super::password_change::{verify_current, PasswordError};
use crate::audit::{self, actions, Entry};
use crate::error::{unique_violation, InternalError};
use crate::passwords::Hasher;
use crate::throttle::ThrottlePolicy;
use sqlx::PgPool;
use uuid::Uuid;

/// The text message the old number gets.
pub const CHANGED_TEMPLATE: &str = "mobile_changed";

#[derive(Debug, thiserror::Error)]
pub enum MobileError {
    /// The account's mobile already is this number.
    #[error("the same mobile")]
    Unchanged,
    /// Another account uses the number (said only after its code was given right).
    #[error("taken")]
    Taken,
    /// The code, or the current password, was refused.
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for MobileError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl From<codes::CodeRefusal> for MobileError {
    fn from(refusal: codes::CodeRefusal) -> Self {
        Self::Password(refusal.into())
    }
}

async fn current_mobile(pool: &PgPool, account: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select p.mobile from accounts a join people p on p.id = a.person_id
         where a.id = $1 and not a.disabled",
    )
    .bind(account)
    .fetch_optional(pool)
    .await
}

/// Sends a code to `new_mobile` for `account`'s change.
pub async fn request(
    pool: &PgPool,
    secret: &[u8],
    account: Uuid,
    new_mobile: &str,
    locale: &str,
) -> Result<codes::Requested, MobileError> {
    if current_mobile(pool, account).await?.as_deref() == Some(new_mobile) {
        return Err(MobileError::Unchanged);
    }
    let mut tx = pool.begin().await?;
    let requested = codes::request(
        &mut tx,
        secret,
        Purpose::MobileChange,
        new_mobile,
        codes::Recipient::Account(account),
        locale,
    )
    .await?;
    tx.commit().await?;
    Ok(requested)
}

/// Moves `account` to `new_mobile` once its code and the current password are right; the old
/// number is told. Audited. A wrong code's try counts even though the change is refused.
#[allow(clippy::too_many_arguments)]
pub async fn confirm(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    hasher: &Hasher,
    secret: &[u8],
    account: Uuid,
    address: &str,
    new_mobile: &str,
    code: &str,
    current_password: String,
    locale: &str,
) -> Result<(), MobileError> {
    verify_current(pool, policy, hasher, account, address, current_password).await?;
    let mut tx = pool.begin().await?;
    match codes::redeem(&mut tx, secret, Purpose::MobileChange, new_mobile, code).await? {
        Redeemed::Accepted {
            account: Some(for_account),
        } if for_account == account => {}
        // Asked by another account for the same number: not this account's code.
        Redeemed::Accepted { .. } => {
            tx.rollback().await?;
            return Err(codes::CodeRefusal::Wrong { tries_left: 0 }.into());
        }
        Redeemed::NoCode => return Err(codes::CodeRefusal::NoCode.into()),
        Redeemed::Refused(verdict) => {
            tx.commit().await?;
            let refusal =
                codes::refusal_of(verdict).unwrap_or(codes::CodeRefusal::Wrong { tries_left: 0 });
            return Err(refusal.into());
        }
    }
    let moved: Result<Option<(String, String)>, sqlx::Error> = sqlx::query_as(
        "update people p set mobile = $2 from accounts a, people before
         where a.id = $1 and p.id = a.person_id and before.id = p.id
         returning before.mobile, a.role",
    )
    .bind(account)
    .bind(new_mobile)
    .fetch_optional(&mut *tx)
    .await;
    let (old_mobile, role) = match moved {
        Ok(Some(row)) => row,
        Ok(None) => return Err(MobileError::Unchanged),
        Err(error) if unique_violation(&error).is_some() => {
            // The code was right, so the holder may know: the number has an account already.
            return Err(MobileError::Taken);
        }
        Err(error) => return Err(error.into()),
    };
    crate::sms_outbox::queue(
        &mut tx,
        &old_mobile,
        locale,
        CHANGED_TEMPLATE,
        serde_json::json!({}),
        24 * 3600,
    )
    .await?;
    audit::record(
        &mut tx,
        &Entry::account(account, &role, actions::MOBILE_CHANGED),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
