//! Registering a citizen account: first a code is sent to the mobile (whoever asks, whether or
//! not the mobile, ID number or anything else is registered already, so the answer tells
//! nothing), then the form comes back with it. Only once the code is accepted may the portal
//! say that a number is taken: the person has shown the mobile is theirs.
use super::codes::{self, CodeRefusal, Recipient, Redeemed, Requested};
use super::one_time_code::Purpose;
use crate::accounts::{check_person_free, identity_level, insert_citizen, RegistrationError};
use crate::audit::{self, actions, Entry};
use crate::error::InternalError;
use crate::passwords::Hasher;
use portal_types::domain::registration::CitizenRegistrationForm;
use sqlx::PgPool;
use uuid::Uuid;

/// Sends a registration code to `mobile` (in `locale`): the same for every mobile.
pub async fn request_code(
    pool: &PgPool,
    secret: &[u8],
    mobile: &str,
    locale: &str,
) -> Result<Requested, InternalError> {
    let mut tx = pool.begin().await?;
    let requested = codes::request(
        &mut tx,
        secret,
        Purpose::Registration,
        mobile,
        Recipient::Holder,
        locale,
    )
    .await?;
    tx.commit().await?;
    Ok(requested)
}

/// Registers the citizen of `form` once its code is accepted: account and person in the
/// transaction that uses the code up, with an audit row. A wrong try counts (is committed); a
/// taken ID number or mobile is said only after the code was accepted, and uses it up; when no
/// hashing slot comes free nothing is committed, so the code stays good for another try.
pub async fn register_with_code(
    pool: &PgPool,
    hasher: &Hasher,
    secret: &[u8],
    form: &CitizenRegistrationForm,
) -> Result<Uuid, RegistrationError> {
    let reg = &form.registration;
    let mut tx = pool.begin().await?;
    let redeemed = codes::redeem(
        &mut tx,
        secret,
        Purpose::Registration,
        reg.mobile.as_str(),
        &form.code,
    )
    .await?;
    match redeemed {
        Redeemed::Accepted { .. } => {}
        Redeemed::NoCode => return Err(CodeRefusal::NoCode.into()),
        Redeemed::Refused(verdict) => {
            tx.commit().await?;
            return Err(codes::refusal_of(verdict)
                .unwrap_or(CodeRefusal::Wrong { tries_left: 0 })
                .into());
        }
    }
    // A taken number, or one the population register knows otherwise: said now that the
    // mobile is proven, and the code is used up.
    let checked = match check_person_free(&mut tx, reg).await {
        Ok(()) => identity_level(&mut tx, reg).await,
        Err(error) => Err(error),
    };
    let (level, source) = match checked {
        Ok(level) => level,
        Err(refusal @ (RegistrationError::Taken { .. } | RegistrationError::Identity(_))) => {
            tx.commit().await?;
            return Err(refusal);
        }
        Err(error) => return Err(error),
    };
    let hash = hasher.hash(reg.password.expose().to_string()).await?;
    let account_id = insert_citizen(&mut tx, reg, &hash, level, source).await?;
    crate::enterprises::deliver_waiting_invitations(
        &mut tx,
        account_id,
        reg.mobile.as_str(),
        reg.id_number.as_str(),
    )
    .await?;
    audit::record(
        &mut tx,
        &Entry::account(account_id, "citizen", actions::REGISTERED)
            .with("real_name_level", level.number().into())
            .with("level_source", source.as_str().into()),
    )
    .await?;
    tx.commit().await?;
    Ok(account_id)
}
