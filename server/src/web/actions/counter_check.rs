//! Department staff raise an account to real-name level L3 after checking the person's identity
//! document at the counter (`POST /workbench/identity`), or, when the person's ID number is
//! held by an account that is not theirs and they say so, reclaim it.
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionResult, Caller};
use app::actors::Clerk;
use app::core::identity::counter::{confirm_in_person, reclaim, CounterError};
use app::domain::registration::counter_form::CounterCheck;
use app::page_context::{FieldError, FormEcho};
use app::pages::counter_check::{COUNTER_FORM, COUNTER_PATH};
use app::state::AppState;
use axum::extract::{Request, State};

pub async fn confirm(
    Caller(staff): Caller<Clerk>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let check = match CounterCheck::parse(&answers) {
        Ok(check) => check,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(COUNTER_FORM, answers, errors)).await
        }
    };
    let outcome = match confirm_in_person(&state.pool, &staff, &check).await {
        Err(CounterError::HeldByAnother) if check.reclaim => reclaim(&state.pool, &staff, &check)
            .await
            .map(|_| "notice-counter-reclaimed"),
        confirmed => confirmed.map(|_| "notice-counter-confirmed"),
    };
    let code = match outcome {
        Ok(notice) => return Ok(see_other(&format!("{COUNTER_PATH}?notice={notice}"))),
        Err(CounterError::NoSuchAccount) => "counter-no-account",
        Err(CounterError::HeldByAnother) => "counter-held-by-another",
        Err(CounterError::Internal(error)) => return Err(error.into()),
    };
    let echo = FormEcho::new(COUNTER_FORM, answers, vec![FieldError::form(code)]);
    refuse(&state, parts, echo).await
}
