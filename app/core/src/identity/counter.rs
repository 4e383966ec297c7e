//! The counter check (L3): department staff check a person's identity document in person and
//! raise the account that holds both its ID number and the person's mobile to level 3. When an
//! account with another mobile holds the ID number, and the person says it is not theirs, the
//! person reclaims the identity: that account is frozen, its holder told, and the ID number is
//! free for the person's own registration. Both audited with the staff member as actor.
use crate::audit::{self, actions, Entry};
use crate::error::InternalError;
use portal_types::actors::Clerk;
use portal_types::domain::registration::counter_form::CounterCheck;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum CounterError {
    /// No active account has this ID number with this mobile.
    #[error("no account with this ID number and mobile")]
    NoSuchAccount,
    /// An active account with another mobile holds the ID number (the person may reclaim it).
    #[error("another account holds this ID number")]
    HeldByAnother,
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
    let account: Option<(Uuid, Uuid)> = sqlx::query_as(
        "update people p
            set real_name_level = 3, level_source = 'counter', level_set_at = now()
           from accounts a
          where a.person_id = p.id and not a.disabled
            and p.id_number = $1 and p.mobile = $2
         returning a.id, p.id",
    )
    .bind(check.id_number.as_str())
    .bind(check.mobile.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((account, person)) = account else {
        return Err(match holder_with_another_mobile(&mut tx, check).await? {
            Some(_) => CounterError::HeldByAnother,
            None => CounterError::NoSuchAccount,
        });
    };
    // Certificates kept back for want of a level are issued now.
    crate::certificates::withheld::release(&mut tx, person).await?;
    record(&mut tx, staff, actions::COUNTER_CHECK, account, check).await?;
    tx.commit().await?;
    Ok(account)
}

/// The active account holding `check`'s ID number under another mobile: (account, person,
/// mobile), locked.
async fn holder_with_another_mobile(
    conn: &mut PgConnection,
    check: &CounterCheck,
) -> Result<Option<(Uuid, Uuid, String)>, sqlx::Error> {
    sqlx::query_as(
        "select a.id, p.id, p.mobile from people p join accounts a on a.person_id = p.id
         where p.id_number = $1 and p.mobile <> $2 and p.reclaimed_at is null and not a.disabled
         for update of p, a",
    )
    .bind(check.id_number.as_str())
    .bind(check.mobile.as_str())
    .fetch_optional(conn)
    .await
}

/// The person in front of `staff` reclaims their ID number from the account holding it under
/// another mobile: that account is frozen (its sessions end with it), its person row marked
/// reclaimed (which frees the number), and its holder told by text message. Returns the
/// frozen account.
pub async fn reclaim(
    pool: &PgPool,
    staff: &Clerk,
    check: &CounterCheck,
) -> Result<Uuid, CounterError> {
    let mut tx = pool.begin().await?;
    let Some((account, person, mobile)) = holder_with_another_mobile(&mut tx, check).await? else {
        return Err(CounterError::NoSuchAccount);
    };
    sqlx::query("update people set reclaimed_at = now() where id = $1")
        .bind(person)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update accounts set disabled = true, sessions_valid_from = now() where id = $1")
        .bind(account)
        .execute(&mut *tx)
        .await?;
    let locale: Option<String> = sqlx::query_scalar("select locale from accounts where id = $1")
        .bind(account)
        .fetch_one(&mut *tx)
        .await?;
    crate::sms_outbox::queue(
        &mut tx,
        &mobile,
        locale.as_deref().unwrap_or("zh-CN"),
        RECLAIMED_TEMPLATE,
        serde_json::json!({}),
        RECLAIMED_MESSAGE_VALID_SECS,
    )
    .await?;
    record(&mut tx, staff, actions::IDENTITY_RECLAIMED, account, check).await?;
    tx.commit().await?;
    Ok(account)
}

/// The text message telling a frozen account's holder why.
pub const RECLAIMED_TEMPLATE: &str = "identity_reclaimed";
/// Worth sending for a day (the gateway may be down a while).
const RECLAIMED_MESSAGE_VALID_SECS: i64 = 24 * 60 * 60;

/// The audit row of a counter decision about `account`, with the staff member as actor.
async fn record(
    conn: &mut PgConnection,
    staff: &Clerk,
    action: &str,
    account: Uuid,
    check: &CounterCheck,
) -> Result<(), sqlx::Error> {
    let entry = Entry::staff_list(staff.account_id, staff.role, &staff.department, action)
        .with("account", account.to_string().into())
        .with("id_number", check.id_number.masked().into());
    audit::record(conn, &entry).await?;
    Ok(())
}
