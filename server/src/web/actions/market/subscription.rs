//! A move on a subscription (`POST /market/subscriptions/{id}`): an enterprise admin approves
//! or declines, the orderer withdraws, the vendor reports provisioning, and so on.
use super::refused;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult};
use crate::web::actions::see_other;
use crate::web::auth;
use app::actors::{Actor, Operator, VendorMember};
use app::core::market::subscriptions::{make_move, MoveBy};
use app::domain::market::forms::parse_reason;
use app::domain::roles::Role;
use app::page_context::{FieldError, FormEcho};
use app::pages::market::subscription::MOVE_FORM;
use app::state::AppState;
use axum::extract::{Path, Request, State};
use uuid::Uuid;

pub async fn make(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> ActionResult {
    let id = id.parse::<Uuid>().map_err(|_| ActionError::NotFound)?;
    let (parts, body) = request.into_parts();
    let user = auth::user(&parts).ok_or_else(|| ActionError::SignIn {
        next: format!("/market/subscriptions/{id}"),
    })?;
    let by = match user.role {
        Role::Citizen => MoveBy::Account(user.account_id),
        Role::VendorAdmin | Role::VendorStaff => MoveBy::Vendor(
            VendorMember::from_user(Some(&user)).map_err(|_| ActionError::Forbidden)?,
        ),
        Role::Operator => MoveBy::Operator(
            Operator::from_user(Some(&user))
                .map_err(|_| ActionError::Forbidden)?
                .account_id,
        ),
        _ => return Err(ActionError::Forbidden),
    };
    let answers = posted_answers(body).await?;
    let kind = answers.get("move").cloned().unwrap_or_default();
    let generation = answers.get("generation").and_then(|g| g.parse::<i32>().ok());
    let reason = match parse_reason(answers.get("reason").map(String::as_str).unwrap_or(""), false) {
        Ok(reason) => reason,
        Err(key) => {
            let echo = FormEcho::new(MOVE_FORM, answers, vec![FieldError::new("reason", key)]);
            return refuse(&state, parts, echo).await;
        }
    };
    match make_move(&state.pool, by, id, &kind, reason.as_deref(), generation).await {
        Ok(_) => Ok(see_other(&format!(
            "/market/subscriptions/{id}?notice=notice-subscription-moved"
        ))),
        Err(error) => refused(&state, parts, MOVE_FORM, answers, error).await,
    }
}
