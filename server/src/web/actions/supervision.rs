//! "回复并关闭" on the supervisor dashboard (`POST /workbench/supervision`): a supervisor
//! answers an open follow-up of a bad rating of their own department's case, which closes it.
//! An empty (or too long) response re-renders the page with the error (422); a follow-up that
//! is not open in the supervisor's department is a 404.
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use app::actors::Supervisor;
use app::core::cases::auto_assign;
use app::core::cases::ratings::close_followup;
use app::domain::roles::Role;
use app::page_context::{FieldError, FormEcho};
use app::pages::supervision::{followup_form, MAX_RESPONSE_CHARS, SUPERVISION_PATH};
use app::state::AppState;
use axum::extract::{Request, State};
use uuid::Uuid;

pub async fn close(
    Caller(supervisor): Caller<Supervisor>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let fields = posted_answers(body).await?;
    let case_id = fields
        .get("case_id")
        .and_then(|id| id.trim().parse::<Uuid>().ok())
        .ok_or(ActionError::BadRequest)?;
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
        return refuse(&state, parts, echo).await;
    }
    let closed = close_followup(
        &state.pool,
        supervisor.account_id,
        &supervisor.department,
        case_id,
        &response,
    )
    .await?;
    if !closed {
        return Err(ActionError::NotFound);
    }
    Ok(see_other(&format!(
        "{SUPERVISION_PATH}?notice=notice-sv-followup-closed"
    )))
}

/// The automatic assignment switch (`POST /workbench/supervision/auto-assign`, `enabled=true|false`):
/// the department's supervisor only; written to the audit log with the change.
pub async fn set_auto_assign(
    Caller(supervisor): Caller<Supervisor>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let fields = posted_answers(request.into_body()).await?;
    let enabled = match fields.get("enabled").map(String::as_str) {
        Some("true") => true,
        Some("false") => false,
        _ => return Err(ActionError::BadRequest),
    };
    auto_assign::switch(
        &state.pool,
        supervisor.account_id,
        Role::Supervisor,
        &supervisor.department,
        enabled,
    )
    .await?;
    Ok(see_other(&format!(
        "{SUPERVISION_PATH}?notice=notice-sv-auto-assign"
    )))
}
