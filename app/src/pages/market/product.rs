use super::{percent, yuan, MarketNav};
use crate::api::market::{load_compare, load_product, Product};
use crate::i18n::{use_locale, Locale};
use crate::pages::{Loaded, NotFound, Refused};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_types::domain::market::listing::Plan;
use uuid::Uuid;

const PRODUCT_NOT_FOUND: Refused = Refused {
    forbidden_key: "forbidden",
    not_found: Some(NotFound {
        title_key: "market-product-not-found",
        back_href: "/market",
        back_key: "market-back",
    }),
};

/// A product's page: plans, SLA, labels, the vendor's declarations, the subsidy.
#[component]
pub fn ProductPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let product = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_product(id).await,
            None => Err(crate::api::ApiError::NotFound),
        }
    });
    view! {
        <MarketNav/>
        <Loaded resource=product refused=PRODUCT_NOT_FOUND view=move |product| view! { <ProductView product locale/> }/>
    }
}

#[component]
fn ProductView(product: Product, locale: Locale) -> impl IntoView {
    let name = locale
        .pick(&product.content.name_zh, &product.content.name_en)
        .to_string();
    let description = locale
        .pick(
            &product.content.description_zh,
            &product.content.description_en,
        )
        .to_string();
    let subsidy = product.subsidy_bp;
    let order_href = format!("/market/products/{}/order", product.listing_id);
    // Enterprises order through their agents' (citizen) accounts; nobody signed in is asked
    // to sign in by the order page. Vendors and staff are not offered it.
    let may_order = use_context::<crate::page_context::PageContext>()
        .and_then(|c| c.user)
        .is_none_or(|u| u.role == crate::domain::roles::Role::Citizen);
    view! {
        <Title text=name.clone()/>
        <h1>{name}</h1>
        <p class="lead">{locale.pick(&product.content.summary_zh, &product.content.summary_en).to_string()}</p>
        {product.suspended.then(|| view! { <p class="notice" role="status">{locale.t("market-suspended")}</p> })}
        <p>{description}</p>
        <h2>{locale.t("market-plans")}</h2>
        <PlanTable plans=product.content.plans.clone() discount_bp=product.content.vendor_discount_bp subsidy_bp=subsidy locale/>
        {(!product.suspended && may_order).then(|| view! { <p><a class="button" href=order_href>{locale.t("market-order-link")}</a></p> })}
        <h2>{locale.t("market-facts")}</h2>
        <Facts product=product.clone() locale/>
        <h2>{locale.t("market-ratings")}</h2>
        {if product.ratings.count == 0 {
            view! { <p class="empty">{locale.t("market-ratings-none")}</p> }.into_any()
        } else {
            view! {
                <p>{locale.t_args("market-ratings-average", &[("average", product.ratings.average()), ("count", product.ratings.count.to_string())])}</p>
                <ul class="plain-list">
                    {product.ratings.comments.iter().map(|c| view! {
                        <li><strong>{format!("{} / 5", c.score)}</strong>" · "{c.enterprise.clone()}<p>{c.comment.clone()}</p></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// The plans with their list price, and the price after the vendor's discount and the
/// subsidy an open programme gives (per seat per term).
#[component]
pub fn PlanTable(
    plans: Vec<Plan>,
    discount_bp: u32,
    subsidy_bp: Option<u32>,
    locale: Locale,
) -> impl IntoView {
    use portal_types::domain::market::subsidy::{breakdown, SubsidyLimits};
    view! {
        <table>
            <caption class="visually-hidden">{locale.t("market-plans")}</caption>
            <thead><tr>
                <th scope="col">{locale.t("market-plan")}</th>
                <th scope="col">{locale.t("market-term")}</th>
                <th scope="col">{locale.t("market-seat-price")}</th>
                <th scope="col">{locale.t("market-price-after-subsidy")}</th>
                <th scope="col">{locale.t("market-seats")}</th>
                <th scope="col">{locale.t("market-trial")}</th>
                <th scope="col">{locale.t("market-metered")}</th>
            </tr></thead>
            <tbody>
                {plans.into_iter().map(|p| {
                    let limits = subsidy_bp.map(|bp| SubsidyLimits { subsidy_bp: bp, enterprise_cap_left_fen: i64::MAX, budget_left_fen: i64::MAX });
                    let after = breakdown(p.seat_price_fen, discount_bp, limits.as_ref()).sme_fen;
                    view! {
                        <tr>
                            <th scope="row">{locale.pick(&p.name_zh, &p.name_en).to_string()}</th>
                            <td>{locale.t(p.term.label_key())}</td>
                            <td>{yuan(p.seat_price_fen)}</td>
                            <td>{yuan(after)}</td>
                            <td>{format!("{}–{}", p.min_seats, p.max_seats)}</td>
                            <td>{if p.trial_days > 0 { locale.t_args("market-trial-days", &[("days", p.trial_days.to_string())]) } else { locale.t("market-none") }}</td>
                            <td>{if p.metered.is_empty() { locale.t("market-none") } else {
                                p.metered.iter().map(|m| format!("{} / {}", yuan(m.unit_price_fen), locale.pick(&m.unit_zh, &m.unit_en))).collect::<Vec<_>>().join("; ")
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Facts(product: Product, locale: Locale) -> impl IntoView {
    let c = &product.content;
    let yes_no = |b: bool| locale.t(if b { "market-yes" } else { "market-no" });
    view! {
        <dl class="guide-facts">
            <dt>{locale.t("market-category")}</dt><dd>{locale.t(c.category.label_key())}</dd>
            <dt>{locale.t("market-availability")}</dt><dd>{percent(c.availability_bp)}</dd>
            <dt>{locale.t("market-provisioning")}</dt><dd>{locale.t_args("market-hours", &[("hours", c.provisioning_hours.to_string())])}</dd>
            <dt>{locale.t("market-measured-provisioning")}</dt>
            <dd>{match (product.measured.median_minutes, product.measured.p90_minutes, product.measured.on_time_bp) {
                (Some(median), Some(p90), Some(on_time)) => locale.t_args("market-measured", &[
                    ("median", median.to_string()),
                    ("p90", p90.to_string()),
                    ("on_time", percent(on_time)),
                    ("count", product.measured.provisions.to_string()),
                ]),
                _ => locale.t("market-measured-none"),
            }}</dd>
            <dt>{locale.t("market-support")}</dt><dd>{locale.t_args("market-hours", &[("hours", c.support_response_hours.to_string())])}</dd>
            <dt>{locale.t("market-labels")}</dt><dd>{if c.labels.is_empty() { locale.t("market-none") } else { c.labels.join("、") }}</dd>
            <dt>{locale.t("market-vendor-discount")}</dt><dd>{percent(c.vendor_discount_bp)}</dd>
            <dt>{locale.t("market-voucher")}</dt>
            <dd>{match (product.subsidy_bp, &product.programme) {
                (Some(bp), Some(programme)) => locale.t_args("market-subsidy-by", &[("percent", percent(bp)), ("programme", programme.get(locale))]),
                _ => locale.t("market-no-voucher"),
            }}</dd>
            <dt>{locale.t("market-vendor")}</dt><dd>{product.vendor.name.clone()}</dd>
            <dt>{locale.t("market-mlps")}</dt><dd>{locale.t_args("market-mlps-level", &[("level", product.vendor.mlps_level.to_string())])}</dd>
            <dt>{locale.t("market-data-in-mainland")}</dt><dd>{yes_no(product.vendor.data_in_mainland)}</dd>
            <dt>{locale.t("market-crypto-assessed")}</dt><dd>{yes_no(product.vendor.crypto_assessed)}</dd>
            <dt>{locale.t("market-subscribers")}</dt><dd>{product.subscribers}</dd>
        </dl>
    }
}

/// Up to four products side by side: plans, prices after subsidy, SLA, labels.
#[component]
pub fn ComparePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let ids = move || query.with(|q| q.get_all("ids").unwrap_or_default());
    let products = Resource::new(ids, load_compare);
    view! {
        <Title text=locale.t("market-compare-title")/>
        <h1>{locale.t("market-compare-title")}</h1>
        <MarketNav/>
        <Loaded resource=products view=move |products| view! { <CompareTable products locale/> }/>
    }
}

#[component]
fn CompareTable(products: Vec<Product>, locale: Locale) -> impl IntoView {
    if products.is_empty() {
        return view! { <p class="empty">{locale.t("market-compare-empty")}</p> }.into_any();
    }
    let cell = |f: &dyn Fn(&Product) -> String| {
        products
            .iter()
            .map(|p| view! { <td>{f(p)}</td> })
            .collect_view()
    };
    let cheapest = |p: &Product| {
        use portal_types::domain::market::subsidy::{breakdown, SubsidyLimits};
        let limits = p.subsidy_bp.map(|bp| SubsidyLimits {
            subsidy_bp: bp,
            enterprise_cap_left_fen: i64::MAX,
            budget_left_fen: i64::MAX,
        });
        p.content
            .plans
            .iter()
            .map(|plan| {
                let after = breakdown(
                    plan.seat_price_fen,
                    p.content.vendor_discount_bp,
                    limits.as_ref(),
                )
                .sme_fen;
                format!(
                    "{}: {} → {} ({})",
                    locale.pick(&plan.name_zh, &plan.name_en),
                    yuan(plan.seat_price_fen),
                    yuan(after),
                    locale.t(plan.term.label_key())
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    view! {
        <div class="table-scroll">
        <table class="compare">
            <caption>{locale.t("market-compare-caption")}</caption>
            <thead><tr>
                <td></td>
                {products.iter().map(|p| view! {
                    <th scope="col"><a href=format!("/market/products/{}", p.listing_id)>{locale.pick(&p.content.name_zh, &p.content.name_en).to_string()}</a></th>
                }).collect_view()}
            </tr></thead>
            <tbody>
                <tr><th scope="row">{locale.t("market-vendor")}</th>{cell(&|p| p.vendor.name.clone())}</tr>
                <tr><th scope="row">{locale.t("market-category")}</th>{cell(&|p| locale.t(p.content.category.label_key()))}</tr>
                <tr><th scope="row">{locale.t("market-plans-prices")}</th>{products.iter().map(|p| view! { <td class="pre-line">{cheapest(p)}</td> }).collect_view()}</tr>
                <tr><th scope="row">{locale.t("market-voucher")}</th>{cell(&|p| p.subsidy_bp.map(percent).unwrap_or_else(|| locale.t("market-none")))}</tr>
                <tr><th scope="row">{locale.t("market-availability")}</th>{cell(&|p| percent(p.content.availability_bp))}</tr>
                <tr><th scope="row">{locale.t("market-provisioning")}</th>{cell(&|p| locale.t_args("market-hours", &[("hours", p.content.provisioning_hours.to_string())]))}</tr>
                <tr><th scope="row">{locale.t("market-support")}</th>{cell(&|p| locale.t_args("market-hours", &[("hours", p.content.support_response_hours.to_string())]))}</tr>
                <tr><th scope="row">{locale.t("market-mlps")}</th>{cell(&|p| locale.t_args("market-mlps-level", &[("level", p.vendor.mlps_level.to_string())]))}</tr>
                <tr><th scope="row">{locale.t("market-labels")}</th>{cell(&|p| p.content.labels.join("、"))}</tr>
            </tbody>
        </table>
        </div>
    }.into_any()
}
