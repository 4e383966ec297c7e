pub mod account;
pub mod application;
pub mod calendar_admin;
pub mod case;
pub mod catalogue;
pub mod deliveries_admin;
pub mod home;
pub mod login;
pub mod my_applications;
pub mod not_found;
pub mod notifications;
pub mod register;
pub mod service_guide;
pub mod staff_admin;
pub mod supervision;
pub mod workbench;
pub mod workbench_case;

use crate::i18n::use_locale;
use leptos::prelude::*;

/// Shown when a server function fails; the details are in the server log.
#[component]
pub fn LoadError() -> impl IntoView {
    let locale = use_locale();
    view! { <p class="load-error" role="alert">{locale.t("load-error")}</p> }
}

#[component]
pub fn Loading() -> impl IntoView {
    let locale = use_locale();
    view! { <p class="loading" aria-live="polite">{locale.t("loading")}</p> }
}

/// Sets the HTTP status of the server-rendered response (no-op in the browser).
pub fn set_status(_status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_status),
    ) {
        options.set_status(status);
    }
}
