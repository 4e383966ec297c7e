//! Enterprises' agents (经办人): invitation, acceptance, revocation (registering an enterprise
//! is `enterprise_registration`; the account page's view of them is `account_overview`).
use super::error::InternalError;
use portal_types::actors::EnterpriseAgent;
use portal_types::domain::registration::AgentInvitation;
use sqlx::{PgConnection, PgPool};
use thiserror::Error;
use uuid::Uuid;

#[derive(Debug, Error)]
pub enum AgentError {
    /// The actor is not an active admin of this enterprise (or it does not exist).
    #[error("not an admin of this enterprise")]
    NotAdmin,
    #[error("already an agent")]
    AlreadyAgent,
    #[error("no pending invitation")]
    NoInvitation,
    /// An enterprise must keep at least one active admin.
    #[error("cannot revoke the last admin")]
    LastAdmin,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for AgentError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

/// The account as an active agent of the enterprise, or `None` when it is not one.
pub async fn agent_of(
    pool: &PgPool,
    account_id: Uuid,
    enterprise_id: Uuid,
) -> Result<Option<EnterpriseAgent>, InternalError> {
    let is_admin = sqlx::query_scalar!(
        "select is_admin from enterprise_agents
         where enterprise_id = $1 and account_id = $2 and status = 'active'",
        enterprise_id,
        account_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(is_admin.map(|is_admin| EnterpriseAgent {
        account_id,
        enterprise_id,
        is_admin,
    }))
}

fn ensure_admin(agent: &EnterpriseAgent) -> Result<(), AgentError> {
    if agent.is_admin {
        Ok(())
    } else {
        Err(AgentError::NotAdmin)
    }
}

/// An admin of the enterprise invites a person (by mobile and ID number) to act for it. The
/// answer is the same whether or not an account holds the pair: an invitation to a pair nobody
/// holds waits, and reaches the person who registers with it.
pub async fn invite_agent(
    pool: &PgPool,
    admin: &EnterpriseAgent,
    invitation: &AgentInvitation,
) -> Result<(), AgentError> {
    ensure_admin(admin)?;
    let (actor, enterprise_id) = (admin.account_id, admin.enterprise_id);
    let (mobile, id_number) = (invitation.mobile.as_str(), invitation.id_number.as_str());
    let invitee = sqlx::query_scalar!(
        "select a.id from accounts a join people p on p.id = a.person_id
         where p.mobile = $1 and p.id_number = $2 and not a.disabled",
        mobile,
        id_number
    )
    .fetch_optional(pool)
    .await?;
    let changed = match invitee {
        // A revoked agent may be invited again; an invited or active one may not.
        Some(invitee) => sqlx::query(
            "insert into enterprise_agents (enterprise_id, account_id, is_admin, status, invited_by)
             values ($1, $2, false, 'invited', $3)
             on conflict (enterprise_id, account_id) do update
               set status = 'invited', is_admin = false, invited_by = $3, changed_at = now()
               where enterprise_agents.status = 'revoked'",
        )
        .bind(enterprise_id)
        .bind(invitee)
        .bind(actor)
        .execute(pool)
        .await?
        .rows_affected(),
        None => sqlx::query(
            "insert into waiting_invitations (enterprise_id, mobile, id_number, invited_by)
             values ($1, $2, $3, $4) on conflict do nothing",
        )
        .bind(enterprise_id)
        .bind(mobile)
        .bind(id_number)
        .bind(actor)
        .execute(pool)
        .await?
        .rows_affected(),
    };
    if changed == 0 {
        Err(AgentError::AlreadyAgent)
    } else {
        Ok(())
    }
}

/// Turns the invitations waiting for a (mobile, ID number) pair into invitations of the
/// account just registered with it, in the registration's transaction.
pub async fn deliver_waiting_invitations(
    conn: &mut PgConnection,
    account_id: Uuid,
    mobile: &str,
    id_number: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "with delivered as (
             delete from waiting_invitations where mobile = $2 and id_number = $3
             returning enterprise_id, invited_by)
         insert into enterprise_agents (enterprise_id, account_id, is_admin, status, invited_by)
         select enterprise_id, $1, false, 'invited', invited_by from delivered
         on conflict (enterprise_id, account_id) do nothing",
    )
    .bind(account_id)
    .bind(mobile)
    .bind(id_number)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn accept_invitation(
    pool: &PgPool,
    actor: Uuid,
    enterprise_id: Uuid,
) -> Result<(), AgentError> {
    let changed = sqlx::query(
        "update enterprise_agents set status = 'active', changed_at = now(), accepted_at = now()
         where enterprise_id = $1 and account_id = $2 and status = 'invited'",
    )
    .bind(enterprise_id)
    .bind(actor)
    .execute(pool)
    .await?
    .rows_affected();
    if changed == 0 {
        Err(AgentError::NoInvitation)
    } else {
        Ok(())
    }
}

/// Revokes an agent (or withdraws an invitation). Locks the enterprise's agent rows so two
/// admins revoking each other at once cannot leave the enterprise without an admin.
pub async fn revoke_agent(
    pool: &PgPool,
    admin: &EnterpriseAgent,
    agent: Uuid,
) -> Result<(), AgentError> {
    ensure_admin(admin)?;
    let enterprise_id = admin.enterprise_id;
    let mut tx = pool.begin().await?;
    let rows = sqlx::query!(
        "select account_id, is_admin, status from enterprise_agents where enterprise_id = $1 for update",
        enterprise_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let Some(target) = rows
        .iter()
        .find(|r| r.account_id == agent && r.status != "revoked")
    else {
        // An invitation still waiting for its person to register is withdrawn.
        let withdrawn =
            sqlx::query("delete from waiting_invitations where id = $1 and enterprise_id = $2")
                .bind(agent)
                .bind(enterprise_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        tx.commit().await?;
        return if withdrawn == 0 {
            Err(AgentError::NoInvitation)
        } else {
            Ok(())
        };
    };
    let active_admins = rows
        .iter()
        .filter(|r| r.is_admin && r.status == "active")
        .count();
    if target.is_admin && target.status == "active" && active_admins <= 1 {
        return Err(AgentError::LastAdmin);
    }
    sqlx::query!(
        "update enterprise_agents set status = 'revoked', changed_at = now()
         where enterprise_id = $1 and account_id = $2",
        enterprise_id,
        agent
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
