//! Re-rendering a page after a refused form post: the same page, with the user's answers
//! and the errors, status 422. Works the same with or without JavaScript.
use app::page_context::{FormEcho, PageContext};
use app::state::AppState;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::request::Parts;
use http::{Method, StatusCode};
use leptos::prelude::provide_context;

/// The form must be posted to its page's own URL: the page is rendered for that URL and the
/// browser hydrates it there.
pub async fn refused(state: &AppState, mut parts: Parts, echo: FormEcho) -> Response {
    if let Some(ctx) = parts.extensions.get_mut::<PageContext>() {
        ctx.form = Some(echo);
    }
    // Rendered as the GET of the same page.
    parts.method = Method::GET;
    let request = Request::from_parts(parts, Body::empty());
    let context_state = state.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || provide_context(context_state.clone()),
        move || app::shell(options.clone()),
    );
    let mut response = handler(request).await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}
