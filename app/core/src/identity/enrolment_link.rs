//! One-time enrolment links: a new member of staff chooses their own password through a link
//! the operator hands over (the operator never chooses or knows it), then enrols their second
//! factor. A link works once, for three days; only its SHA-256 is stored.
use crate::error::InternalError;
use crate::passwords::{HashError, Hasher};
use sha2::{Digest, Sha256};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// How long a link works.
pub const VALID_HOURS: i32 = 72;

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Issues a link for `account_id` (any earlier unused link of the account stops working) and
/// returns its token: 32 random bytes in hex.
pub async fn issue(
    tx: &mut Transaction<'_, Postgres>,
    account_id: Uuid,
    created_by: Option<Uuid>,
) -> Result<String, InternalError> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    sqlx::query(
        "update enrolment_links set used_at = now() where account_id = $1 and used_at is null",
    )
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into enrolment_links (token_hash, account_id, created_by, expires_at)
         values ($1, $2, $3, now() + make_interval(hours => $4))",
    )
    .bind(token_hash(&token))
    .bind(account_id)
    .bind(created_by)
    .bind(VALID_HOURS)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The account a link enrols, while the link works: its username.
pub async fn holder(pool: &PgPool, token: &str) -> Result<Option<String>, InternalError> {
    if token.len() > 128 {
        return Ok(None);
    }
    Ok(sqlx::query_scalar(
        "select a.username from enrolment_links l join accounts a on a.id = l.account_id
         where l.token_hash = $1 and l.used_at is null and l.expires_at > now()
           and not a.disabled",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await?
    .flatten())
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Used, expired, replaced or never issued: the same answer for all.
    #[error("link not valid")]
    NotValid,
    #[error("hashing busy")]
    Busy,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for LinkError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

/// Spends the link: the account's password becomes `password`. Returns the account and its
/// role. Audited; a second use of the same link (a double click) finds it spent.
pub async fn redeem(
    pool: &PgPool,
    hasher: &Hasher,
    token: &str,
    password: &str,
) -> Result<(Uuid, String), LinkError> {
    if holder(pool, token).await?.is_none() {
        return Err(LinkError::NotValid);
    }
    let hash = match hasher.hash(password.to_string()).await {
        Ok(hash) => hash,
        Err(HashError::Busy) => return Err(LinkError::Busy),
        Err(HashError::Internal(error)) => return Err(error.into()),
    };
    let mut tx = pool.begin().await?;
    let spent: Option<(Uuid, String)> = sqlx::query_as(
        "update enrolment_links l set used_at = now() from accounts a
         where l.token_hash = $1 and l.used_at is null and l.expires_at > now()
           and a.id = l.account_id and not a.disabled
         returning a.id, a.role",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((account_id, role)) = spent else {
        return Err(LinkError::NotValid);
    };
    sqlx::query("update accounts set password_hash = $2 where id = $1")
        .bind(account_id)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
    let entry = crate::audit::Entry::account(
        account_id,
        &role,
        crate::audit::actions::ENROLMENT_LINK_USED,
    );
    crate::audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok((account_id, role))
}
