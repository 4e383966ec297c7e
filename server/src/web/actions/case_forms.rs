//! The forms of the case page, posted to the page's own URL (so a refusal re-renders it with
//! the answers kept): withdrawal before a decision, with a reason; the rating after one.
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use app::actors::Citizen;
use app::core::cases::ratings::{self, RateOutcome};
use app::core::cases::{transition, Acting, CaseError};
use app::domain::case_lifecycle::{CaseAction, TransitionError};
use app::domain::registration::Answers;
use app::page_context::{FieldError, FormEcho};
use app::pages::case::{RATING_FORM, WITHDRAW_FORM};
use app::state::AppState;
use axum::extract::{Path, Request, State};
use http::request::Parts;
use uuid::Uuid;

pub async fn case_form(
    Caller(applicant): Caller<Citizen>,
    State(state): State<AppState>,
    Path(case_id): Path<Uuid>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    if answers.get("form").map(String::as_str) == Some(RATING_FORM) {
        return rate(&state, parts, case_id, applicant, answers).await;
    }
    let version = answers.get("version").and_then(|v| v.parse::<i32>().ok());
    let reason = answers
        .get("reason")
        .map(|r| r.trim().to_string())
        .unwrap_or_default();
    let action = CaseAction::Withdraw { reason };
    let acting = Acting::Applicant {
        account_id: applicant.account_id,
    };
    let result = async {
        let mut tx = state
            .pool
            .begin()
            .await
            .map_err(|e| CaseError::Internal(e.into()))?;
        transition::apply(&mut tx, case_id, &acting, &action, version).await?;
        tx.commit()
            .await
            .map_err(|e| CaseError::Internal(e.into()))?;
        Ok::<_, CaseError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/cases/{case_id}?notice=notice-case-withdrawn"
        ))),
        Err(CaseError::Transition(
            e @ (TransitionError::ReasonRequired { .. } | TransitionError::ReasonTooLong { .. }),
        )) => {
            let error = FieldError::new("reason", &format!("case-error-{}", e.code()));
            let error = match e {
                TransitionError::ReasonTooLong { max, .. } => error.with_arg("max", max),
                _ => error,
            };
            refuse(
                &state,
                parts,
                FormEcho::new(WITHDRAW_FORM, answers, vec![error]),
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

async fn rate(
    state: &AppState,
    parts: Parts,
    case_id: Uuid,
    applicant: Citizen,
    answers: Answers,
) -> ActionResult {
    let score = answers.get("score").map(String::as_str).unwrap_or_default();
    let comment = answers
        .get("comment")
        .map(String::as_str)
        .unwrap_or_default();
    let (score, comment) = match ratings::parse(score, comment) {
        Ok(parsed) => parsed,
        Err(e) => {
            let field = if e == ratings::RatingError::CommentTooLong {
                "comment"
            } else {
                "score"
            };
            let echo = FormEcho::new(RATING_FORM, answers, vec![FieldError::new(field, e.code())]);
            return refuse(state, parts, echo).await;
        }
    };
    match ratings::rate(&state.pool, applicant.account_id, case_id, score, &comment).await? {
        RateOutcome::Rated => Ok(see_other(&format!("/cases/{case_id}?notice=notice-rated"))),
        RateOutcome::Refused(_) => Err(ActionError::Conflict),
    }
}
