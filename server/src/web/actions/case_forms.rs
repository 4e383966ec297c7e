//! The forms of the case page, posted to the page's own URL (so a refusal re-renders it with
//! the answers kept): withdrawal before a decision, with a reason; the rating after one.
use super::see_other;
use crate::web::forms::read_answers;
use crate::web::locale::request_locale;
use crate::web::{auth, errors, render};
use app::core::cases::ratings::{self, RateOutcome};
use app::core::cases::{transition, Acting, CaseError};
use app::domain::case_lifecycle::{CaseAction, TransitionError};
use app::page_context::{FieldError, FormEcho};
use app::pages::case::{RATING_FORM, WITHDRAW_FORM};
use app::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use uuid::Uuid;

pub async fn case_form(
    State(state): State<AppState>,
    Path(case_id): Path<Uuid>,
    request: Request,
) -> Response {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let Some(user) = auth::user(&parts).filter(|u| !u.role.is_staff()) else {
        return see_other(&format!("/login?next=/cases/{case_id}"));
    };
    let answers = match read_answers(body, locale).await {
        Ok(answers) => answers,
        Err(response) => return response,
    };
    if answers.get("form").map(String::as_str) == Some(RATING_FORM) {
        return rate(&state, parts, case_id, user.account_id, answers).await;
    }
    let version = answers.get("version").and_then(|v| v.parse::<i32>().ok());
    let reason = answers
        .get("reason")
        .map(|r| r.trim().to_string())
        .unwrap_or_default();
    let action = CaseAction::Withdraw { reason };
    let acting = Acting::Applicant {
        account_id: user.account_id,
    };
    let result = async {
        let mut tx = state.pool.begin().await?;
        transition::apply(&mut tx, case_id, &acting, &action, version).await?;
        tx.commit().await?;
        Ok::<_, CaseError>(())
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/cases/{case_id}?notice=notice-case-withdrawn")),
        Err(CaseError::Transition(
            e @ (TransitionError::ReasonRequired { .. } | TransitionError::ReasonTooLong { .. }),
        )) => {
            let error = FieldError::new("reason", &format!("case-error-{}", e.code()));
            let error = match e {
                TransitionError::ReasonTooLong { max, .. } => error.with_arg("max", max),
                _ => error,
            };
            render::refused(
                &state,
                parts,
                FormEcho::new(WITHDRAW_FORM, answers, vec![error]),
            )
            .await
        }
        Err(CaseError::NotFound) => errors::not_found(locale),
        Err(CaseError::Stale | CaseError::Transition(_)) => errors::conflict(locale),
        Err(error) => errors::internal(locale, &error),
    }
}

async fn rate(
    state: &AppState,
    parts: http::request::Parts,
    case_id: Uuid,
    account_id: Uuid,
    answers: std::collections::BTreeMap<String, String>,
) -> Response {
    let locale = request_locale(&parts.headers);
    let score = answers.get("score").map(String::as_str).unwrap_or_default();
    let comment = answers
        .get("comment")
        .map(String::as_str)
        .unwrap_or_default();
    let refused = |field: &str, code: &str| FieldError::new(field, code);
    let (score, comment) = match ratings::parse(score, comment) {
        Ok(parsed) => parsed,
        Err(e) => {
            let field = if e == ratings::RatingError::CommentTooLong {
                "comment"
            } else {
                "score"
            };
            let echo = FormEcho::new(RATING_FORM, answers, vec![refused(field, e.code())]);
            return render::refused(state, parts, echo).await;
        }
    };
    match ratings::rate(&state.pool, account_id, case_id, score, &comment).await {
        Ok(RateOutcome::Rated) => see_other(&format!("/cases/{case_id}?notice=notice-rated")),
        Ok(RateOutcome::Refused(_)) => errors::conflict(locale),
        Err(CaseError::NotFound) => errors::not_found(locale),
        Err(error) => errors::internal(locale, &error),
    }
}
