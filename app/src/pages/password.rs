//! Forgotten and changed passwords: ask for a code by mobile, reset with it, change while
//! signed in. The forms post to the server's `/password/…` and `/account/password` actions.
use crate::components::form::{CsrfField, ErrorSummary, Field, Notice};
use crate::i18n::use_locale;
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub const RESET_FORM: &str = "password-reset";
pub const RESET_CONFIRM_FORM: &str = "password-reset-confirm";
pub const CHANGE_FORM: &str = "password-change";

/// Step 1: the mobile the code goes to.
#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=locale.t("password-reset-title")/>
        <div class="narrow">
            <h1>{locale.t("password-reset-title")}</h1>
            <p>{locale.t("password-reset-intro")}</p>
            <ErrorSummary form=RESET_FORM/>
            <form method="post" action="/password/reset" novalidate>
                <CsrfField/>
                <Field form=RESET_FORM name="mobile" label="mobile" kind="tel" autocomplete="tel" inputmode="tel"/>
                <button type="submit">{locale.t("password-reset-send")}</button>
            </form>
            <p><a href="/login">{locale.t("password-reset-back")}</a></p>
        </div>
    }
}

/// Step 2: the code and the new password.
#[component]
pub fn PasswordResetConfirmPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let mobile = query
        .with_untracked(|q| q.get("mobile"))
        .unwrap_or_default();
    view! {
        <Title text=locale.t("password-reset-title")/>
        <div class="narrow">
            <h1>{locale.t("password-reset-title")}</h1>
            <Notice/>
            <p>{locale.t("password-reset-code-intro")}</p>
            <ErrorSummary form=RESET_CONFIRM_FORM/>
            <form method="post" action="/password/reset/confirm" novalidate>
                <CsrfField/>
                <Field form=RESET_CONFIRM_FORM name="mobile" label="mobile" kind="tel" autocomplete="tel" inputmode="tel" value=mobile/>
                <Field form=RESET_CONFIRM_FORM name="code" label="code" hint="code-hint" autocomplete="one-time-code" inputmode="numeric"/>
                <Field form=RESET_CONFIRM_FORM name="password" label="password-new" kind="password" hint="password-hint" autocomplete="new-password"/>
                <Field form=RESET_CONFIRM_FORM name="password_confirm" label="password-confirm" kind="password" autocomplete="new-password"/>
                <button type="submit">{locale.t("password-reset-submit")}</button>
            </form>
            <p><a href="/password/reset">{locale.t("password-reset-again")}</a></p>
        </div>
    }
}

/// A signed-in account's password change.
#[component]
pub fn PasswordChangePage() -> impl IntoView {
    let locale = use_locale();
    let signed_in = use_context::<PageContext>().is_some_and(|ctx| ctx.user.is_some());
    view! {
        <Title text=locale.t("password-change-title")/>
        <div class="narrow">
            <h1>{locale.t("password-change-title")}</h1>
            {if signed_in {
                view! {
                    <p>{locale.t("password-change-intro")}</p>
                    <ErrorSummary form=CHANGE_FORM/>
                    <form method="post" action="/account/password" novalidate>
                        <CsrfField/>
                        <Field form=CHANGE_FORM name="current_password" label="password-current" kind="password" autocomplete="current-password"/>
                        <Field form=CHANGE_FORM name="password" label="password-new" kind="password" hint="password-hint" autocomplete="new-password"/>
                        <Field form=CHANGE_FORM name="password_confirm" label="password-confirm" kind="password" autocomplete="new-password"/>
                        <button type="submit">{locale.t("password-change-submit")}</button>
                    </form>
                }
                .into_any()
            } else {
                view! { <p><a href="/login?next=/account/password">{locale.t("login-required")}</a></p> }.into_any()
            }}
        </div>
    }
}
