use super::mine::SubscriptionTable;
use crate::api::market::{load_vendor_console, VendorConsole};
use crate::components::form::{field_id, CsrfField, ErrorSummary, Field, Notice};
use crate::i18n::{use_locale, Locale};
use crate::pages::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;

pub const VENDOR_APPLY_FORM: &str = "vendor-apply";
pub const VENDOR_STAFF_FORM: &str = "vendor-staff";

/// A cloud vendor applies to list on the marketplace, creating its admin account.
#[component]
pub fn VendorApplyPage() -> impl IntoView {
    let locale = use_locale();
    let f = VENDOR_APPLY_FORM;
    view! {
        <Title text=locale.t("market-vendor-apply-title")/>
        <div class="narrow">
            <h1>{locale.t("market-vendor-apply-title")}</h1>
            <p>{locale.t("market-vendor-apply-lead")}</p>
            <ErrorSummary form=f/>
            <form method="post" action="/vendor/apply" novalidate>
                <CsrfField/>
                <fieldset>
                    <legend>{locale.t("market-vendor-organisation")}</legend>
                    <Field form=f name="name" label="market-vendor-name" autocomplete="organization"/>
                    <Field form=f name="credit_code" label="credit-code" hint="credit-code-hint" autocomplete="off"/>
                    <Field form=f name="legal_rep" label="legal-rep"/>
                    <Field form=f name="contact_name" label="market-contact-name" autocomplete="name"/>
                    <Field form=f name="contact_mobile" label="mobile" kind="tel" inputmode="tel" autocomplete="tel"/>
                    <Field form=f name="contact_email" label="market-contact-email" kind="email" autocomplete="email"/>
                </fieldset>
                <fieldset>
                    <legend>{locale.t("market-declarations")}</legend>
                    <div class="field">
                        <label for=field_id(f, "mlps_level")>{locale.t("market-mlps")}</label>
                        <select id=field_id(f, "mlps_level") name="mlps_level">
                            {["1", "2", "3", "4"].into_iter().map(|l| view! {
                                <option value=l selected=l == "3">{locale.t_args("market-mlps-level", &[("level", l.to_string())])}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <super::Checkbox form=f name="data_in_mainland" label=locale.t("market-data-in-mainland")/>
                    <super::Checkbox form=f name="crypto_assessed" label=locale.t("market-crypto-assessed")/>
                </fieldset>
                <fieldset>
                    <legend>{locale.t("market-vendor-admin-account")}</legend>
                    <Field form=f name="username" label="username" hint="username-hint" autocomplete="username"/>
                    <Field form=f name="password" label="password" kind="password" hint="password-hint" autocomplete="new-password"/>
                </fieldset>
                <button type="submit">{locale.t("market-vendor-apply-submit")}</button>
            </form>
        </div>
    }
}

/// The vendor console: the application's state, the listings with their review state, the
/// subscriptions of the vendor's products (enterprise names, never personal numbers).
#[component]
pub fn VendorConsolePage() -> impl IntoView {
    let locale = use_locale();
    let console = Resource::new(|| (), |_| load_vendor_console());
    view! {
        <Title text=locale.t("market-vendor-console")/>
        <h1>{locale.t("market-vendor-console")}</h1>
        <p><a href="/market/vendor/statements" rel="external">{locale.t("statement-vendor-title")}</a></p>
        <Notice/>
        <Loaded resource=console view=move |console| view! { <Console console locale/> }/>
    }
}

#[component]
fn Console(console: VendorConsole, locale: Locale) -> impl IntoView {
    let approved = console.status == "approved";
    let status_key = format!("market-vendor-status-{}", console.status);
    view! {
        <p><strong>{console.name.clone()}</strong>" · "<span class="status-tag">{locale.t(&status_key)}</span></p>
        {console.decision_reason.clone().map(|r| view! { <p>{locale.t("market-reason")}": "{r}</p> })}
        {approved.then(|| view! {
            <section aria-labelledby="vendor-listings">
                <h2 id="vendor-listings">{locale.t("market-vendor-listings")}</h2>
                <p><a class="button" href="/vendor/listings/new">{locale.t("market-listing-new")}</a></p>
                {if console.listings.is_empty() {
                    view! { <p class="empty">{locale.t("market-vendor-no-listings")}</p> }.into_any()
                } else {
                    view! {
                        <table>
                            <caption class="visually-hidden">{locale.t("market-vendor-listings")}</caption>
                            <thead><tr>
                                <th scope="col">{locale.t("market-product")}</th>
                                <th scope="col">{locale.t("market-category")}</th>
                                <th scope="col">{locale.t("market-published-version")}</th>
                                <th scope="col">{locale.t("market-review-state")}</th>
                            </tr></thead>
                            <tbody>
                                {console.listings.iter().map(|l| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/vendor/listings/{}", l.listing_id)>{l.name.get(locale)}</a></th>
                                        <td>{locale.t(l.category.label_key())}</td>
                                        <td>{l.published_version.map(|v| format!("v{v}")).unwrap_or_else(|| "—".into())}
                                            {l.suspended.then(|| view! { " "<span class="status-tag">{locale.t("market-suspended-short")}</span> })}</td>
                                        <td>{l.open_state.as_ref().map(|s| locale.t(&format!("market-review-{s}"))).unwrap_or_else(|| "—".into())}
                                            {l.open_reason.clone().map(|r| view! { <p class="hint">{r}</p> })}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="vendor-subscriptions">
                <h2 id="vendor-subscriptions">{locale.t("market-vendor-subscriptions")}</h2>
                <SubscriptionTable rows=console.subscriptions.clone() locale empty_key="market-no-subscriptions" caption_key="market-vendor-subscriptions"/>
            </section>
        })}
        {(approved && console.is_admin).then(|| view! {
            <section aria-labelledby="vendor-staff">
                <h2 id="vendor-staff">{locale.t("market-vendor-staff")}</h2>
                <ErrorSummary form=VENDOR_STAFF_FORM/>
                <form method="post" action="/vendor/staff" class="narrow" novalidate>
                    <CsrfField/>
                    <Field form=VENDOR_STAFF_FORM name="username" label="username" hint="username-hint" autocomplete="off"/>
                    <Field form=VENDOR_STAFF_FORM name="display_name" label="display-name"/>
                    <Field form=VENDOR_STAFF_FORM name="password" label="staff-initial-password" kind="password" hint="password-hint" autocomplete="new-password"/>
                    <button type="submit">{locale.t("market-vendor-staff-add")}</button>
                </form>
            </section>
        })}
    }
}
