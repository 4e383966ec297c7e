use crate::components::form::{CsrfField, ErrorSummary, Field, Notice};
use crate::i18n::{use_locale, Locale};
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_meta::Title;

pub const CITIZEN_FORM: &str = "register";
pub const ENTERPRISE_FORM: &str = "register-enterprise";

/// The citizen registration form. After the mobile, a button sends a code to it (the same form posted to `/register/code`, which sends the code and shows the form again
/// with what was typed); the code proves the mobile is the registrant's.
#[component]
pub fn RegisterCitizenPage() -> impl IntoView {
    let locale = use_locale();
    let form = CITIZEN_FORM;
    // "A code was sent": the form given back by `/register/code` says so (a known key only).
    let sent_notice = use_context::<PageContext>()
        .and_then(|c| c.echo_for(CITIZEN_FORM).and_then(|e| e.notice.clone()))
        .filter(|key| key.starts_with("notice-") && locale.has(key));
    view! {
        <Title text=locale.t("register-title")/>
        <div class="narrow">
            <h1>{locale.t("register-title")}</h1>
            <Notice/>
            {sent_notice.map(|key| view! { <div class="notice" role="status">{locale.t(&key)}</div> })}
            <p>{locale.t("register-lead")}</p>
            <ErrorSummary form=CITIZEN_FORM/>
            <form method="post" action="/register" novalidate>
                // Enter in any field registers: the first submit button is the form's default,
                // so the one that sends a code must not be it. Hidden from everyone else.
                <button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">
                    {locale.t("register-submit")}
                </button>
                <CsrfField/>
                <Field form=form name="real_name" label="real-name" autocomplete="name"/>
                <Field form=form name="id_number" label="id-number" hint="id-number-hint" autocomplete="off"/>
                <Field form=form name="mobile" label="mobile" kind="tel" inputmode="tel" autocomplete="tel"/>
                <button type="submit" class="button-secondary" formaction="/register/code" formnovalidate>
                    {locale.t("register-send-code")}
                </button>
                <Field form=form name="code" label="code" hint="register-code-hint" autocomplete="one-time-code" inputmode="numeric"/>
                <Field form=form name="password" label="password" kind="password" hint="password-hint" autocomplete="new-password"/>
                <Field form=form name="password_confirm" label="password-confirm" kind="password" autocomplete="new-password"/>
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
    // The registering agent is a citizen whose mobile a code proved: sign in (or register) first.
    let body = match logged_in {
        None => view! {
            <p>{locale.t("register-enterprise-sign-in-first")}</p>
            <p>
                <a href="/login?next=/register/enterprise">{locale.t("login")}</a>
                " · "
                <a href="/register">{locale.t("register")}</a>
            </p>
        }
        .into_any(),
        Some(name) => view! {
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
                    <p>{locale.t_args("agent-is-you", &[("name", name)])}</p>
                </fieldset>
                <button type="submit">{locale.t("register-enterprise-submit")}</button>
            </form>
        }
        .into_any(),
    };
    view! {
        <Title text=locale.t("register-enterprise-title")/>
        <div class="narrow">
            <h1>{locale.t("register-enterprise-title")}</h1>
            {body}
        </div>
    }
}
