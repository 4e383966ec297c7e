//! A citizen moves their account to a new mobile: "send a code" posts the new number to
//! `/account/mobile` with `step=code`; the form comes back with the notice, and is posted again
//! with the code and the current password.
use crate::components::form::{CsrfField, ErrorSummary, Field};
use crate::i18n::use_locale;
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub const MOBILE_FORM: &str = "mobile-change";

/// `/account/:section`: the password change and the mobile change share one route (the
/// router's table stays within what hydration handles).
#[component]
pub fn AccountSectionPage() -> impl IntoView {
    let params = use_params_map();
    match params.with_untracked(|p| p.get("section")).as_deref() {
        Some("password") => view! { <super::password::PasswordChangePage/> }.into_any(),
        Some("mobile") => view! { <MobileChangePage/> }.into_any(),
        _ => view! { <super::not_found::NotFound/> }.into_any(),
    }
}

#[component]
pub fn MobileChangePage() -> impl IntoView {
    let locale = use_locale();
    let context = use_context::<PageContext>().unwrap_or_default();
    let citizen = context
        .user
        .as_ref()
        .is_some_and(|u| u.role == crate::domain::roles::Role::Citizen);
    let notice = context.echo_for(MOBILE_FORM).and_then(|e| e.notice.clone());
    view! {
        <Title text=locale.t("mobile-change-title")/>
        <div class="narrow">
            <h1>{locale.t("mobile-change-title")}</h1>
            {if citizen {
                view! {
                    {notice.map(|key| view! { <div class="notice" role="status">{locale.t(&key)}</div> })}
                    <p>{locale.t("mobile-change-intro")}</p>
                    <ErrorSummary form=MOBILE_FORM/>
                    <form method="post" action="/account/mobile" novalidate>
                        <CsrfField/>
                        <Field form=MOBILE_FORM name="mobile" label="mobile-new" kind="tel" inputmode="tel" autocomplete="tel"/>
                        <button type="submit" name="step" value="code" formnovalidate>{locale.t("mobile-change-send")}</button>
                        <Field form=MOBILE_FORM name="code" label="code" hint="code-hint" autocomplete="one-time-code" inputmode="numeric" required=false/>
                        <Field form=MOBILE_FORM name="current_password" label="password-current" kind="password" autocomplete="current-password" required=false/>
                        <button type="submit" name="step" value="confirm">{locale.t("mobile-change-submit")}</button>
                    </form>
                }
                .into_any()
            } else {
                view! { <p><a href="/login?next=/account/mobile">{locale.t("login-required")}</a></p> }.into_any()
            }}
        </div>
    }
}
