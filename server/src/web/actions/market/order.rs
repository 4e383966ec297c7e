//! An enterprise's agent confirms an order (`POST /market/products/{id}/order`).
use super::refused;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use crate::web::actions::see_other;
use app::actors::Citizen;
use app::core::enterprises;
use app::core::market::orders;
use app::domain::market::forms::OrderForm;
use app::page_context::FormEcho;
use app::pages::market::order::ORDER_FORM;
use app::state::AppState;
use axum::extract::{Path, Request, State};
use uuid::Uuid;

pub async fn place(
    Caller(citizen): Caller<Citizen>,
    State(state): State<AppState>,
    Path(listing): Path<String>,
    request: Request,
) -> ActionResult {
    let listing = listing.parse::<Uuid>().map_err(|_| ActionError::NotFound)?;
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    // Only an active agent of the enterprise named may order for it (checked first: a
    // stranger learns nothing from the form's other errors).
    if let Some(enterprise) = answers
        .get("enterprise_id")
        .and_then(|e| e.parse::<Uuid>().ok())
    {
        enterprises::agent_of(&state.pool, citizen.account_id, enterprise)
            .await?
            .ok_or(ActionError::Forbidden)?;
    }
    let form = match OrderForm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(ORDER_FORM, answers, errors)).await
        }
    };
    // Only an active agent of the enterprise named may order for it.
    let agent = enterprises::agent_of(&state.pool, citizen.account_id, form.enterprise_id)
        .await?
        .ok_or(ActionError::Forbidden)?;
    match orders::place(&state.pool, &agent, listing, &form).await {
        Ok(id) => Ok(see_other(&format!(
            "/market/subscriptions/{id}?notice=notice-order-placed"
        ))),
        Err(error) => refused(&state, parts, ORDER_FORM, answers, error).await,
    }
}
