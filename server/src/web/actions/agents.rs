//! An enterprise's admin invites and revokes agents; an invited citizen accepts.
use super::{account_email, registration_decision, see_other};
use crate::web::action::{posted_answers, refuse, ActingFor, ActionError, ActionResult, Caller};
use app::actors::SignedIn;
use app::core::enterprises::{accept_invitation, agent_of, invite_agent, revoke_agent, AgentError};
use app::domain::registration::AgentInvitation;
use app::page_context::{FieldError, FormEcho};
use app::pages::account::invite_form;
use app::pages::account_registrations::DECISION_FORM;
use app::state::AppState;
use axum::extract::{Path, Request, State};
use uuid::Uuid;

/// Accepting and revoking post to their own URLs; the page to come back to is the account's.
fn sign_in_first() -> ActionError {
    ActionError::SignIn {
        next: "/account".into(),
    }
}

impl From<AgentError> for ActionError {
    fn from(error: AgentError) -> Self {
        match error {
            AgentError::Internal(error) => Self::internal(error),
            // Not an admin of that enterprise (or no such enterprise): the same answer.
            AgentError::NotAdmin => Self::Forbidden,
            // The state changed meanwhile (accepted, revoked) or the last admin would go: the
            // account page says nothing changed.
            AgentError::NoInvitation | AgentError::LastAdmin | AgentError::AlreadyAgent => {
                Self::Refused(Box::new(see_other(
                    "/account?notice=notice-agent-unchanged",
                )))
            }
        }
    }
}

/// Posted to `/account` itself, so that a refusal re-renders the page at its own URL.
/// The page's other forms (the contact e-mail, `form=email`; a legal representative's answer
/// to a registration, `form=registration-decision`) are posted there too.
pub async fn invite(
    Caller(user): Caller<SignedIn>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    if account_email::is_email_form(&answers) {
        return account_email::save(&state, parts, user.account_id, user.role, answers).await;
    }
    if answers.get("form").map(String::as_str) == Some(DECISION_FORM) {
        return registration_decision::decide(&state, parts, user.account_id, answers).await;
    }
    let enterprise_id = answers
        .get("enterprise_id")
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or(ActionError::BadRequest)?;
    let form = invite_form(&enterprise_id);
    let errors = match AgentInvitation::parse(&answers) {
        Err(errors) => errors,
        Ok(invitation) => {
            // Not an active admin of that enterprise (or no such enterprise): the same answer.
            let admin = agent_of(&state.pool, user.account_id, enterprise_id)
                .await?
                .ok_or(ActionError::Forbidden)?;
            match invite_agent(&state.pool, &admin, &invitation).await {
                Ok(()) => return Ok(see_other("/account?notice=notice-agent-invited")),
                Err(AgentError::AlreadyAgent) => vec![FieldError::form("agent-already")],
                Err(error) => return Err(error.into()),
            }
        }
    };
    refuse(&state, parts, FormEcho::new(&form, answers, errors)).await
}

pub async fn accept(
    user: Result<Caller<SignedIn>, ActionError>,
    State(state): State<AppState>,
    Path(enterprise_id): Path<Uuid>,
) -> ActionResult {
    let Caller(user) = user.map_err(|_| sign_in_first())?;
    accept_invitation(&state.pool, user.account_id, enterprise_id).await?;
    Ok(see_other("/account?notice=notice-agent-accepted"))
}

pub async fn revoke(
    ActingFor(admin): ActingFor,
    State(state): State<AppState>,
    Path((_, agent_id)): Path<(Uuid, Uuid)>,
) -> ActionResult {
    revoke_agent(&state.pool, &admin, agent_id).await?;
    Ok(see_other("/account?notice=notice-agent-revoked"))
}
