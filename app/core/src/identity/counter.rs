//! The counter check (L3): department staff check a person's identity document in person and
//! raise the account that holds both its ID number and the person's mobile to level 3. Audited
//! with the staff member as actor.
use crate::audit::{self, actions, Entry};
use crate::error::InternalError;
use portal_types::actors::Clerk;
use portal_types::domain::registration::counter_form::CounterCheck;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum CounterError {
    /// No active account has this ID number with this mobile.
    #[error("no account with this ID number and mobile")]
    NoSuchAccount,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for CounterError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

/// Raises the account of `check` to level 3; returns the account.
pub async fn confirm_in_person(
    pool: &PgPool,
    staff: &Clerk,
    check: &CounterCheck,
) -> Result<Uuid, CounterError> {
    let mut tx = pool.begin().await?;
    let account: Option<(Uuid,)> = sqlx::query_as(
        "update people p
            set real_name_level = 3, level_source = 'counter', level_set_at = now()
           from accounts a
          where a.person_id = p.id and not a.disabled
            and p.id_number = $1 and p.mobile = $2
         returning a.id",
    )
    .bind(check.id_number.as_str())
    .bind(check.mobile.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((account,)) = account else {
        return Err(CounterError::NoSuchAccount);
    };
    audit::record(
        &mut tx,
        &Entry::staff_list(
            staff.account_id,
            staff.role,
            &staff.department,
            actions::COUNTER_CHECK,
        )
        .with("account", account.to_string().into())
        .with("id_number", check.id_number.masked().into()),
    )
    .await?;
    tx.commit().await?;
    Ok(account)
}
