//! The operator retries or abandons a dead-lettered delivery (`POST /admin/deliveries`).
use super::see_other;
use crate::web::forms::read_answers;
use crate::web::locale::request_locale;
use crate::web::{auth, errors};
use app::core::deliveries::{abandon, retry};
use app::domain::roles::Role;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;

pub async fn act(State(state): State<AppState>, request: Request) -> Response {
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
    let Ok(id) = get("id").trim().parse::<i64>() else {
        return errors::bad_request(locale);
    };
    let (result, notice) = match get("action") {
        "retry" => (retry(&state.pool, id).await, "notice-delivery-retried"),
        "abandon" => (abandon(&state.pool, id).await, "notice-delivery-abandoned"),
        _ => return errors::bad_request(locale),
    };
    match result {
        Ok(true) => see_other(&format!("/admin/deliveries?notice={notice}")),
        Ok(false) => see_other("/admin/deliveries?notice=notice-delivery-gone"),
        Err(error) => errors::internal(locale, &error),
    }
}
