//! The cloud marketplace's reads: catalogue, product, compare, order page, "my cloud
//! services", a subscription, the vendor console, and the operator's pages. Each is scoped by
//! the caller's role inside the core (an enterprise's agents, a vendor's staff, the operator).
use leptos::prelude::*;
pub use portal_types::views::market::*;
use uuid::Uuid;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};

#[cfg(feature = "ssr")]
fn market_error(error: crate::core::market::MarketError) -> ApiError {
    use crate::core::market::MarketError;
    let error = match error {
        MarketError::NotFound => ApiError::NotFound,
        MarketError::Refused(_) | MarketError::Invalid(_) => ApiError::Conflict,
        MarketError::Internal(e) => internal(e),
    };
    super::error::with_status(&error);
    error
}

/// The catalogue; flat optional arguments so an unfiltered URL has no query string.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/catalogue")]
#[allow(clippy::too_many_arguments)]
pub async fn load_market_catalogue(
    q: Option<String>,
    category: Option<String>,
    min_price: Option<String>,
    max_price: Option<String>,
    trial: Option<String>,
    mlps: Option<String>,
    voucher: Option<String>,
) -> Result<MarketCatalogue, ApiError> {
    let state = state()?;
    let filter = MarketFilter {
        q,
        category,
        min_price,
        max_price,
        trial: trial.is_some_and(|v| !v.is_empty()),
        mlps,
        voucher: voucher.is_some_and(|v| !v.is_empty()),
    };
    crate::core::market::catalogue::search(&state.pool, &filter)
        .await
        .map_err(internal)
}

#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/product")]
pub async fn load_product(id: Uuid) -> Result<Product, ApiError> {
    let state = state()?;
    crate::core::market::catalogue::product(&state.pool, id)
        .await
        .map_err(internal)?
        .ok_or(ApiError::NotFound)
}

/// Up to four products side by side; `ids` as in the compare form (comma-separated too).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/compare")]
pub async fn load_compare(ids: Vec<String>) -> Result<Vec<Product>, ApiError> {
    let state = state()?;
    let ids: Vec<Uuid> = ids
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse().ok())
        .take(MAX_COMPARE)
        .collect();
    crate::core::market::catalogue::products(&state.pool, &ids)
        .await
        .map_err(internal)
}

#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/order")]
pub async fn load_order_page(
    id: Uuid,
    enterprise: Option<Uuid>,
    plan: Option<String>,
    quantity: Option<String>,
    voucher: Option<String>,
) -> Result<OrderPage, ApiError> {
    let state = state()?;
    let citizen: portal_types::actors::Citizen = actor()?;
    let request = match (enterprise, plan) {
        (Some(enterprise_id), Some(plan_code)) => Some(crate::core::market::orders::QuoteRequest {
            enterprise_id,
            plan_code,
            quantity: quantity
                .as_deref()
                .and_then(|q| q.trim().parse().ok())
                .unwrap_or(0),
            use_voucher: voucher.is_some_and(|v| !v.is_empty()),
        }),
        _ => None,
    };
    crate::core::market::orders::order_page(&state.pool, citizen.account_id, id, request)
        .await
        .map_err(market_error)
}

#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/mine")]
pub async fn load_my_cloud_services() -> Result<MyCloudServices, ApiError> {
    let state = state()?;
    let citizen: portal_types::actors::Citizen = actor()?;
    crate::core::market::subscription_pages::my_cloud_services(&state.pool, citizen.account_id)
        .await
        .map_err(market_error)
}

/// One subscription: for an agent of its enterprise, or its vendor's staff.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/subscription")]
pub async fn load_subscription(id: Uuid) -> Result<SubscriptionDetail, ApiError> {
    use crate::core::market::subscription_pages::detail;
    use crate::core::market::subscriptions::MoveBy;
    let state = state()?;
    use portal_types::actors::Actor;
    let user = crate::page_context::current().user;
    let by = match portal_types::actors::VendorMember::from_user(user.as_ref()) {
        Ok(member) => MoveBy::Vendor(member),
        Err(_) => MoveBy::Account(actor::<portal_types::actors::Citizen>()?.account_id),
    };
    detail(&state.pool, by, id).await.map_err(market_error)
}

#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/vendor")]
pub async fn load_vendor_console() -> Result<VendorConsole, ApiError> {
    let state = state()?;
    let member: portal_types::actors::VendorMember = actor()?;
    crate::core::market::admin::vendor_console(&state.pool, &member)
        .await
        .map_err(market_error)
}

/// The edit page of one of the vendor's listings (`None`: a new listing).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/vendor/listing")]
pub async fn load_listing_editor(id: Option<Uuid>) -> Result<ListingEditor, ApiError> {
    let state = state()?;
    let member: portal_types::actors::VendorMember = actor()?;
    match id {
        Some(id) => crate::core::market::listings::editor(&state.pool, &member, id)
            .await
            .map_err(market_error),
        None => Ok(ListingEditor {
            listing_id: None,
            content: None,
            open_state: None,
            review_reason: None,
            published_version: None,
        }),
    }
}

#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/admin")]
pub async fn load_market_admin() -> Result<MarketAdmin, ApiError> {
    let state = state()?;
    let _operator: portal_types::actors::Operator = actor()?;
    crate::core::market::admin::market_admin(&state.pool)
        .await
        .map_err(internal)
}

#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "market/admin/review")]
pub async fn load_listing_review(id: Uuid, version: i32) -> Result<ListingReview, ApiError> {
    let state = state()?;
    let _operator: portal_types::actors::Operator = actor()?;
    crate::core::market::listings::review_page(&state.pool, id, version)
        .await
        .map_err(market_error)
}
