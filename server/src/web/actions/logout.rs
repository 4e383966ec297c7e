use super::see_other;
use crate::web::locale::request_locale;
use crate::web::{auth, errors};
use axum::extract::Request;
use axum::response::Response;
use tower_sessions::Session;

pub async fn logout(session: Session, request: Request) -> Response {
    match auth::log_out(&session).await {
        Ok(()) => see_other("/?notice=notice-logged-out"),
        Err(error) => errors::internal(request_locale(request.headers()), &error),
    }
}
