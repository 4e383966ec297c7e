//! The operator creates a staff account (`POST /admin/staff`).
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionResult, Caller};
use app::actors::Operator;
use app::core::staff::{create_staff, StaffError};
use app::domain::registration::StaffAccountForm;
use app::page_context::{FieldError, FormEcho};
use app::pages::staff_admin::STAFF_FORM;
use app::state::AppState;
use axum::extract::{Request, State};

pub async fn create(
    Caller(operator): Caller<Operator>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let errors = match StaffAccountForm::parse(&answers) {
        Err(errors) => errors,
        Ok(form) => match create_staff(&state.pool, Some(operator.account_id), &form).await {
            Ok(_) => return Ok(see_other("/admin/staff?notice=notice-staff-created")),
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
