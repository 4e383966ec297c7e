use super::{percent, yuan, Input};
use crate::api::market::{
    load_market_admin, FindingRow, MarketAdmin, ProgrammeRow, VendorApplication,
};
use crate::components::form::{CsrfField, ErrorSummary, Notice};
use crate::i18n::{use_locale, Locale};
use crate::pages::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use portal_types::domain::market::Category;

pub const DECIDE_FORM: &str = "market-decide";
pub const PROGRAMME_FORM: &str = "market-programme";

/// The operator's marketplace: vendor applications, versions waiting for review, live
/// listings (suspend / lift), voucher programmes with their budget used, reserved and left.
#[component]
pub fn MarketAdminPage() -> impl IntoView {
    let locale = use_locale();
    let admin = Resource::new(|| (), |_| load_market_admin());
    view! {
        <Title text=locale.t("market-admin-title")/>
        <h1>{locale.t("market-admin-title")}</h1>
        <p><a href="/admin/market/subsidy" rel="external">{locale.t("statement-programme-title")}</a></p>
        <Notice/>
        <ErrorSummary form=DECIDE_FORM/>
        <Loaded resource=admin view=move |admin| view! { <Admin admin locale/> }/>
    }
}

/// A reason and two buttons, posting to `action`.
#[component]
fn Decision(
    action: String,
    id_suffix: String,
    yes_key: &'static str,
    no_key: &'static str,
    locale: Locale,
) -> impl IntoView {
    let reason_id = format!("reason-{id_suffix}");
    view! {
        <form method="post" action=action class="inline-decision">
            <CsrfField/>
            <label for=reason_id.clone()>{locale.t("market-reason")}</label>
            <input id=reason_id name="reason"/>
            <button type="submit" name="decision" value="yes">{locale.t(yes_key)}</button>
            <button type="submit" name="decision" value="no" class="button-secondary">{locale.t(no_key)}</button>
        </form>
    }
}

#[component]
fn Admin(admin: MarketAdmin, locale: Locale) -> impl IntoView {
    let MarketAdmin {
        vendors,
        reviews,
        listings,
        programmes,
        findings,
    } = admin;
    view! {
        <section aria-labelledby="admin-vendors">
            <h2 id="admin-vendors">{locale.t("market-admin-vendors")}</h2>
            {if vendors.is_empty() { view! { <p class="empty">{locale.t("market-none")}</p> }.into_any() } else {
                view! { <ul class="plain-list">{vendors.into_iter().map(|v| view! { <VendorItem vendor=v locale/> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section aria-labelledby="admin-reviews">
            <h2 id="admin-reviews">{locale.t("market-admin-reviews")}</h2>
            {if reviews.is_empty() { view! { <p class="empty">{locale.t("market-admin-no-reviews")}</p> }.into_any() } else {
                view! {
                    <ul class="plain-list">
                        {reviews.into_iter().map(|r| view! {
                            <li>
                                <a href=format!("/admin/market/listings/{}/versions/{}", r.listing_id, r.version)>
                                    {format!("{} (v{}) — {}", r.name.get(locale), r.version, r.vendor_name)}
                                </a>
                                {r.first_version.then(|| view! { " "<span class="status-tag">{locale.t("market-admin-first-version")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="admin-listings">
            <h2 id="admin-listings">{locale.t("market-admin-listings")}</h2>
            <div class="table-scroll">
            <table>
                <caption class="visually-hidden">{locale.t("market-admin-listings")}</caption>
                <thead><tr>
                    <th scope="col">{locale.t("market-product")}</th>
                    <th scope="col">{locale.t("market-vendor")}</th>
                    <th scope="col">{locale.t("market-state")}</th>
                    <th scope="col">{locale.t("market-admin-suspension")}</th>
                </tr></thead>
                <tbody>
                    {listings.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row"><a href=format!("/market/products/{}", l.listing_id)>{format!("{} (v{})", l.name.get(locale), l.published_version)}</a></th>
                            <td>{l.vendor_name.clone()}</td>
                            <td>{locale.t(if l.suspended { "market-suspended-short" } else { "market-live" })}</td>
                            <td>
                                <form method="post" action=format!("/admin/market/listings/{}/suspension", l.listing_id) class="inline-decision">
                                    <CsrfField/>
                                    <input type="hidden" name="suspend" value=if l.suspended { "no" } else { "yes" }/>
                                    {(!l.suspended).then(|| {
                                        let id = format!("suspend-reason-{}", l.listing_id);
                                        view! { <label for=id.clone()>{locale.t("market-reason")}</label><input id=id name="reason"/> }
                                    })}
                                    <button type="submit" class="button-secondary">{locale.t(if l.suspended { "market-admin-lift" } else { "market-admin-suspend" })}</button>
                                </form>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
        <Findings findings locale/>
        <section aria-labelledby="admin-programmes">
            <h2 id="admin-programmes">{locale.t("market-admin-programmes")}</h2>
            {programmes.into_iter().map(|p| view! { <Programme programme=p locale/> }).collect_view()}
            <h3>{locale.t("market-programme-create")}</h3>
            <ProgrammeForm locale/>
        </section>
    }
}

#[component]
fn VendorItem(vendor: VendorApplication, locale: Locale) -> impl IntoView {
    let yes_no = |b: bool| locale.t(if b { "market-yes" } else { "market-no" });
    let pending = vendor.status == "pending";
    view! {
        <li class="card">
            <h3>{vendor.name.clone()}" "<span class="status-tag">{locale.t(&format!("market-vendor-status-{}", vendor.status))}</span></h3>
            <dl class="guide-facts">
                <dt>{locale.t("credit-code")}</dt><dd>{vendor.credit_code.clone()}</dd>
                <dt>{locale.t("market-contact-name")}</dt><dd>{vendor.contact_name.clone()}</dd>
                <dt>{locale.t("market-mlps")}</dt><dd>{locale.t_args("market-mlps-level", &[("level", vendor.mlps_level.to_string())])}</dd>
                <dt>{locale.t("market-data-in-mainland")}</dt><dd>{yes_no(vendor.data_in_mainland)}</dd>
                <dt>{locale.t("market-crypto-assessed")}</dt><dd>{yes_no(vendor.crypto_assessed)}</dd>
                {vendor.decision_reason.clone().map(|r| view! { <dt>{locale.t("market-reason")}</dt><dd>{r}</dd> })}
            </dl>
            {pending.then(|| view! {
                <Decision action=format!("/admin/market/vendors/{}", vendor.vendor_id) id_suffix=vendor.vendor_id.to_string()
                    yes_key="market-approve" no_key="market-refuse" locale/>
            })}
        </li>
    }
}

#[component]
fn Programme(programme: ProgrammeRow, locale: Locale) -> impl IntoView {
    view! {
        <div class="card">
            <h3>{programme.name.get(locale)}</h3>
            <dl class="guide-facts">
                <dt>{locale.t("market-budget")}</dt><dd>{yuan(programme.budget_fen)}</dd>
                <dt>{locale.t("market-used")}</dt><dd>{yuan(programme.committed_fen)}</dd>
                <dt>{locale.t("market-reserved")}</dt><dd>{yuan(programme.reserved_fen)}</dd>
                <dt>{locale.t("market-left")}</dt><dd>{yuan(programme.left_fen())}</dd>
                <dt>{locale.t("market-cap")}</dt><dd>{yuan(programme.enterprise_cap_fen)}</dd>
                <dt>{locale.t("market-valid")}</dt><dd>{format!("{} – {}", programme.valid_from, programme.valid_until)}</dd>
                <dt>{locale.t("market-enrolled-count")}</dt><dd>{programme.enrolled}</dd>
                <dt>{locale.t("market-categories")}</dt>
                <dd>{programme.categories.iter().map(|(c, bp)| format!("{} {}", locale.t(c.label_key()), percent(*bp))).collect::<Vec<_>>().join("、")}</dd>
            </dl>
        </div>
    }
}

#[component]
fn ProgrammeForm(locale: Locale) -> impl IntoView {
    let f = PROGRAMME_FORM;
    view! {
        <ErrorSummary form=f/>
        <form method="post" action="/admin/market/programmes" class="narrow" novalidate>
            <CsrfField/>
            <Input form=f name="name_zh" label=locale.t("market-name-zh")/>
            <Input form=f name="name_en" label=locale.t("market-name-en")/>
            <Input form=f name="budget" label=locale.t("market-budget-yuan") inputmode="numeric"/>
            <Input form=f name="enterprise_cap" label=locale.t("market-cap-yuan") inputmode="numeric"/>
            <Input form=f name="valid_from" label=locale.t("market-valid-from") kind="date"/>
            <Input form=f name="valid_until" label=locale.t("market-valid-until") kind="date"/>
            <Input form=f name="holding_days" label=locale.t("market-holding-days") inputmode="numeric" value="90"/>
            <fieldset>
                <legend>{locale.t("market-subsidy-by-category")}</legend>
                <p class="hint">{locale.t("market-subsidy-by-category-hint")}</p>
                {Category::ALL.iter().map(|c| {
                    let name = format!("subsidy.{}", c.as_str());
                    view! { <Input form=f name=name.clone() label=locale.t(c.label_key()) inputmode="numeric"/> }
                }).collect_view()}
            </fieldset>
            <button type="submit">{locale.t("market-programme-create")}</button>
        </form>
    }
}

/// What the daily reconciliation found between the portal and vendors' systems.
#[component]
fn Findings(findings: Vec<FindingRow>, locale: Locale) -> impl IntoView {
    view! {
        <section aria-labelledby="admin-reconciliation">
            <h2 id="admin-reconciliation">{locale.t("market-admin-reconciliation")}</h2>
            <p class="hint">{locale.t("market-reconciliation-hint")}</p>
            {if findings.is_empty() { view! { <p class="empty">{locale.t("market-reconciliation-none")}</p> }.into_any() } else { view! {
                <div class="table-scroll">
                <table>
                    <thead><tr>
                        <th scope="col">{locale.t("market-enterprise")}</th>
                        <th scope="col">{locale.t("market-vendor")}</th>
                        <th scope="col">{locale.t("market-reconciliation-differences")}</th>
                        <th scope="col">{locale.t("market-reconciliation-portal")}</th>
                        <th scope="col">{locale.t("market-reconciliation-vendor")}</th>
                        <th scope="col">{locale.t("market-reconciliation-checked")}</th>
                    </tr></thead>
                    <tbody>
                        {findings.into_iter().map(|f| view! {
                            <tr>
                                <th scope="row"><a href=format!("/market/subscriptions/{}", f.subscription_id)>{f.enterprise_name.clone()}</a></th>
                                <td>{f.vendor_name.clone()}</td>
                                <td>{f.differences.iter().map(|d| locale.t(&format!("market-difference-{d}"))).collect::<Vec<_>>().join("、")}</td>
                                <td>{f.portal.clone()}</td>
                                <td>{f.vendor.clone().unwrap_or_else(|| locale.t("market-difference-missing"))}</td>
                                <td>{locale.datetime(f.checked_at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any() }}
        </section>
    }
}
