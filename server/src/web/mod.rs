//! HTTP: the Leptos pages and server functions, the form actions, and the middleware
//! (sessions, CSRF, page context, body limit, security headers) around them.
pub mod action;
pub mod actions;
pub mod assets;
pub mod auth;
pub mod body_limit;
pub mod client_address;
pub mod cookies;
pub mod cross_site;
pub mod csrf;
pub mod deadlines;
pub mod errors;
pub mod files;
pub mod forms;
pub mod headers;
pub mod health;
pub mod jwks;
pub mod locale;
pub mod page_cache;
pub mod page_context;
pub mod receipt;
pub mod render;
pub mod statements;
pub mod verify;
pub mod wallet;

use app::state::AppState;
use axum::routing::{get, post};
use axum::Router;
use http::header::{HeaderName, HeaderValue};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

/// The app's routes, listed once per process. Listing them runs the app with resources
/// suppressed through a process-wide flag (leptos_server 0.8, leptos-rs/leptos#4773): a
/// resource first polled meanwhile by a page being rendered waits forever, and so does that
/// page. A second application in the same process (every HTTP test builds one while others
/// serve) must therefore never list them again.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

pub fn router(
    state: AppState,
    limits: body_limit::BodyLimits,
    session_idle_minutes: i64,
    file_store: crate::files::FileStore,
) -> Router {
    let routes = route_list();
    let leptos_state = state.clone();
    let options = state.leptos_options.clone();
    let options_root = options.site_root.to_string();
    let asset_names = app::assets::AssetNames::load(&options);

    let sessions = SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_name(cookies::name(
            cookies::SESSION_COOKIE,
            state.security.secure_cookies,
        ))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.security.secure_cookies)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::minutes(session_idle_minutes),
        ));

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        // Browsers ask for /favicon.ico whatever the page says; the icon is an SVG.
        .route(
            "/favicon.ico",
            get(|| async { axum::response::Redirect::permanent("/favicon.svg") }),
        )
        .route("/login", post(actions::login::login))
        .route("/login/{step}", post(actions::second_factor::login_step))
        .route("/logout", post(actions::logout::logout))
        .route("/language", post(actions::language::switch_language))
        .route(
            "/register",
            post(actions::register_citizen::register_citizen),
        )
        .route("/register/code", post(actions::register_citizen::send_code))
        .route(
            "/register/enterprise",
            post(actions::register_enterprise::register_enterprise),
        )
        .route("/account", post(actions::agents::invite))
        .route(
            "/account/enterprises/{enterprise_id}/accept",
            post(actions::agents::accept),
        )
        .route(
            "/account/enterprises/{enterprise_id}/agents/{agent_id}/revoke",
            post(actions::agents::revoke),
        )
        .route("/admin/staff", post(actions::staff::create))
        .route("/admin/calendar", post(actions::calendar::edit))
        .route("/workbench/identity", post(actions::counter_check::confirm))
        .route("/admin/deliveries", post(actions::deliveries::act))
        .route("/apply/{code}", post(actions::application::start))
        .route("/cases/{id}", post(actions::case_forms::case_form))
        .route("/cases/{id}/edit", post(actions::application::edit))
        .route(
            "/cases/{id}/supplement",
            post(actions::supplement::resubmit_supplement),
        )
        .route("/workbench/cases/{id}", post(actions::workbench::decide))
        .route("/workbench/supervision", post(actions::supervision::close))
        .route(
            "/workbench/supervision/auto-assign",
            post(actions::supervision::set_auto_assign),
        )
        .route("/vendor/apply", post(actions::market::vendor::apply))
        .route("/vendor/staff", post(actions::market::vendor::add_staff))
        .route("/vendor/listings", post(actions::market::listing::create))
        .route(
            "/vendor/listings/{id}",
            post(actions::market::listing::edit),
        )
        .route(
            "/vendor/listings/{id}/submit",
            post(actions::market::listing::submit),
        )
        .route(
            "/admin/market/vendors/{id}",
            post(actions::market::admin::decide_vendor),
        )
        .route(
            "/admin/market/listings/{id}/versions/{version}",
            post(actions::market::admin::review),
        )
        .route(
            "/admin/market/listings/{id}/suspension",
            post(actions::market::admin::suspension),
        )
        .route(
            "/admin/market/programmes",
            post(actions::market::admin::create_programme),
        )
        .route(
            "/market/products/{id}/order",
            post(actions::market::order::place),
        )
        .route(
            "/market/subscriptions/{id}",
            post(actions::market::subscription::make),
        )
        .route(
            "/market/subscriptions/{id}/change",
            post(actions::market::subscription::change),
        )
        .route(
            "/market/subscriptions/{id}/open",
            post(actions::market::subscription::open),
        )
        .route(portal_protocol::sso::JWKS_PATH, get(jwks::jwks))
        .route(
            "/market/subscriptions/{id}/rating",
            post(actions::market::subscription::rate),
        )
        .route(
            "/market/vouchers/{id}/enrol",
            post(actions::market::voucher::enrol),
        )
        .route("/password/reset", post(actions::password::request_reset))
        .route(
            "/password/reset/confirm",
            post(actions::password::confirm_reset),
        )
        .route("/account/{section}", post(actions::mobile::account_section))
        .route("/files/{id}", get(files::download))
        .route("/cases/{id}/receipt", get(receipt::receipt))
        .route(
            "/notifications",
            post(actions::notifications::mark_all_as_read),
        )
        .route("/verify", get(verify::by_query))
        .route("/verify/{code}", get(verify::by_path))
        .route("/wallet", get(wallet::wallet))
        .route("/market/statements", get(statements::enterprise))
        .route("/market/vendor/statements", get(statements::vendor))
        .route("/admin/market/subsidy", get(statements::programme))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(leptos_state.clone()),
            move || app::shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(page_cache::PageCache::default()),
            page_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_context::attach,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::protect,
        ))
        .layer(axum::Extension(file_store))
        // Our own limits (body_limit) apply; axum's 2 MB default would cut uploads short.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            limits,
            body_limit::limit,
        ))
        // Outside the session, CSRF and page-context layers, so that their refusals are
        // rendered in the request's language too.
        .layer(axum::middleware::from_fn(action::localise))
        .layer(axum::middleware::from_fn(cross_site::guard))
        .layer(axum::middleware::from_fn_with_state(
            state.security.hsts,
            headers::finish,
        ))
        .layer(security_header("x-content-type-options", "nosniff"))
        .layer(security_header("x-frame-options", "DENY"))
        .layer(security_header("referrer-policy", "same-origin"))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
        .merge(assets::router(&options_root, asset_names))
        .layer(security_header("x-content-type-options", "nosniff"))
        // Pages and assets compressed as the browser asks (br, else gzip): a middle level,
        // as a page is compressed on every request.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(4)),
        )
}

fn security_header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}
