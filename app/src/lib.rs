#![recursion_limit = "256"]
//! The portal's UI (Leptos, SSR + hydration) and the server functions (`api`) its pages load
//! through. The rules shared with the browser are `portal_types` (re-exported as `domain`);
//! on the server the server functions call `portal_core` (re-exported as `core`).
pub mod api;
#[cfg(feature = "ssr")]
pub mod assets;
pub mod components;
pub mod i18n;
pub mod page_context;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod state;

#[cfg(feature = "ssr")]
pub use portal_core as core;
pub use portal_types::{actors, domain};

use components::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use page_context::PageContext;

/// The HTML document around the app (rendered on the server only).
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let ctx = page_context::current();
    let json = ctx.to_embedded_json();
    // In the shell, not the app: the stylesheet's (fingerprinted) name is known on the server.
    let stylesheet = assets::stylesheet_href(&options).to_string();
    view! {
        <!DOCTYPE html>
        <html lang=ctx.locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <link id="leptos" rel="stylesheet" href=stylesheet/>
                <HydrationScripts options islands=true/>
                <script type="application/json" id=page_context::CONTEXT_ELEMENT_ID inner_html=json></script>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let ctx: PageContext = page_context::current();
    let locale = ctx.locale;
    provide_context(ctx);
    view! {
        <leptos_meta::Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Meta name="description" content=locale.t("portal-description")/>
        <Title formatter=move |page: String| {
            if page.is_empty() { locale.t("portal-name") } else { format!("{page} - {}", locale.t("portal-name")) }
        }/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <pages::not_found::NotFound/> }>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/services") view=pages::catalogue::CataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/services/:code") view=pages::service_guide::ServiceGuidePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/:step") view=pages::second_factor::LoginStepPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=pages::register::RegisterCitizenPage ssr=SsrMode::Async/>
                    <Route path=path!("/register/code") view=pages::register::RegisterCitizenPage ssr=SsrMode::Async/>
                    <Route path=path!("/register/enterprise") view=pages::register::RegisterEnterprisePage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/:section") view=pages::mobile::AccountSectionPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/reset") view=pages::password::PasswordResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/reset/confirm") view=pages::password::PasswordResetConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/staff") view=pages::staff_admin::StaffAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/calendar") view=pages::calendar_admin::CalendarAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/deliveries") view=pages::deliveries_admin::DeliveriesAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/:code") view=pages::application::ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases") view=pages::my_applications::MyApplicationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id") view=pages::case::CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/edit") view=pages::application::ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/supplement") view=pages::application::ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/workbench") view=pages::workbench::WorkbenchPage ssr=SsrMode::Async/>
                    <Route path=path!("/workbench/cases/:id") view=pages::workbench_case::WorkbenchCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/workbench/supervision") view=pages::supervision::SupervisionPage ssr=SsrMode::Async/>
                    <Route path=path!("/workbench/identity") view=pages::counter_check::CounterCheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=pages::notifications::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/market") view=pages::market::catalogue::MarketCataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/market/compare") view=pages::market::product::ComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/market/mine") view=pages::market::mine::MyCloudServicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/market/products/:id") view=pages::market::product::ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/market/products/:id/order") view=pages::market::order::OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/market/subscriptions/:id") view=pages::market::subscription::SubscriptionPage ssr=SsrMode::Async/>
                    <Route path=path!("/vendor") view=pages::market::vendor::VendorConsolePage ssr=SsrMode::Async/>
                    <Route path=path!("/vendor/apply") view=pages::market::vendor::VendorApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/vendor/listings/new") view=pages::market::vendor_listing::ListingEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/vendor/listings") view=pages::market::vendor_listing::ListingEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/vendor/listings/:id") view=pages::market::vendor_listing::ListingEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/market") view=pages::market::admin::MarketAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/market/listings/:id/versions/:version") view=pages::market::review::ListingReviewPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Browser entry point: the page is the server's; only its islands (the interactive form
/// parts, `#[island]`) come alive, each from the props the server rendered it with.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
