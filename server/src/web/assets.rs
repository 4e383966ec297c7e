//! The built site's static files under `/pkg` (the WebAssembly, JavaScript and CSS every page
//! loads): served outside the session and CSRF layers, so no cookie rides on them; a
//! precompressed `.br` / `.gz` beside a file is sent as is. A fingerprinted file (its name
//! changes with its content) is cached for a year without revalidation; anything else, such
//! as the stable `/pkg/portal.css` that receipts and error pages link, is revalidated by
//! Last-Modified (304 on a repeat visit).
use app::assets::{AssetNames, STYLESHEET_PATH};
use axum::extract::Request;
use axum::middleware::Next;
use axum::Router;
use http::header::CACHE_CONTROL;
use http::HeaderValue;
use std::path::Path;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, no-cache";

pub fn router(site_root: &str, names: Option<AssetNames>) -> Router {
    let pkg_dir = Path::new(site_root).join("pkg");
    let pkg = ServeDir::new(&pkg_dir)
        .precompressed_br()
        .precompressed_gzip();
    let mut router = Router::new().nest_service("/pkg", pkg);
    if let Some(names) = &names {
        // The stable name stays for documents outside the app, revalidated.
        router = router.route_service(
            STYLESHEET_PATH,
            ServeFile::new(pkg_dir.join(&names.css))
                .precompressed_br()
                .precompressed_gzip(),
        );
    }
    let names = Arc::new(names);
    router.layer(axum::middleware::from_fn(
        move |request: Request, next: Next| {
            let names = names.clone();
            async move {
                let immutable = match names.as_ref() {
                    Some(names) => request
                        .uri()
                        .path()
                        .strip_prefix("/pkg/")
                        .is_some_and(|file| names.is_fingerprinted(file)),
                    None => false,
                };
                let mut response = next.run(request).await;
                let policy = if immutable && response.status().is_success() {
                    IMMUTABLE
                } else {
                    REVALIDATE
                };
                response
                    .headers_mut()
                    .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
                response
            }
        },
    ))
}
