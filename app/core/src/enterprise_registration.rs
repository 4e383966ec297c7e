//! Registering an enterprise against the legal-entity register: its legal representative
//! (proven at level 2) registers it at once and becomes its admin; anyone else's registration
//! waits until the representative confirms it from their own account, or declines it. Each
//! step is audited in its own transaction.
use crate::accounts::RegistrationError;
use crate::audit::{self, actions, Entry};
use crate::error::InternalError;
use portal_types::domain::real_name::RealNameLevel;
use portal_types::domain::registration::entity_check::{
    check_registration, may_confirm, Answer, EntityRecord, EntityRefusal, Registrant,
    RegistrantIdentity,
};
use portal_types::domain::registration::EnterpriseRegistration;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// What registering did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registered {
    /// The enterprise exists, with the registrant as its admin.
    Enterprise { enterprise_id: Uuid },
    /// The registration waits for the legal representative.
    Waiting { registration_id: Uuid },
}

#[derive(sqlx::FromRow)]
struct HeldEntity {
    name: String,
    legal_rep_name: String,
    legal_rep_id_number: String,
    status: String,
}

impl HeldEntity {
    fn record(&self) -> EntityRecord<'_> {
        EntityRecord {
            name: &self.name,
            legal_rep_name: &self.legal_rep_name,
            legal_rep_id_number: &self.legal_rep_id_number,
            status: &self.status,
        }
    }
}

async fn held_entity(
    conn: &mut PgConnection,
    credit_code: &str,
) -> Result<Option<HeldEntity>, sqlx::Error> {
    sqlx::query_as(
        "select name, legal_rep_name, legal_rep_id_number, status from base_entities
         where credit_code = $1",
    )
    .bind(credit_code)
    .fetch_optional(conn)
    .await
}

/// The signed-in citizen's ID number and real-name level.
async fn identity_of(
    conn: &mut PgConnection,
    account_id: Uuid,
) -> Result<Option<(String, RealNameLevel)>, sqlx::Error> {
    let row: Option<(String, i16)> = sqlx::query_as(
        "select p.id_number, p.real_name_level from accounts a join people p on p.id = a.person_id
         where a.id = $1 and not a.disabled",
    )
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id, level)| (id, RealNameLevel::from_number(level))))
}

/// Creates the enterprise (as the register names it) with `admin` as its active admin, or
/// makes `admin` an active admin of it when it exists already.
async fn admit(
    conn: &mut PgConnection,
    credit_code: &str,
    entity: &HeldEntity,
    admin: Uuid,
) -> Result<Uuid, sqlx::Error> {
    let enterprise_id: Uuid = sqlx::query_scalar(
        "insert into enterprises (name, credit_code, legal_rep) values ($1, $2, $3)
         on conflict (credit_code) do update set credit_code = excluded.credit_code
         returning id",
    )
    .bind(&entity.name)
    .bind(credit_code)
    .bind(&entity.legal_rep_name)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "insert into enterprise_agents (enterprise_id, account_id, is_admin, status, accepted_at)
         values ($1, $2, true, 'active', now())
         on conflict (enterprise_id, account_id) do update
           set is_admin = true, status = 'active', accepted_at = now(), changed_at = now()",
    )
    .bind(enterprise_id)
    .bind(admin)
    .execute(&mut *conn)
    .await?;
    Ok(enterprise_id)
}

/// Registers `reg` for the signed-in citizen `registrant`, checked against the register.
pub async fn register(
    pool: &PgPool,
    reg: &EnterpriseRegistration,
    registrant: Uuid,
) -> Result<Registered, RegistrationError> {
    let credit_code = reg.credit_code.as_str();
    let mut tx = pool.begin().await?;
    // Nothing in the register: refused before anything else is looked at.
    let Some(entity) = held_entity(&mut tx, credit_code).await? else {
        return Err(RegistrationError::Entity(EntityRefusal::NotInRegister));
    };
    // The caller is a signed-in citizen; an account gone meanwhile is an internal error.
    let (id_number, level) = identity_of(&mut tx, registrant)
        .await?
        .ok_or_else(|| RegistrationError::from(sqlx::Error::RowNotFound))?;
    let who = RegistrantIdentity {
        id_number: &id_number,
        level,
    };
    let role = check_registration(
        reg.name.as_str(),
        reg.legal_rep.as_str(),
        Some(entity.record()),
        who,
    )
    .map_err(RegistrationError::Entity)?;
    let registered: bool =
        sqlx::query_scalar("select exists (select 1 from enterprises where credit_code = $1)")
            .bind(credit_code)
            .fetch_one(&mut *tx)
            .await?;
    if registered {
        return Err(RegistrationError::Taken {
            field: "credit_code",
            code: "credit-code-taken",
        });
    }
    let outcome = match role {
        Registrant::LegalRepresentative => {
            let enterprise_id = admit(&mut tx, credit_code, &entity, registrant).await?;
            audit::record(
                &mut tx,
                &Entry::account(registrant, "citizen", actions::ENTERPRISE_REGISTERED)
                    .with("enterprise", enterprise_id.to_string().into()),
            )
            .await?;
            Registered::Enterprise { enterprise_id }
        }
        Registrant::Other => {
            let registration_id: Uuid = sqlx::query_scalar(
                "insert into enterprise_registrations
                     (credit_code, enterprise_name, registrant_account_id)
                 values ($1, $2, $3)
                 on conflict (credit_code, registrant_account_id) where status = 'waiting'
                 do update set enterprise_name = excluded.enterprise_name
                 returning id",
            )
            .bind(credit_code)
            .bind(&entity.name)
            .bind(registrant)
            .fetch_one(&mut *tx)
            .await?;
            audit::record(
                &mut tx,
                &Entry::account(registrant, "citizen", actions::ENTERPRISE_REQUESTED)
                    .with("registration", registration_id.to_string().into()),
            )
            .await?;
            Registered::Waiting { registration_id }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    /// No waiting registration of an entity this account represents (the same answer for one
    /// that does not exist, was decided, or is someone else's to decide).
    #[error("no such registration to decide")]
    NotFound,
    /// The entity is no longer active in the register.
    #[error("the entity is no longer active")]
    NotActive,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for DecisionError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

/// `representative` confirms or declines the waiting registration `registration_id`.
pub async fn decide(
    pool: &PgPool,
    representative: Uuid,
    registration_id: Uuid,
    answer: &Answer,
) -> Result<(), DecisionError> {
    let mut tx = pool.begin().await?;
    let waiting: Option<(String, Uuid)> = sqlx::query_as(
        "select credit_code, registrant_account_id from enterprise_registrations
         where id = $1 and status = 'waiting' for update",
    )
    .bind(registration_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (credit_code, registrant) = waiting.ok_or(DecisionError::NotFound)?;
    let entity = held_entity(&mut tx, &credit_code)
        .await?
        .ok_or(DecisionError::NotFound)?;
    let (id_number, level) = identity_of(&mut tx, representative)
        .await?
        .ok_or(DecisionError::NotFound)?;
    if !may_confirm(
        entity.record(),
        RegistrantIdentity {
            id_number: &id_number,
            level,
        },
    ) {
        return Err(DecisionError::NotFound);
    }
    let (status, reason, action) = match answer {
        Answer::Confirm => {
            if entity.status != "active" {
                return Err(DecisionError::NotActive);
            }
            admit(&mut tx, &credit_code, &entity, registrant).await?;
            ("confirmed", "", actions::ENTERPRISE_CONFIRMED)
        }
        Answer::Decline { reason } => ("declined", reason.as_str(), actions::ENTERPRISE_DECLINED),
    };
    sqlx::query(
        "update enterprise_registrations
            set status = $2, reason = $3, decided_at = now(), decided_by = $4
          where id = $1",
    )
    .bind(registration_id)
    .bind(status)
    .bind(reason)
    .bind(representative)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &Entry::account(representative, "citizen", action)
            .with("registration", registration_id.to_string().into()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
