//! The operator creates a staff account (`POST /admin/staff`).
use super::login::shown_once;
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionResult, Caller};
use app::actors::Operator;
use app::core::staff::{create_staff, StaffError};
use app::domain::registration::StaffAccountForm;
use app::page_context::{FieldError, FormEcho};
use app::pages::staff_admin::{ENROLMENT_LINK_FIELD, STAFF_FORM};
use app::state::AppState;
use axum::extract::{Request, State};
use std::collections::BTreeMap;

pub async fn create(
    Caller(operator): Caller<Operator>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let errors = match StaffAccountForm::parse(&answers) {
        Err(errors) => errors,
        // The operator never chooses a password: the holder does, through the link.
        Ok(mut form) => match create_staff(&state.pool, Some(operator.account_id), &{
            form.password = None;
            form
        })
        .await
        {
            Ok(created) => {
                let Some(token) = created.enrolment_token else {
                    return Ok(see_other("/admin/staff?notice=notice-staff-created"));
                };
                let link = format!(
                    "{}/login/enrol?token={token}",
                    site_origin(&state, &parts.headers)
                );
                // Shown once, on this answer, for the operator to hand over.
                let values = BTreeMap::from([
                    (ENROLMENT_LINK_FIELD.to_string(), link),
                    ("created".to_string(), created.username),
                ]);
                let echo = FormEcho::new(STAFF_FORM, values, vec![]);
                return shown_once(&state, parts, echo).await;
            }
            Err(StaffError::UsernameTaken) => vec![FieldError::new("username", "username-taken")],
            Err(StaffError::UnknownDepartment) => {
                vec![FieldError::new("department_code", "department-unknown")]
            }
            Err(StaffError::Internal(error)) => return Err(error.into()),
        },
    };
    let echo = FormEcho::new(STAFF_FORM, answers, errors);
    refuse(&state, parts, echo).await
}

/// This site's origin as the operator's browser reached it (the link is for another person's
/// browser on the same site).
fn site_origin(state: &AppState, headers: &http::HeaderMap) -> String {
    let host = headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.security.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}
