use super::see_other;
use crate::web::forms::read_answers;
use crate::web::locale::request_locale;
use crate::web::{auth, csrf, errors, render};
use app::core::accounts::RegistrationError;
use app::core::enterprises::register_enterprise as register;
use app::domain::registration::EnterpriseRegistration;
use app::domain::roles::Role;
use app::page_context::{FieldError, FormEcho};
use app::pages::register::ENTERPRISE_FORM;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use tower_sessions::Session;

/// Registers an enterprise. A logged-in citizen becomes its admin agent; otherwise the form
/// also registers the agent as a new citizen, who is then logged in.
pub async fn register_enterprise(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let user = auth::user(&parts);
    if user.as_ref().is_some_and(|u| u.role != Role::Citizen) {
        return errors::forbidden(locale);
    }
    let answers = match read_answers(body, locale).await {
        Ok(answers) => answers,
        Err(response) => return response,
    };
    let registration = match EnterpriseRegistration::parse(&answers, user.is_some()) {
        Ok(registration) => registration,
        Err(errors) => {
            return render::refused(
                &state,
                parts,
                FormEcho::new(ENTERPRISE_FORM, answers, errors),
            )
            .await
        }
    };
    match register(&state.pool, &registration, user.map(|u| u.account_id)).await {
        Ok(registered) => {
            let mut response = see_other("/account?notice=notice-enterprise-registered");
            if registered.agent_is_new {
                if let Err(error) = auth::log_in(&session, registered.agent_account_id).await {
                    return errors::internal(locale, &error);
                }
                csrf::rotate(&mut response, state.security.secure_cookies);
            }
            response
        }
        Err(RegistrationError::Taken { field, code }) => {
            render::refused(
                &state,
                parts,
                FormEcho::new(ENTERPRISE_FORM, answers, vec![FieldError::new(field, code)]),
            )
            .await
        }
        Err(error) => errors::internal(locale, &error),
    }
}
