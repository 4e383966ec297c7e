use super::see_other;
use crate::web::forms::read_answers;
use crate::web::locale::request_locale;
use crate::web::{auth, errors, render};
use app::core::staff::{create_staff, StaffError};
use app::domain::registration::StaffAccountForm;
use app::domain::roles::Role;
use app::page_context::{FieldError, FormEcho};
use app::pages::staff_admin::STAFF_FORM;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;

/// The operator creates a staff account.
pub async fn create(State(state): State<AppState>, request: Request) -> Response {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let operator = match auth::user(&parts) {
        Some(user) if user.role == Role::Operator => user,
        _ => return errors::forbidden(locale),
    };
    let answers = match read_answers(body, locale).await {
        Ok(answers) => answers,
        Err(response) => return response,
    };
    let form = match StaffAccountForm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return render::refused(&state, parts, FormEcho::new(STAFF_FORM, answers, errors)).await
        }
    };
    let field_error = match create_staff(&state.pool, Some(operator.account_id), &form).await {
        Ok(_) => return see_other("/admin/staff?notice=notice-staff-created"),
        Err(StaffError::UsernameTaken) => FieldError::new("username", "username-taken"),
        Err(StaffError::UnknownDepartment) => {
            FieldError::new("department_code", "department-unknown")
        }
        Err(StaffError::Internal(error)) => return errors::internal(locale, &error),
    };
    render::refused(
        &state,
        parts,
        FormEcho::new(STAFF_FORM, answers, vec![field_error]),
    )
    .await
}
