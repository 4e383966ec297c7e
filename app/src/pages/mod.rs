pub mod account;
pub mod account_registrations;
pub mod application;
pub mod calendar_admin;
pub mod case;
pub mod catalogue;
pub mod counter_check;
pub mod deliveries_admin;
pub mod home;
pub mod login;
pub mod market;
pub mod mobile;
pub mod my_applications;
pub mod not_found;
pub mod notifications;
pub mod password;
pub mod register;
pub mod second_factor;
pub mod service_guide;
pub mod staff_admin;
pub mod supervision;
pub mod workbench;
pub mod workbench_case;

use crate::api::ApiError;
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{de::DeserializeOwned, Serialize};

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

/// What a page says when its data is refused: the message for a signed-in account whose role
/// may not see it, and, for a page about one thing, the title and the way back when that thing
/// does not exist (or is not the user's: the same answer for both).
#[derive(Clone, Copy, Debug)]
pub struct Refused {
    pub forbidden_key: &'static str,
    pub not_found: Option<NotFound>,
}

impl Default for Refused {
    fn default() -> Self {
        Self {
            forbidden_key: "forbidden",
            not_found: None,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct NotFound {
    pub title_key: &'static str,
    pub back_href: &'static str,
    pub back_key: &'static str,
}

/// Every page's loading and error display: "loading" while the data comes, then `view` with
/// the data, or the refusal with its HTTP status (401 with a sign-in link that returns here,
/// 403, 404) or the generic load error.
#[component]
pub fn Loaded<T, V, F>(
    resource: Resource<Result<T, ApiError>>,
    view: F,
    #[prop(optional)] refused: Refused,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {
                let view = view.clone();
                move || {
                    let view = view.clone();
                    Suspend::new(async move {
                        match resource.await {
                            Ok(data) => view(data).into_any(),
                            Err(error) => view! { <RefusedView error refused/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn RefusedView(error: ApiError, refused: Refused) -> impl IntoView {
    let locale = use_locale();
    match (error, refused.not_found) {
        (ApiError::SignInRequired, _) => {
            set_status(401);
            let path = leptos_router::hooks::use_location()
                .pathname
                .get_untracked();
            let href = format!("/login?next={path}");
            view! { <p><a href=href>{locale.t("login-required")}</a></p> }.into_any()
        }
        (ApiError::Forbidden, _) => {
            set_status(403);
            view! { <p role="alert">{locale.t(refused.forbidden_key)}</p> }.into_any()
        }
        (ApiError::NotFound, Some(not_found)) => {
            set_status(404);
            view! {
                <Title text=locale.t(not_found.title_key)/>
                <h1>{locale.t(not_found.title_key)}</h1>
                <p><a href=not_found.back_href>{locale.t(not_found.back_key)}</a></p>
            }
            .into_any()
        }
        (ApiError::NotFound, None) => {
            set_status(404);
            view! { <p role="alert">{locale.t("not-found-title")}</p> }.into_any()
        }
        _ => view! { <LoadError/> }.into_any(),
    }
}
