//! The operator adds, changes or removes a calendar day (`POST /admin/calendar`).
use super::see_other;
use crate::web::forms::read_answers;
use crate::web::locale::request_locale;
use crate::web::{auth, errors, render};
use app::core::calendar_admin::{parse_entry, remove, save};
use app::domain::roles::Role;
use app::page_context::{FieldError, FormEcho};
use app::pages::calendar_admin::CALENDAR_FORM;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};

pub async fn edit(State(state): State<AppState>, request: Request) -> Response {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    if !auth::user(&parts).is_some_and(|u| u.role == Role::Operator) {
        return errors::forbidden(locale);
    }
    let answers = match read_answers(body, locale).await {
        Ok(answers) => answers,
        Err(response) => return response,
    };
    let get = |k: &str| answers.get(k).map(String::as_str).unwrap_or_default();
    if get("action") == "remove" {
        let Ok(day) = NaiveDate::parse_from_str(get("day"), "%Y-%m-%d") else {
            return errors::bad_request(locale);
        };
        return match remove(&state.pool, day).await {
            Ok(_) => see_other(&format!(
                "/admin/calendar?year={}&notice=notice-calendar-removed",
                day.year()
            )),
            Err(error) => errors::internal(locale, &error),
        };
    }
    match parse_entry(get("day"), get("kind"), get("note")) {
        Ok(entry) => match save(&state.pool, &entry).await {
            Ok(()) => see_other(&format!(
                "/admin/calendar?year={}&notice=notice-calendar-saved",
                entry.day.year()
            )),
            Err(error) => errors::internal(locale, &error),
        },
        Err(problems) => {
            let errors = problems
                .into_iter()
                .map(|(field, code)| FieldError::new(field, code))
                .collect();
            render::refused(&state, parts, FormEcho::new(CALENDAR_FORM, answers, errors)).await
        }
    }
}
