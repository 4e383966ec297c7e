//! "回复并关闭" on the supervisor dashboard (`POST /workbench/supervision`): a supervisor
//! answers an open follow-up of a bad rating of their own department's case, which closes it.
//! An empty (or too long) response re-renders the page with the error (422); a follow-up that
//! is not open in the supervisor's department is a 404.
use super::see_other;
use crate::web::forms::read_answers;
use crate::web::locale::request_locale;
use crate::web::{auth, errors, render};
use app::core::audit;
use app::core::cases::auto_assign;
use app::core::cases::ratings::close_followup;
use app::domain::registration::Answers;
use app::domain::roles::Role;
use app::page_context::{FieldError, FormEcho, SessionUser};
use app::pages::supervision::{followup_form, MAX_RESPONSE_CHARS, SUPERVISION_PATH};
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use http::request::Parts;
use uuid::Uuid;

/// A post of the department's supervisor: who, which department, and the form's fields; any
/// other visitor gets the login page (403 for other staff), a malformed body a 400.
async fn supervisor_post(
    request: Request,
) -> Result<(Parts, SessionUser, String, Answers), Response> {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let Some(user) = auth::user(&parts) else {
        return Err(see_other(&format!("/login?next={SUPERVISION_PATH}")));
    };
    let department = match (&user.department_code, user.role) {
        (Some(department), Role::Supervisor) => department.clone(),
        _ => return Err(errors::forbidden(locale)),
    };
    let fields = read_answers(body, locale).await?;
    Ok((parts, user, department, fields))
}

pub async fn close(State(state): State<AppState>, request: Request) -> Response {
    let locale = request_locale(request.headers());
    let (parts, user, department, fields) = match supervisor_post(request).await {
        Ok(post) => post,
        Err(response) => return response,
    };
    let Some(case_id) = fields
        .get("case_id")
        .and_then(|id| id.trim().parse::<Uuid>().ok())
    else {
        return errors::bad_request(locale);
    };
    let response = fields
        .get("response")
        .map(|r| r.trim().to_string())
        .unwrap_or_default();
    let refusal = if response.is_empty() {
        Some("sv-error-response-required")
    } else if response.chars().count() > MAX_RESPONSE_CHARS {
        Some("sv-error-response-too-long")
    } else {
        None
    };
    if let Some(code) = refusal {
        let echo = FormEcho::new(
            &followup_form(case_id),
            fields,
            vec![FieldError::new("response", code)],
        );
        return render::refused(&state, parts, echo).await;
    }
    match close_followup(
        &state.pool,
        user.account_id,
        &department,
        case_id,
        &response,
    )
    .await
    {
        Ok(true) => see_other(&format!(
            "{SUPERVISION_PATH}?notice=notice-sv-followup-closed"
        )),
        Ok(false) => errors::not_found(locale),
        Err(error) => errors::internal(locale, &error),
    }
}

/// The automatic assignment switch (`POST /workbench/supervision/auto-assign`, `enabled=true|false`):
/// the department's supervisor only; written to the audit log with the change.
pub async fn set_auto_assign(State(state): State<AppState>, request: Request) -> Response {
    let locale = request_locale(request.headers());
    let (_, user, department, fields) = match supervisor_post(request).await {
        Ok(post) => post,
        Err(response) => return response,
    };
    let enabled = match fields.get("enabled").map(String::as_str) {
        Some("true") => true,
        Some("false") => false,
        _ => return errors::bad_request(locale),
    };
    let result = async {
        let mut tx = state.pool.begin().await?;
        auto_assign::set_enabled(&mut tx, &department, enabled).await?;
        let entry = audit::Entry {
            actor_account_id: user.account_id,
            actor_role: user.role.as_str().to_string(),
            department_code: Some(department.clone()),
            action: "auto_assign.set".into(),
            case_id: None,
            detail: serde_json::json!({ "enabled": enabled }),
        };
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok::<_, app::core::error::InternalError>(())
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("{SUPERVISION_PATH}?notice=notice-sv-auto-assign")),
        Err(error) => errors::internal(locale, &error),
    }
}
