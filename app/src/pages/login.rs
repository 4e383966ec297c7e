use crate::components::form::{CsrfField, ErrorSummary, Field, Notice};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub const LOGIN_FORM: &str = "login";

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("next")).unwrap_or_default();
    view! {
        <Title text=locale.t("login-title")/>
        <div class="narrow">
            <h1>{locale.t("login-title")}</h1>
            <Notice/>
            <ErrorSummary form=LOGIN_FORM/>
            <form method="post" action="/login" novalidate>
                <CsrfField/>
                <input type="hidden" name="next" value=next/>
                <Field form=LOGIN_FORM name="account" label="login-account" hint="login-account-hint" autocomplete="username"/>
                <Field form=LOGIN_FORM name="password" label="password" kind="password" autocomplete="current-password"/>
                <button type="submit">{locale.t("login")}</button>
            </form>
            <p><a href="/password/reset">{locale.t("login-forgot-password")}</a></p>
            <p>{locale.t("login-no-account")}" "<a href="/register">{locale.t("register")}</a></p>
        </div>
    }
}
