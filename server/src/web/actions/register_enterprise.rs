use super::login::refuse_with;
use super::register_citizen::{refusal, registration_refusal};
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult};
use crate::web::client_address::client_address;
use crate::web::{auth, csrf};
use app::core::enterprises::register_enterprise as register;
use app::domain::registration::EnterpriseRegistration;
use app::domain::roles::Role;
use app::page_context::FormEcho;
use app::pages::register::ENTERPRISE_FORM;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use std::net::SocketAddr;
use tower_sessions::Session;

/// Registers an enterprise. A logged-in citizen becomes its admin agent; otherwise the form
/// also registers the agent as a new citizen, who is then logged in.
pub async fn register_enterprise(
    State(state): State<AppState>,
    session: Session,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let user = auth::user(&parts);
    if user.as_ref().is_some_and(|u| u.role != Role::Citizen) {
        return Err(ActionError::Forbidden);
    }
    let address = client_address(&state, &parts.headers, peer);
    let answers = posted_answers(body).await?;
    let registration = match EnterpriseRegistration::parse(&answers, user.is_some()) {
        Ok(registration) => registration,
        Err(errors) => {
            return refuse(
                &state,
                parts,
                FormEcho::new(ENTERPRISE_FORM, answers, errors),
            )
            .await
        }
    };
    let (status, error) = match registration_refusal(&state, &address).await? {
        Some(refusal) => refusal,
        None => match register(
            &state.pool,
            &state.security.hasher,
            &registration,
            user.map(|u| u.account_id),
        )
        .await
        {
            Ok(registered) => {
                let mut response = see_other("/account?notice=notice-enterprise-registered");
                if registered.agent_is_new {
                    auth::log_in(&session, registered.agent_account_id).await?;
                    csrf::rotate(&mut response, state.security.secure_cookies);
                }
                return Ok(response);
            }
            Err(error) => refusal(error).map_err(ActionError::internal)?,
        },
    };
    let echo = FormEcho::new(ENTERPRISE_FORM, answers, vec![error]);
    refuse_with(&state, parts, echo, status).await
}
