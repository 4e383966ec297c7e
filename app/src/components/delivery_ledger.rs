//! Where a case went: the applicant's one line ("delivered to the department's system at …")
//! and the staff's table of every delivery attempt.
use crate::api::deliveries::DeliveryAttempt;
use crate::i18n::Locale;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// "已送达部门系统，于 <time>", when the case reached the department's own system.
#[component]
pub fn DeliveredNote(at: Option<DateTime<Utc>>, locale: Locale) -> impl IntoView {
    at.map(|at| {
        view! {
            <p class="delivered-to-department">
                {locale.t_args("delivery-sent-to-department", &[("time", locale.datetime(at))])}
            </p>
        }
    })
}

/// "部门系统尚未收到此申请", when its delivery was given up on: the applicant is not left
/// believing the department is working on it (the operators have been told).
#[component]
pub fn UndeliveredNote(undelivered: bool, locale: Locale) -> impl IntoView {
    undelivered.then(|| {
        view! {
            <p class="notice undelivered-to-department" role="status">
                {locale.t("delivery-not-received")}
            </p>
        }
    })
}

/// The department system's own reference for the case, when it gave one.
#[component]
pub fn DepartmentReference(reference: Option<String>, locale: Locale) -> impl IntoView {
    reference.map(|reference| {
        view! {
            <p class="department-reference">
                {locale.t_args("delivery-department-reference", &[("reference", reference)])}
            </p>
        }
    })
}

/// Every delivery attempt of the case, oldest first (nothing when there was none).
#[component]
pub fn DeliveryLedger(attempts: Vec<DeliveryAttempt>, locale: Locale) -> impl IntoView {
    (!attempts.is_empty()).then(|| {
        view! {
            <section aria-labelledby="delivery-ledger-title">
                <h2 id="delivery-ledger-title">{locale.t("delivery-ledger")}</h2>
                <table class="delivery-ledger">
                    <thead><tr>
                        <th scope="col">{locale.t("delivery-ledger-time")}</th>
                        <th scope="col">{locale.t("delivery-ledger-event")}</th>
                        <th scope="col">{locale.t("delivery-ledger-backend")}</th>
                        <th scope="col">{locale.t("delivery-ledger-status")}</th>
                        <th scope="col">{locale.t("delivery-ledger-latency")}</th>
                        <th scope="col">{locale.t("delivery-ledger-outcome")}</th>
                        <th scope="col">{locale.t("delivery-ledger-error")}</th>
                    </tr></thead>
                    <tbody>
                        {attempts.into_iter().map(|a| view! {
                            <tr>
                                <td><time datetime=a.attempted_at.to_rfc3339()>{locale.datetime(a.attempted_at)}</time></td>
                                <td><code>{a.event.clone()}</code></td>
                                <td>{a.backend_kind.clone()}{a.url.clone().map(|u| view! { <br/><code>{u}</code> })}</td>
                                <td>{a.status_code.map(|s| s.to_string()).unwrap_or_default()}</td>
                                <td>{a.latency_ms.to_string()}</td>
                                <td>{locale.t(a.outcome_key())}</td>
                                <td>{a.error.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    })
}
