//! A move on a subscription (`POST /market/subscriptions/{id}`): an enterprise admin approves
//! or declines, the orderer withdraws, the vendor reports provisioning, and so on.
use super::refused;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use crate::web::actions::see_other;
use crate::web::auth;
use app::actors::{Actor, Citizen, Operator, VendorMember};
use app::core::market::changes::change as change_plan;
use app::core::market::sso::open_tool;
use app::core::market::subscriptions::{make_move, MoveBy};
use app::core::market::MarketError;
use app::domain::market::forms::parse_reason;
use app::domain::market::forms::MAX_QUANTITY;
use app::domain::roles::Role;
use app::page_context::{FieldError, FormEcho};
use app::pages::market::subscription::{CHANGE_FORM, MOVE_FORM, RATE_FORM};
use app::state::AppState;
use axum::extract::{Path, Request, State};
use http::request::Parts;
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
    let generation = answers
        .get("generation")
        .and_then(|g| g.parse::<i32>().ok());
    let reason = match parse_reason(
        answers.get("reason").map(String::as_str).unwrap_or(""),
        false,
    ) {
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

/// A plan or seat change (`POST /market/subscriptions/{id}/change`) by an agent of the
/// enterprise: an upgrade applies at once, a downgrade at the renewal.
pub async fn change(
    Caller(citizen): Caller<Citizen>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> ActionResult {
    let id = id.parse::<Uuid>().map_err(|_| ActionError::NotFound)?;
    // Refused, the form is shown again on the subscription's page (its own path has none).
    let (parts, body) = request.into_parts();
    let parts = on_page(parts, id);
    let answers = posted_answers(body).await?;
    let plan = answers.get("plan").cloned().unwrap_or_default();
    let generation = answers
        .get("generation")
        .and_then(|g| g.parse::<i32>().ok());
    let Some(quantity) = answers
        .get("quantity")
        .and_then(|q| q.trim().parse::<i32>().ok())
        .filter(|q| (1..=MAX_QUANTITY).contains(q))
    else {
        let echo = FormEcho::new(
            CHANGE_FORM,
            answers,
            vec![FieldError::new("quantity", "market-problem-plan-seats")],
        );
        return refuse(&state, parts, echo).await;
    };
    match change_plan(
        &state.pool,
        citizen.account_id,
        id,
        &plan,
        quantity,
        generation,
    )
    .await
    {
        Ok(true) => Ok(see_other(&format!(
            "/market/subscriptions/{id}?notice=notice-plan-changed"
        ))),
        Ok(false) => Ok(see_other(&format!(
            "/market/subscriptions/{id}?notice=notice-plan-change-pending"
        ))),
        Err(error) => refused(&state, parts, CHANGE_FORM, answers, error).await,
    }
}

/// "Open" (`POST /market/subscriptions/{id}/open`): an agent of the enterprise goes to the
/// tool with a fresh single sign-on token (303 to the vendor's address).
pub async fn open(
    Caller(citizen): Caller<Citizen>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ActionResult {
    let id = id.parse::<Uuid>().map_err(|_| ActionError::NotFound)?;
    let now = chrono::Utc::now();
    match open_tool(
        &state.pool,
        &state.security.sso,
        citizen.account_id,
        id,
        now,
    )
    .await
    {
        Ok(url) => Ok(see_other(&url)),
        Err(MarketError::NotFound)
        | Err(MarketError::Refused(_))
        | Err(MarketError::Invalid(_)) => Err(ActionError::NotFound),
        Err(MarketError::Internal(e)) => Err(ActionError::internal(e)),
    }
}

/// An agent of the enterprise rates the subscription (`POST /market/subscriptions/{id}/rating`).
pub async fn rate(
    Caller(citizen): Caller<Citizen>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> ActionResult {
    let id = id.parse::<Uuid>().map_err(|_| ActionError::NotFound)?;
    // Refused, the form is shown again on the subscription's page (its own path has none).
    let (parts, body) = request.into_parts();
    let parts = on_page(parts, id);
    let answers = posted_answers(body).await?;
    let score = answers
        .get("score")
        .and_then(|s| s.parse::<i16>().ok())
        .unwrap_or(0);
    let comment = answers
        .get("comment")
        .map(|c| c.trim())
        .filter(|c| !c.is_empty());
    match app::core::market::ratings::rate(&state.pool, citizen.account_id, id, score, comment)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/market/subscriptions/{id}?notice=notice-subscription-rated"
        ))),
        Err(error) => refused(&state, parts, RATE_FORM, answers, error).await,
    }
}

/// The request as if made to the subscription's page, where a refused form is rendered again.
fn on_page(mut parts: Parts, id: Uuid) -> Parts {
    if let Ok(uri) = format!("/market/subscriptions/{id}").parse() {
        parts.uri = uri;
    }
    parts
}
