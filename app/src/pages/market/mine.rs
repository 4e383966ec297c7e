use super::{yuan, Input, MarketNav};
use crate::api::market::{
    load_my_cloud_services, MyCloudServices, SubscriptionRow, VoucherBalance,
};
use crate::components::form::{field_id, CsrfField, ErrorSummary, Notice};
use crate::i18n::{use_locale, Locale};
use crate::pages::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use portal_types::domain::market::sme::Industry;

pub const ENROL_FORM: &str = "market-enrol";

/// "My cloud services": the enterprise's subscriptions (state, term, renewal, monthly cost
/// split between the SME and the subsidy), its orders, and its vouchers per programme.
#[component]
pub fn MyCloudServicesPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| load_my_cloud_services());
    view! {
        <Title text=locale.t("market-mine-title")/>
        <h1>{locale.t("market-mine-title")}</h1>
        <MarketNav/>
        <Notice/>
        <Loaded resource=data view=move |data| view! { <Mine data locale/> }/>
    }
}

#[component]
fn Mine(data: MyCloudServices, locale: Locale) -> impl IntoView {
    view! {
        <section aria-labelledby="mine-subscriptions">
            <h2 id="mine-subscriptions">{locale.t("market-subscriptions")}</h2>
            <p><a href="/market/statements" rel="external">{locale.t("statement-link")}</a></p>
            <SubscriptionTable rows=data.subscriptions locale empty_key="market-no-subscriptions" caption_key="market-subscriptions"/>
        </section>
        <section aria-labelledby="mine-orders">
            <h2 id="mine-orders">{locale.t("market-orders")}</h2>
            <SubscriptionTable rows=data.orders locale empty_key="market-no-orders" caption_key="market-orders"/>
        </section>
        <section aria-labelledby="mine-vouchers">
            <h2 id="mine-vouchers">{locale.t("market-vouchers")}</h2>
            <ErrorSummary form=ENROL_FORM/>
            {if data.vouchers.is_empty() {
                view! { <p class="empty">{locale.t("market-no-programmes")}</p> }.into_any()
            } else {
                data.vouchers.into_iter().map(|v| view! { <Voucher balance=v locale/> }).collect_view().into_any()
            }}
        </section>
    }
}

/// Subscriptions or orders: product, enterprise, plan, state, term end, the monthly cost
/// split (what the SME pays and what the subsidy covers per month; the subscription's page
/// has the whole term's price).
#[component]
pub fn SubscriptionTable(
    rows: Vec<SubscriptionRow>,
    locale: Locale,
    empty_key: &'static str,
    caption_key: &'static str,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{locale.t(empty_key)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
        <table>
            <caption class="visually-hidden">{locale.t(caption_key)}</caption>
            <thead><tr>
                <th scope="col">{locale.t("market-product")}</th>
                <th scope="col">{locale.t("market-enterprise")}</th>
                <th scope="col">{locale.t("market-plan")}</th>
                <th scope="col">{locale.t("market-state")}</th>
                <th scope="col">{locale.t("market-term-ends")}</th>
                <th scope="col">{locale.t("market-sme-pays-month")}</th>
                <th scope="col">{locale.t("market-subsidy-month")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row"><a href=format!("/market/subscriptions/{}", r.id)>{r.product.get(locale)}</a></th>
                        <td>{r.enterprise_name.clone()}</td>
                        <td>{format!("{} × {} ({})", r.plan.get(locale), r.quantity, locale.t(&r.term_key))}</td>
                        <td><span class="status-tag">{locale.t(r.state.label_key())}</span></td>
                        <td>{r.term_ends_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                        <td>{yuan(r.monthly.sme_fen)}</td>
                        <td>{yuan(r.monthly.subsidy_fen)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

#[component]
fn Voucher(balance: VoucherBalance, locale: Locale) -> impl IntoView {
    let left = balance.cap_fen - balance.reserved_fen - balance.committed_fen;
    let status = match (balance.admitted, &balance.size_key) {
        (Some(true), Some(size)) => locale.t_args("market-enrolled", &[("size", locale.t(size))]),
        (Some(false), _) => locale.t("market-not-admitted"),
        _ => locale.t("market-not-enrolled"),
    };
    let action = format!("/market/vouchers/{}/enrol", balance.programme_id);
    view! {
        <div class="card">
            <h3>{format!("{} — {}", balance.programme.get(locale), balance.enterprise_name)}</h3>
            <p>{status}</p>
            <dl class="guide-facts">
                <dt>{locale.t("market-cap")}</dt><dd>{yuan(balance.cap_fen)}</dd>
                <dt>{locale.t("market-reserved")}</dt><dd>{yuan(balance.reserved_fen)}</dd>
                <dt>{locale.t("market-used")}</dt><dd>{yuan(balance.committed_fen)}</dd>
                <dt>{locale.t("market-left")}</dt><dd>{yuan(left.max(0))}</dd>
                <dt>{locale.t("market-valid-until")}</dt><dd>{balance.valid_until.to_string()}</dd>
            </dl>
            {balance.admitted.is_none().then(|| view! {
                <form method="post" action=action class="narrow">
                    <CsrfField/>
                    <input type="hidden" name="enterprise_id" value=balance.enterprise_id.to_string()/>
                    <p class="hint">{locale.t("market-enrol-hint")}</p>
                    <div class="field">
                        <label for=field_id(ENROL_FORM, "industry")>{locale.t("market-industry")}</label>
                        <select id=field_id(ENROL_FORM, "industry") name="industry">
                            {Industry::ALL.iter().map(|i| view! { <option value=i.as_str()>{locale.t(i.label_key())}</option> }).collect_view()}
                        </select>
                    </div>
                    <Input form=ENROL_FORM name="employees" label=locale.t("market-employees") inputmode="numeric"/>
                    <Input form=ENROL_FORM name="revenue" label=locale.t("market-revenue") inputmode="decimal"/>
                    <Input form=ENROL_FORM name="total_assets" label=locale.t("market-total-assets") inputmode="decimal"/>
                    <button type="submit">{locale.t("market-enrol-submit")}</button>
                </form>
            })}
        </div>
    }
}
