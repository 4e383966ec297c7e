//! The second step of a staff login (`/login/second-factor`): the code of the authenticator
//! app (or a recovery code); for an account without one yet, enrolment (scan the QR code, give
//! the first code, keep the recovery codes shown once). And a new member of staff's enrolment
//! link (`/login/enrol?token=…`), where they choose their own password.
use super::Loaded;
use crate::api::second_factor::{load_enrolment_link, load_second_factor_enrolment};
use crate::components::form::{CsrfField, ErrorSummary, Field, Notice};
use crate::i18n::{use_locale, Locale};
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub const SECOND_FACTOR_FORM: &str = "second-factor";
pub const ENROLMENT_LINK_FORM: &str = "enrolment-link";
/// The answer to a confirmed enrolment carries the recovery codes under this name.
pub const RECOVERY_CODES_FIELD: &str = "recovery_codes";

/// `/login/second-factor`, and `/login/enrol?token=…` (a new member of staff's link): one
/// route for both keeps the router's table within what hydration handles.
#[component]
pub fn LoginStepPage() -> impl IntoView {
    let params = use_params_map();
    match params.with_untracked(|p| p.get("step")).as_deref() {
        Some("enrol") => view! { <EnrolmentLinkPage/> }.into_any(),
        Some("second-factor") => view! { <SecondFactorPage/> }.into_any(),
        _ => view! { <crate::pages::not_found::NotFound/> }.into_any(),
    }
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let locale = use_locale();
    let context = use_context::<PageContext>().unwrap_or_default();
    let query = use_query_map();
    let echo = context.echo_for(SECOND_FACTOR_FORM).cloned();
    let next = echo
        .as_ref()
        .and_then(|e| e.value("next").map(str::to_string))
        .or_else(|| query.with_untracked(|q| q.get("next")))
        .unwrap_or_else(|| "/account".to_string());
    let recovery_codes = echo
        .as_ref()
        .and_then(|e| e.value(RECOVERY_CODES_FIELD))
        .map(|codes| codes.split(' ').map(str::to_string).collect::<Vec<_>>());
    let body = match (recovery_codes, context.second_factor) {
        (Some(codes), _) => view! { <RecoveryCodes codes next locale/> }.into_any(),
        (None, Some(pending)) if pending.enrolled => view! {
            <p>{locale.t("second-factor-lead")}</p>
            <CodeForm step="verify" next hint="second-factor-code-hint"/>
        }
        .into_any(),
        (None, Some(_)) => view! { <Enrol next locale/> }.into_any(),
        (None, None) => view! {
            <p>{locale.t("second-factor-sign-in-first")}" "<a href="/login">{locale.t("login")}</a></p>
        }
        .into_any(),
    };
    view! {
        <Title text=locale.t("second-factor-title")/>
        <div class="narrow">
            <h1>{locale.t("second-factor-title")}</h1>
            <Notice/>
            {body}
        </div>
    }
}

#[component]
fn CodeForm(step: &'static str, next: String, hint: &'static str) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ErrorSummary form=SECOND_FACTOR_FORM/>
        <form method="post" action="/login/second-factor" novalidate>
            <CsrfField/>
            <input type="hidden" name="step" value=step/>
            <input type="hidden" name="next" value=next/>
            <Field form=SECOND_FACTOR_FORM name="code" label="second-factor-code" hint=hint autocomplete="one-time-code" inputmode="text"/>
            <button type="submit">{locale.t("second-factor-submit")}</button>
        </form>
    }
}

#[component]
fn Enrol(next: String, locale: Locale) -> impl IntoView {
    let enrolment = Resource::new(|| (), |_| load_second_factor_enrolment());
    view! {
        <p>{locale.t("second-factor-enrol-lead")}</p>
        <Loaded resource=enrolment view=move |enrolment| {
            let next = next.clone();
            view! {
                <ol>
                    <li>
                        <p>{locale.t("second-factor-enrol-scan")}</p>
                        <div class="qr" role="img" aria-label=locale.t("second-factor-qr-label") inner_html=enrolment.qr_svg></div>
                        <p>{locale.t("second-factor-enrol-type")}" "<code class="secret" data-secret="">{enrolment.secret}</code></p>
                    </li>
                    <li>
                        <p>{locale.t("second-factor-enrol-confirm")}</p>
                        <CodeForm step="enrol" next hint="second-factor-enrol-code-hint"/>
                    </li>
                </ol>
            }
        }/>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>, next: String, locale: Locale) -> impl IntoView {
    view! {
        <div class="notice" role="status">{locale.t("second-factor-enrolled")}</div>
        <h2>{locale.t("second-factor-recovery-title")}</h2>
        <p>{locale.t("second-factor-recovery-lead")}</p>
        <ul class="recovery-codes">
            {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
        </ul>
        // A full load: this answer was rendered before the login completed (its header does
        // not know the user yet).
        <p><a href=next class="button" rel="external">{locale.t("second-factor-recovery-continue")}</a></p>
    }
}

#[component]
pub fn EnrolmentLinkPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    let action = format!("/login/enrol?token={token}");
    let holder = Resource::new(move || token.clone(), load_enrolment_link);
    view! {
        <Title text=locale.t("enrolment-title")/>
        <div class="narrow">
            <h1>{locale.t("enrolment-title")}</h1>
            <Notice/>
            <Loaded resource=holder view=move |username| {
                let action = action.clone();
                view! {
                    <p>{locale.t_args("enrolment-lead", &[("username", username)])}</p>
                    <ErrorSummary form=ENROLMENT_LINK_FORM/>
                    <form method="post" action=action novalidate>
                        <CsrfField/>
                        <Field form=ENROLMENT_LINK_FORM name="password" label="password-new" kind="password" hint="password-hint" autocomplete="new-password"/>
                        <Field form=ENROLMENT_LINK_FORM name="password_confirm" label="password-confirm" kind="password" autocomplete="new-password"/>
                        <button type="submit">{locale.t("enrolment-submit")}</button>
                    </form>
                }
            }/>
        </div>
    }
}
