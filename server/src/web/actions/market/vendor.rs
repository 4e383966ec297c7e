//! A vendor applies (`POST /vendor/apply`) and its admin adds staff (`POST /vendor/staff`).
use super::refused;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use crate::web::actions::login::{refuse_with, second_factor_path};
use crate::web::actions::register_citizen::registration_refusal;
use crate::web::actions::see_other;
use crate::web::client_address::client_address;
use crate::web::{auth, csrf};
use app::actors::VendorMember;
use app::core::market::vendors;
use app::domain::market::forms::{VendorApplicationForm, VendorStaffForm};
use app::page_context::FormEcho;
use app::pages::market::vendor::{VENDOR_APPLY_FORM, VENDOR_STAFF_FORM};
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use std::net::SocketAddr;
use tower_sessions::Session;

/// The organisation and its admin account; the admin is signed in and follows the review on
/// the vendor console. Rate-limited per client address like every registration.
pub async fn apply(
    State(state): State<AppState>,
    session: Session,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    if auth::user(&parts).is_some() {
        return Err(ActionError::Forbidden);
    }
    let address = client_address(&state, &parts.headers, peer);
    let answers = posted_answers(body).await?;
    let form = match VendorApplicationForm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(
                &state,
                parts,
                FormEcho::new(VENDOR_APPLY_FORM, answers, errors),
            )
            .await
        }
    };
    if let Some((status, error)) = registration_refusal(&state, &address).await? {
        let echo = FormEcho::new(VENDOR_APPLY_FORM, answers, vec![error]);
        return refuse_with(&state, parts, echo, status).await;
    }
    match vendors::apply(&state.pool, &state.security.hasher, &form).await {
        Ok(account_id) => {
            // A vendor's account, like staff's, needs a second factor: it is enrolled next.
            auth::await_second_factor(&session, account_id).await?;
            let mut response =
                see_other(&second_factor_path("/vendor?notice=notice-vendor-applied"));
            csrf::rotate(&mut response, state.security.secure_cookies);
            Ok(response)
        }
        Err(error) => refused(&state, parts, VENDOR_APPLY_FORM, answers, error).await,
    }
}

pub async fn add_staff(
    Caller(member): Caller<VendorMember>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let form = match VendorStaffForm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(
                &state,
                parts,
                FormEcho::new(VENDOR_STAFF_FORM, answers, errors),
            )
            .await
        }
    };
    match vendors::add_staff(&state.pool, &state.security.hasher, &member, &form).await {
        Ok(_) => Ok(see_other("/vendor?notice=notice-vendor-staff-added")),
        Err(error) => refused(&state, parts, VENDOR_STAFF_FORM, answers, error).await,
    }
}
