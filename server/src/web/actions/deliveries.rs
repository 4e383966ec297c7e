//! The operator retries or abandons a dead-lettered delivery (`POST /admin/deliveries`): a
//! case's to a department system (`id=case:N`) or an operation for a vendor's (`operation:UUID`).
use super::see_other;
use crate::web::action::{posted_answers, ActionError, ActionResult, Caller};
use app::actors::Operator;
use app::api::deliveries::DeadLetterId;
use app::core::deliveries::{abandon, retry};
use app::state::AppState;
use axum::extract::{Request, State};

pub async fn act(
    Caller(operator): Caller<Operator>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let answers = posted_answers(request.into_body()).await?;
    let get = |k: &str| answers.get(k).map(String::as_str).unwrap_or_default();
    let id = DeadLetterId::parse(get("id")).ok_or(ActionError::BadRequest)?;
    let (found, notice) = match get("action") {
        "retry" => (
            retry(&state.pool, id, Some(operator.account_id)).await?,
            "notice-delivery-retried",
        ),
        "abandon" => (
            abandon(&state.pool, id, Some(operator.account_id)).await?,
            "notice-delivery-abandoned",
        ),
        _ => return Err(ActionError::BadRequest),
    };
    Ok(if found {
        see_other(&format!("/admin/deliveries?notice={notice}"))
    } else {
        see_other("/admin/deliveries?notice=notice-delivery-gone")
    })
}
