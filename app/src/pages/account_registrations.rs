//! The account page's enterprise registrations: the ones this account made that wait for their
//! legal representative (or were declined), and the ones it is asked to confirm as one.
use crate::api::account::{ConfirmationRow, RegistrationRow};
use crate::components::form::{CsrfField, ErrorSummary, Field};
use crate::i18n::Locale;
use leptos::prelude::*;

/// The `form` value that sends a decision to `/account`.
pub const DECISION_FORM: &str = "registration-decision";

/// The echo key of the decision form of one registration.
pub fn decision_form(registration_id: &uuid::Uuid) -> String {
    format!("decide-{registration_id}")
}

/// Registrations waiting for the account's answer as legal representative.
#[component]
pub fn ToConfirm(rows: Vec<ConfirmationRow>, locale: Locale) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        view! {
            <section aria-labelledby="to-confirm-title" class="card attention">
                <h2 id="to-confirm-title">{locale.t("registration-to-confirm-title")}</h2>
                <p>{locale.t("registration-to-confirm-lead")}</p>
                {rows.into_iter().map(|row| view! { <Decision row locale/> }).collect_view()}
            </section>
        }
    })
}

#[component]
fn Decision(row: ConfirmationRow, locale: Locale) -> impl IntoView {
    let form = decision_form(&row.registration_id);
    let heading = format!("decision-{}", row.registration_id);
    let labelled_by = heading.clone();
    view! {
        <article aria-labelledby=labelled_by>
            <h3 id=heading>{row.enterprise_name.clone()}</h3>
            <dl class="guide-facts">
                <dt>{locale.t("credit-code")}</dt><dd>{row.credit_code.clone()}</dd>
                <dt>{locale.t("registration-registrant")}</dt>
                <dd>{row.registrant_name.clone()}" · "{row.registrant_mobile.clone()}</dd>
            </dl>
            <ErrorSummary form=form.clone()/>
            <form method="post" action="/account" novalidate>
                <CsrfField/>
                <input type="hidden" name="form" value=DECISION_FORM/>
                <input type="hidden" name="registration_id" value=row.registration_id.to_string()/>
                <Field form=form.clone() name="reason" label="registration-reason" hint="registration-reason-hint" required=false/>
                <button type="submit" name="decision" value="confirm">{locale.t("registration-confirm")}</button>
                " "
                <button type="submit" name="decision" value="decline" class="button-secondary">{locale.t("registration-decline")}</button>
            </form>
        </article>
    }
}

/// The account's own registrations that are not enterprises (yet).
#[component]
pub fn OwnRegistrations(rows: Vec<RegistrationRow>, locale: Locale) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        view! {
            <ul class="plain-list">
                {rows.into_iter().map(|row| {
                    let status = if row.declined {
                        locale.t("registration-declined")
                    } else {
                        locale.t("registration-waiting")
                    };
                    let reason = (row.declined && !row.reason.is_empty()).then(|| {
                        locale.t_args("registration-declined-reason", &[("reason", row.reason.clone())])
                    });
                    view! {
                        <li>
                            <strong>{row.enterprise_name.clone()}</strong>" · "{row.credit_code.clone()}" · "{status}
                            {reason.map(|reason| view! { " "{reason} })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}
