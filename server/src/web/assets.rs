//! The built site's static files under `/pkg` (the WebAssembly, JavaScript and CSS every page
//! loads): served outside the session and CSRF layers, so no cookie rides on them; revalidated
//! by Last-Modified (304 on a repeat visit) rather than cached for long, as their names do not
//! change between builds yet; a precompressed `.br` / `.gz` beside a file is sent as is.
use axum::Router;
use http::header::CACHE_CONTROL;
use http::HeaderValue;
use std::path::Path;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router(site_root: &str) -> Router {
    let pkg = ServeDir::new(Path::new(site_root).join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service("/pkg", pkg)
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("public, no-cache"),
        ))
}
