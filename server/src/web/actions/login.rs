use super::see_other;
use crate::web::forms::{read_answers, safe_next};
use crate::web::locale::request_locale;
use crate::web::{auth, cookies, csrf, errors, render};
use app::core::accounts::{authenticate, LoginError};
use app::domain::registration::LoginForm;
use app::page_context::{FieldError, FormEcho};
use app::pages::login::LOGIN_FORM;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::Response;
use std::net::SocketAddr;
use tower_sessions::Session;

pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let answers = match read_answers(body, locale).await {
        Ok(answers) => answers,
        Err(response) => return response,
    };
    let form = match LoginForm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return render::refused(&state, parts, FormEcho::new(LOGIN_FORM, answers, errors)).await
        }
    };
    let address = client.ip().to_string();
    match authenticate(
        &state.pool,
        &state.security.throttle,
        &form.account,
        &form.password,
        &address,
    )
    .await
    {
        Ok(logged_in) => {
            if let Err(error) = auth::log_in(&session, logged_in.account_id).await {
                return errors::internal(locale, &error);
            }
            let mut response = see_other(&safe_next(answers.get("next"), "/account"));
            csrf::rotate(&mut response, state.security.secure_cookies);
            if let Some(saved) = logged_in.locale {
                cookies::set(
                    response.headers_mut(),
                    cookies::LANG_COOKIE,
                    saved.tag(),
                    365,
                    state.security.secure_cookies,
                );
            }
            response
        }
        Err(LoginError::InvalidCredentials) => {
            let errors = vec![FieldError::form("login-invalid")];
            render::refused(&state, parts, FormEcho::new(LOGIN_FORM, answers, errors)).await
        }
        Err(LoginError::Throttled { minutes }) => {
            tracing::warn!(%address, "login throttled");
            let errors = vec![FieldError::form("login-throttled").with_arg("minutes", minutes)];
            let echo = FormEcho::new(LOGIN_FORM, answers, errors);
            let mut response = render::refused(&state, parts, echo).await;
            *response.status_mut() = http::StatusCode::TOO_MANY_REQUESTS;
            response
        }
        Err(LoginError::Internal(error)) => errors::internal(locale, &error),
    }
}
