use super::login::refuse_with;
use super::register_citizen::{refusal, registration_refusal};
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult};
use crate::web::auth;
use crate::web::client_address::client_address;
use app::core::enterprise_registration::{register, Registered};
use app::domain::registration::EnterpriseRegistration;
use app::domain::roles::Role;
use app::page_context::FormEcho;
use app::pages::register::ENTERPRISE_FORM;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use std::net::SocketAddr;

/// Registers an enterprise, checked against the legal-entity register: the signed-in citizen
/// is its admin at once as its proven legal representative, else the registration waits for
/// the representative. Nobody signed in is sent to log in first (the agent's mobile is proven
/// at the agent's own registration).
pub async fn register_enterprise(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let user = auth::user(&parts).ok_or_else(|| ActionError::SignIn {
        next: "/register/enterprise".into(),
    })?;
    if user.role != Role::Citizen {
        return Err(ActionError::Forbidden);
    }
    let address = client_address(&state, &parts.headers, peer);
    let answers = posted_answers(body).await?;
    let registration = match EnterpriseRegistration::parse(&answers) {
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
        None => match register(&state.pool, &registration, user.account_id).await {
            Ok(Registered::Enterprise { .. }) => {
                return Ok(see_other("/account?notice=notice-enterprise-registered"))
            }
            Ok(Registered::Waiting { .. }) => {
                return Ok(see_other("/account?notice=notice-enterprise-waiting"))
            }
            Err(error) => refusal(error).map_err(ActionError::internal)?,
        },
    };
    let echo = FormEcho::new(ENTERPRISE_FORM, answers, vec![error]);
    refuse_with(&state, parts, echo, status).await
}
