use crate::components::form::{CsrfField, ErrorSummary, Field};
use crate::i18n::{use_locale, Locale};
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_meta::Title;

pub const CITIZEN_FORM: &str = "register";
pub const ENTERPRISE_FORM: &str = "register-enterprise";

/// The identity and password fields of a new citizen, shared by both registration forms.
#[component]
fn CitizenFields(form: &'static str) -> impl IntoView {
    view! {
        <Field form=form name="real_name" label="real-name" autocomplete="name"/>
        <Field form=form name="id_number" label="id-number" hint="id-number-hint" autocomplete="off"/>
        <Field form=form name="mobile" label="mobile" kind="tel" inputmode="tel" autocomplete="tel"/>
        <Field form=form name="password" label="password" kind="password" hint="password-hint" autocomplete="new-password"/>
        <Field form=form name="password_confirm" label="password-confirm" kind="password" autocomplete="new-password"/>
    }
}

#[component]
pub fn RegisterCitizenPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=locale.t("register-title")/>
        <div class="narrow">
            <h1>{locale.t("register-title")}</h1>
            <p>{locale.t("register-lead")}</p>
            <ErrorSummary form=CITIZEN_FORM/>
            <form method="post" action="/register" novalidate>
                <CsrfField/>
                <CitizenFields form=CITIZEN_FORM/>
                <button type="submit">{locale.t("register-submit")}</button>
            </form>
            <p><a href="/register/enterprise">{locale.t("register-enterprise-link")}</a></p>
        </div>
    }
}

#[component]
pub fn RegisterEnterprisePage() -> impl IntoView {
    let locale: Locale = use_locale();
    let logged_in = use_context::<PageContext>()
        .and_then(|c| c.user)
        .map(|u| u.display_name);
    view! {
        <Title text=locale.t("register-enterprise-title")/>
        <div class="narrow">
            <h1>{locale.t("register-enterprise-title")}</h1>
            <p>{locale.t("register-enterprise-lead")}</p>
            <ErrorSummary form=ENTERPRISE_FORM/>
            <form method="post" action="/register/enterprise" novalidate>
                <CsrfField/>
                <fieldset>
                    <legend>{locale.t("enterprise-section")}</legend>
                    <Field form=ENTERPRISE_FORM name="enterprise_name" label="enterprise-name" autocomplete="organization"/>
                    <Field form=ENTERPRISE_FORM name="credit_code" label="credit-code" hint="credit-code-hint" autocomplete="off"/>
                    <Field form=ENTERPRISE_FORM name="legal_rep" label="legal-rep"/>
                </fieldset>
                <fieldset>
                    <legend>{locale.t("agent-section")}</legend>
                    {match logged_in {
                        Some(name) => view! {
                            <p>{locale.t_args("agent-is-you", &[("name", name)])}</p>
                        }.into_any(),
                        None => view! {
                            <p class="hint">{locale.t("agent-new-hint")}</p>
                            <CitizenFields form=ENTERPRISE_FORM/>
                        }.into_any(),
                    }}
                </fieldset>
                <button type="submit">{locale.t("register-enterprise-submit")}</button>
            </form>
        </div>
    }
}
