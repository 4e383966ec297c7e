//! An enterprise's admin invites and revokes agents; an invited citizen accepts.
use super::{account_email, see_other};
use crate::web::forms::read_answers;
use crate::web::locale::request_locale;
use crate::web::{auth, errors, render};
use app::core::enterprises::{accept_invitation, invite_agent, revoke_agent, AgentError};
use app::domain::registration::AgentInvitation;
use app::i18n::Locale;
use app::page_context::{FieldError, FormEcho};
use app::pages::account::invite_form;
use app::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use uuid::Uuid;

fn login_first() -> Response {
    see_other("/login?next=/account")
}

fn refusal(locale: Locale, error: AgentError) -> Response {
    match error {
        AgentError::Internal(error) => errors::internal(locale, &error),
        // Not an admin of that enterprise (or no such enterprise): the same answer.
        AgentError::NotAdmin => errors::forbidden(locale),
        // The state changed meanwhile (accepted, revoked) or the last admin would go.
        AgentError::NoInvitation
        | AgentError::LastAdmin
        | AgentError::NoSuchPerson
        | AgentError::AlreadyAgent => see_other("/account?notice=notice-agent-unchanged"),
    }
}

/// Posted to `/account` itself, so that a refusal re-renders the page at its own URL.
/// The page's other form (the contact e-mail, `form=email`) is posted there too.
pub async fn invite(State(state): State<AppState>, request: Request) -> Response {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let Some(user) = auth::user(&parts) else {
        return login_first();
    };
    let answers = match read_answers(body, locale).await {
        Ok(answers) => answers,
        Err(response) => return response,
    };
    if account_email::is_email_form(&answers) {
        return account_email::save(&state, parts, locale, user, answers).await;
    }
    let Some(enterprise_id) = answers
        .get("enterprise_id")
        .and_then(|id| Uuid::parse_str(id).ok())
    else {
        return errors::bad_request(locale);
    };
    let form = invite_form(&enterprise_id);
    let invitation = match AgentInvitation::parse(&answers) {
        Ok(invitation) => invitation,
        Err(errors) => {
            return render::refused(&state, parts, FormEcho::new(&form, answers, errors)).await
        }
    };
    match invite_agent(&state.pool, user.account_id, enterprise_id, &invitation).await {
        Ok(()) => see_other("/account?notice=notice-agent-invited"),
        Err(AgentError::NoSuchPerson) => {
            let errors = vec![FieldError::form("agent-no-such-person")];
            render::refused(&state, parts, FormEcho::new(&form, answers, errors)).await
        }
        Err(AgentError::AlreadyAgent) => {
            let errors = vec![FieldError::form("agent-already")];
            render::refused(&state, parts, FormEcho::new(&form, answers, errors)).await
        }
        Err(error) => refusal(locale, error),
    }
}

pub async fn accept(
    State(state): State<AppState>,
    Path(enterprise_id): Path<Uuid>,
    request: Request,
) -> Response {
    let locale = request_locale(request.headers());
    let (parts, _body) = request.into_parts();
    let Some(user) = auth::user(&parts) else {
        return login_first();
    };
    match accept_invitation(&state.pool, user.account_id, enterprise_id).await {
        Ok(()) => see_other("/account?notice=notice-agent-accepted"),
        Err(error) => refusal(locale, error),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    Path((enterprise_id, agent_id)): Path<(Uuid, Uuid)>,
    request: Request,
) -> Response {
    let locale = request_locale(request.headers());
    let (parts, _body) = request.into_parts();
    let Some(user) = auth::user(&parts) else {
        return login_first();
    };
    match revoke_agent(&state.pool, user.account_id, enterprise_id, agent_id).await {
        Ok(()) => see_other("/account?notice=notice-agent-revoked"),
        Err(error) => refusal(locale, error),
    }
}
