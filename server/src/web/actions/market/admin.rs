//! The operator decides vendor applications and listing versions, suspends listings and
//! defines voucher programmes.
use super::{decision, refused};
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use crate::web::actions::see_other;
use app::actors::Operator;
use app::core::market::{listings, vendors, vouchers};
use app::domain::market::forms::{parse_reason, ProgrammeForm};
use app::page_context::{FieldError, FormEcho};
use app::pages::market::admin::{DECIDE_FORM, PROGRAMME_FORM};
use app::pages::market::review::REVIEW_FORM;
use app::state::AppState;
use axum::extract::{Path, Request, State};
use uuid::Uuid;

fn id(raw: &str) -> Result<Uuid, ActionError> {
    raw.parse().map_err(|_| ActionError::NotFound)
}

/// The reason field, or the form again with its error.
async fn reason_of(
    state: &AppState,
    parts: http::request::Parts,
    form: &str,
    answers: &app::domain::registration::Answers,
    required: bool,
) -> Result<Result<Option<String>, ActionResult>, ActionError> {
    let raw = answers.get("reason").map(String::as_str).unwrap_or("");
    Ok(match parse_reason(raw, required) {
        Ok(reason) => Ok(reason),
        Err(key) => Err(refuse(
            state,
            parts,
            FormEcho::new(form, answers.clone(), vec![FieldError::new("reason", key)]),
        )
        .await),
    })
}

pub async fn decide_vendor(
    Caller(operator): Caller<Operator>,
    State(state): State<AppState>,
    Path(vendor): Path<String>,
    request: Request,
) -> ActionResult {
    let vendor = id(&vendor)?;
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let approve = decision(&answers)?;
    let reason = match reason_of(&state, parts.clone(), DECIDE_FORM, &answers, !approve).await? {
        Ok(reason) => reason,
        Err(response) => return response,
    };
    match vendors::decide(
        &state.pool,
        operator.account_id,
        vendor,
        approve,
        reason.as_deref(),
    )
    .await
    {
        Ok(()) => Ok(see_other("/admin/market?notice=notice-vendor-decided")),
        Err(error) => refused(&state, parts, DECIDE_FORM, answers, error).await,
    }
}

pub async fn review(
    Caller(operator): Caller<Operator>,
    State(state): State<AppState>,
    Path((listing, version)): Path<(String, String)>,
    request: Request,
) -> ActionResult {
    let listing = id(&listing)?;
    let version: i32 = version.parse().map_err(|_| ActionError::NotFound)?;
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let approve = decision(&answers)?;
    let reason = match reason_of(&state, parts.clone(), REVIEW_FORM, &answers, !approve).await? {
        Ok(reason) => reason,
        Err(response) => return response,
    };
    match listings::review(
        &state.pool,
        operator.account_id,
        listing,
        version,
        approve,
        reason.as_deref(),
    )
    .await
    {
        Ok(()) => Ok(see_other("/admin/market?notice=notice-listing-reviewed")),
        Err(error) => refused(&state, parts, REVIEW_FORM, answers, error).await,
    }
}

pub async fn suspension(
    Caller(operator): Caller<Operator>,
    State(state): State<AppState>,
    Path(listing): Path<String>,
    request: Request,
) -> ActionResult {
    let listing = id(&listing)?;
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let suspend = answers.get("suspend").is_some_and(|v| v == "yes");
    let reason = match reason_of(&state, parts.clone(), DECIDE_FORM, &answers, suspend).await? {
        Ok(reason) => reason,
        Err(response) => return response,
    };
    match listings::suspend(
        &state.pool,
        operator.account_id,
        listing,
        suspend,
        reason.as_deref(),
    )
    .await
    {
        Ok(()) => Ok(see_other("/admin/market?notice=notice-listing-suspension")),
        Err(error) => refused(&state, parts, DECIDE_FORM, answers, error).await,
    }
}

pub async fn create_programme(
    Caller(operator): Caller<Operator>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let form = match ProgrammeForm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(
                &state,
                parts,
                FormEcho::new(PROGRAMME_FORM, answers, errors),
            )
            .await
        }
    };
    match vouchers::create_programme(&state.pool, operator.account_id, &form).await {
        Ok(_) => Ok(see_other("/admin/market?notice=notice-programme-created")),
        Err(error) => refused(&state, parts, PROGRAMME_FORM, answers, error).await,
    }
}
