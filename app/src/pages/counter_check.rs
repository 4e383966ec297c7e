//! 窗口核验: department staff check a person's identity document at the counter and raise their
//! account to real-name level L3. The form posts to the server's `/workbench/identity`.
use crate::components::form::{CsrfField, ErrorSummary, Field, Notice};
use crate::i18n::use_locale;
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_meta::Title;

pub const COUNTER_FORM: &str = "counter-check";
pub const COUNTER_PATH: &str = "/workbench/identity";

#[component]
pub fn CounterCheckPage() -> impl IntoView {
    let locale = use_locale();
    let staff = use_context::<PageContext>()
        .and_then(|c| c.user)
        .is_some_and(|u| u.role.needs_department());
    let checked = use_context::<PageContext>()
        .and_then(|c| c.echo_for(COUNTER_FORM).cloned())
        .and_then(|e| e.value("document_checked").map(|v| v == "yes"))
        .unwrap_or(false);
    let reclaim = use_context::<PageContext>()
        .and_then(|c| c.echo_for(COUNTER_FORM).cloned())
        .and_then(|e| e.value("reclaim").map(|v| v == "yes"))
        .unwrap_or(false);
    let error = use_context::<PageContext>()
        .and_then(|c| c.echo_for(COUNTER_FORM).cloned())
        .and_then(|e| e.error("document_checked").map(str::to_string));
    let has_error = error.is_some();
    view! {
        <Title text=locale.t("counter-title")/>
        <div class="narrow">
            <h1>{locale.t("counter-title")}</h1>
            <Notice/>
            {if staff {
                view! {
                    <p>{locale.t("counter-lead")}</p>
                    <ErrorSummary form=COUNTER_FORM/>
                    <form method="post" action=COUNTER_PATH novalidate>
                        <CsrfField/>
                        <Field form=COUNTER_FORM name="id_number" label="id-number" hint="id-number-hint" autocomplete="off"/>
                        <Field form=COUNTER_FORM name="mobile" label="mobile" kind="tel" inputmode="tel" autocomplete="off"/>
                        <div class="field" class:field-has-error=has_error>
                            {error.map(|code| view! {
                                <p class="field-error" id="counter-check-document_checked-error">{locale.t(&code)}</p>
                            })}
                            <input type="checkbox" id="counter-check-document_checked" name="document_checked" value="yes" checked=checked/>
                            " "
                            <label for="counter-check-document_checked">{locale.t("counter-document-checked")}</label>
                        </div>
                        <div class="field">
                            <p class="hint" id="counter-check-reclaim-hint">{locale.t("counter-reclaim-hint")}</p>
                            <input type="checkbox" id="counter-check-reclaim" name="reclaim" value="yes" checked=reclaim aria-describedby="counter-check-reclaim-hint"/>
                            " "
                            <label for="counter-check-reclaim">{locale.t("counter-reclaim")}</label>
                        </div>
                        <button type="submit">{locale.t("counter-submit")}</button>
                    </form>
                }
                .into_any()
            } else {
                view! { <p>{locale.t("wb-staff-only")}</p> }.into_any()
            }}
        </div>
    }
}
