//! An enterprise applies to a voucher programme (`POST /market/vouchers/{id}/enrol`) with the
//! figures the national SME rules classify it by.
use super::refused;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use crate::web::actions::see_other;
use app::actors::Citizen;
use app::core::enterprises;
use app::core::market::vouchers;
use app::domain::market::sme::parse_declared;
use app::page_context::{FieldError, FormEcho};
use app::pages::market::mine::ENROL_FORM;
use app::state::AppState;
use axum::extract::{Path, Request, State};
use uuid::Uuid;

pub async fn enrol(
    Caller(citizen): Caller<Citizen>,
    State(state): State<AppState>,
    Path(programme): Path<String>,
    request: Request,
) -> ActionResult {
    let programme = programme
        .parse::<Uuid>()
        .map_err(|_| ActionError::NotFound)?;
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let enterprise = answers
        .get("enterprise_id")
        .and_then(|e| e.parse::<Uuid>().ok())
        .ok_or(ActionError::BadRequest)?;
    let agent = enterprises::agent_of(&state.pool, citizen.account_id, enterprise)
        .await?
        .ok_or(ActionError::Forbidden)?;
    let declared = match parse_declared(&answers) {
        Ok(declared) => declared,
        Err(problems) => {
            let errors = problems
                .into_iter()
                .map(|(field, key)| FieldError::new(&field, key))
                .collect();
            return refuse(&state, parts, FormEcho::new(ENROL_FORM, answers, errors)).await;
        }
    };
    match vouchers::enrol(&state.pool, &agent, programme, &declared).await {
        Ok(size) if size.is_sme() => Ok(see_other("/market/mine?notice=notice-enrolled")),
        Ok(_) => Ok(see_other("/market/mine?notice=notice-enrol-not-sme")),
        Err(error) => refused(&state, parts, ENROL_FORM, answers, error).await,
    }
}
