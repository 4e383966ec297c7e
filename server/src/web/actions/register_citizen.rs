use super::see_other;
use crate::web::forms::read_answers;
use crate::web::locale::request_locale;
use crate::web::{auth, csrf, errors, render};
use app::core::accounts::{register_citizen as register, RegistrationError};
use app::domain::registration::CitizenRegistration;
use app::page_context::{FieldError, FormEcho};
use app::pages::register::CITIZEN_FORM;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use tower_sessions::Session;

pub async fn register_citizen(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let answers = match read_answers(body, locale).await {
        Ok(answers) => answers,
        Err(response) => return response,
    };
    let registration = match CitizenRegistration::parse(&answers) {
        Ok(registration) => registration,
        Err(errors) => {
            return render::refused(&state, parts, FormEcho::new(CITIZEN_FORM, answers, errors))
                .await
        }
    };
    match register(&state.pool, &registration).await {
        Ok(account_id) => {
            if let Err(error) = auth::log_in(&session, account_id).await {
                return errors::internal(locale, &error);
            }
            let mut response = see_other("/account?notice=notice-registered");
            csrf::rotate(&mut response, state.security.secure_cookies);
            response
        }
        Err(RegistrationError::Taken { field, code }) => {
            render::refused(
                &state,
                parts,
                FormEcho::new(CITIZEN_FORM, answers, vec![FieldError::new(field, code)]),
            )
            .await
        }
        Err(error) => errors::internal(locale, &error),
    }
}
