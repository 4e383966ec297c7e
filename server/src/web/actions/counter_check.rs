//! Department staff raise an account to real-name level L3 after checking the person's identity
//! document at the counter (`POST /workbench/identity`).
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionResult, Caller};
use app::actors::Clerk;
use app::core::identity::counter::{confirm_in_person, CounterError};
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
    match confirm_in_person(&state.pool, &staff, &check).await {
        Ok(_) => Ok(see_other(&format!(
            "{COUNTER_PATH}?notice=notice-counter-confirmed"
        ))),
        Err(CounterError::NoSuchAccount) => {
            let error = FieldError::form("counter-no-account");
            refuse(
                &state,
                parts,
                FormEcho::new(COUNTER_FORM, answers, vec![error]),
            )
            .await
        }
        Err(CounterError::Internal(error)) => Err(error.into()),
    }
}
