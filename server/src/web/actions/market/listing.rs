//! The vendor saves a listing's open version (`POST /vendor/listings[/{id}]`) and submits it
//! for review (`POST /vendor/listings/{id}/submit`).
use super::refused;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use crate::web::actions::see_other;
use app::actors::VendorMember;
use app::core::market::listings;
use app::domain::forms::FieldError;
use app::domain::market::listing::parse_form;
use app::page_context::FormEcho;
use app::pages::market::vendor_listing::LISTING_FORM;
use app::state::AppState;
use axum::extract::{Path, Request, State};
use uuid::Uuid;

pub async fn create(
    Caller(member): Caller<VendorMember>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    save(member, state, None, request).await
}

pub async fn edit(
    Caller(member): Caller<VendorMember>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> ActionResult {
    let id = id.parse::<Uuid>().map_err(|_| ActionError::NotFound)?;
    save(member, state, Some(id), request).await
}

async fn save(
    member: VendorMember,
    state: AppState,
    id: Option<Uuid>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let content = match parse_form(&answers) {
        Ok(content) => content,
        Err(problems) => {
            let errors = problems
                .iter()
                .map(|p| FieldError::new(&p.field(), p.key()))
                .collect();
            return refuse(&state, parts, FormEcho::new(LISTING_FORM, answers, errors)).await;
        }
    };
    match listings::save_draft(&state.pool, &member, id, &content).await {
        Ok(id) => Ok(see_other(&format!(
            "/vendor/listings/{id}?notice=notice-listing-saved"
        ))),
        Err(error) => refused(&state, parts, LISTING_FORM, answers, error).await,
    }
}

pub async fn submit(
    Caller(member): Caller<VendorMember>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> ActionResult {
    let id = id.parse::<Uuid>().map_err(|_| ActionError::NotFound)?;
    let (parts, _) = request.into_parts();
    match listings::submit(&state.pool, &member, id).await {
        Ok(()) => Ok(see_other(&format!(
            "/vendor/listings/{id}?notice=notice-listing-submitted"
        ))),
        Err(error) => refused(&state, parts, LISTING_FORM, Default::default(), error).await,
    }
}
