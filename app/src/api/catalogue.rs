//! The service catalogue: search, facets and a service's guide.
use leptos::prelude::*;
pub use portal_types::views::catalogue::*;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{internal, state};
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "catalogue/services")]
pub async fn load_services(
    q: Option<String>,
    topic: Option<String>,
    department: Option<String>,
    audience: Option<String>,
) -> Result<Vec<ServiceSummary>, ApiError> {
    // Flat optional arguments: the URL of an unfiltered catalogue has no query string at all.
    let filter = CatalogueFilter {
        q,
        topic,
        department,
        audience,
    };
    let state = state()?;
    let key = crate::core::catalogue_cache::CatalogueCache::key(&filter);
    if let Some(hit) = state.catalogue_cache.search(&key) {
        return Ok(hit.as_ref().clone());
    }
    let services = crate::core::catalogue::search(&state.pool, &filter)
        .await
        .map_err(internal)?;
    Ok(state
        .catalogue_cache
        .store_search(key, services)
        .as_ref()
        .clone())
}
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "catalogue/facets")]
pub async fn load_facets() -> Result<Facets, ApiError> {
    let state = state()?;
    if let Some(hit) = state.catalogue_cache.facets() {
        return Ok(hit.as_ref().clone());
    }
    let facets = crate::core::catalogue::facets(&state.pool)
        .await
        .map_err(internal)?;
    Ok(state.catalogue_cache.store_facets(facets).as_ref().clone())
}
/// `Ok(None)` when no service has this code (the page shows "not found" with status 404).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "catalogue/guide")]
pub async fn load_service_guide(code: String) -> Result<ServiceGuide, ApiError> {
    let state = state()?;
    crate::core::catalogue::guide(&state.pool, &code)
        .await
        .map_err(internal)?
        .ok_or(ApiError::NotFound)
}
