//! A legal representative confirms or declines an enterprise registration waiting for them.
//! Posted to `/account` (`form=registration-decision`), so that a refusal re-renders the
//! account page at its own URL.
use super::see_other;
use crate::web::action::{refuse, ActionError, ActionResult};
use app::core::enterprise_registration::{decide as decide_registration, DecisionError};
use app::domain::registration::entity_check::Answer;
use app::page_context::{FieldError, FormEcho};
use app::pages::account_registrations::decision_form;
use app::state::AppState;
use http::request::Parts;
use std::collections::BTreeMap;
use uuid::Uuid;

pub async fn decide(
    state: &AppState,
    parts: Parts,
    representative: Uuid,
    answers: BTreeMap<String, String>,
) -> ActionResult {
    let registration_id = answers
        .get("registration_id")
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or(ActionError::BadRequest)?;
    let field = |key: &str| answers.get(key).map(String::as_str).unwrap_or_default();
    let form = decision_form(&registration_id);
    let answer = match Answer::parse(field("decision"), field("reason")) {
        Ok(Some(answer)) => answer,
        Ok(None) => return Err(ActionError::BadRequest),
        Err(code) => {
            let echo = FormEcho::new(&form, answers, vec![FieldError::new("reason", code)]);
            return refuse(state, parts, echo).await;
        }
    };
    let notice = match answer {
        Answer::Confirm => "notice-registration-confirmed",
        Answer::Decline { .. } => "notice-registration-declined",
    };
    match decide_registration(&state.pool, representative, registration_id, &answer).await {
        Ok(()) => Ok(see_other(&format!("/account?notice={notice}"))),
        // Decided meanwhile, or not this account's to decide: nothing changed.
        Err(DecisionError::NotFound) => Err(ActionError::Refused(Box::new(see_other(
            "/account?notice=notice-registration-unchanged",
        )))),
        Err(DecisionError::NotActive) => {
            let echo = FormEcho::new(&form, answers, vec![FieldError::form("entity-not-active")]);
            refuse(state, parts, echo).await
        }
        Err(DecisionError::Internal(error)) => Err(ActionError::internal(error)),
    }
}
