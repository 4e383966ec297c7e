//! The operator adds, changes or removes a calendar day (`POST /admin/calendar`).
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use app::actors::Operator;
use app::core::calendar_admin::{parse_entry, remove, save};
use app::page_context::{FieldError, FormEcho};
use app::pages::calendar_admin::CALENDAR_FORM;
use app::state::AppState;
use axum::extract::{Request, State};
use chrono::{Datelike, NaiveDate};

pub async fn edit(
    Caller(operator): Caller<Operator>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let get = |k: &str| answers.get(k).map(String::as_str).unwrap_or_default();
    if get("action") == "remove" {
        let day = NaiveDate::parse_from_str(get("day"), "%Y-%m-%d")
            .map_err(|_| ActionError::BadRequest)?;
        remove(&state.pool, day, Some(operator.account_id)).await?;
        return Ok(see_other(&format!(
            "/admin/calendar?year={}&notice=notice-calendar-removed",
            day.year()
        )));
    }
    match parse_entry(get("day"), get("kind"), get("note")) {
        Ok(entry) => {
            save(&state.pool, &entry, Some(operator.account_id)).await?;
            Ok(see_other(&format!(
                "/admin/calendar?year={}&notice=notice-calendar-saved",
                entry.day.year()
            )))
        }
        Err(problems) => {
            let errors = problems
                .into_iter()
                .map(|(field, code)| FieldError::new(field, code))
                .collect();
            let echo = FormEcho::new(CALENDAR_FORM, answers, errors);
            refuse(&state, parts, echo).await
        }
    }
}
