use super::{percent, yuan, MarketNav};
use crate::api::market::{load_market_catalogue, MarketCatalogue, MarketFilter, ProductCard};
use crate::i18n::{use_locale, Locale};
use crate::pages::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portal_types::domain::market::Category;

/// 云市场: hosted tools for SMEs, by category, searched in both languages, filtered by price,
/// trial, 等保 level and voucher eligibility; products ticked here are compared side by side.
#[component]
pub fn MarketCataloguePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
            (
                get("q"),
                get("category"),
                get("min_price"),
                get("max_price"),
                get("trial"),
                get("mlps"),
                get("voucher"),
            )
        })
    };
    let page = Resource::new(filter, |(q, category, min, max, trial, mlps, voucher)| {
        load_market_catalogue(q, category, min, max, trial, mlps, voucher)
    });
    view! {
        <Title text=locale.t("market-title")/>
        <h1>{locale.t("market-title")}</h1>
        <p class="lead">{locale.t("market-lead")}</p>
        <MarketNav/>
        <Loaded resource=page view=move |catalogue| view! { <Catalogue catalogue locale/> }/>
    }
}

#[component]
fn Catalogue(catalogue: MarketCatalogue, locale: Locale) -> impl IntoView {
    let MarketCatalogue {
        filter,
        categories,
        products,
    } = catalogue;
    view! {
        <Filters filter categories locale/>
        <p class="result-count" role="status">
            {locale.t_args("market-result-count", &[("count", products.len().to_string())])}
        </p>
        {if products.is_empty() {
            view! { <p class="empty">{locale.t("market-empty")}</p> }.into_any()
        } else {
            view! {
                <form method="get" action="/market/compare" class="compare-form">
                    <p class="hint">{locale.t("market-compare-hint")}</p>
                    <ul class="service-list">
                        {products.into_iter().map(|p| view! { <Card product=p locale/> }).collect_view()}
                    </ul>
                    <button type="submit">{locale.t("market-compare-submit")}</button>
                </form>
            }.into_any()
        }}
    }
}

#[component]
fn Filters(
    filter: MarketFilter,
    categories: Vec<(Category, i64)>,
    locale: Locale,
) -> impl IntoView {
    let current_category = filter.category.clone().unwrap_or_default();
    let current_mlps = filter.mlps.clone().unwrap_or_default();
    view! {
        <form class="filters" method="get" action="/market" role="search" aria-label=locale.t("market-filter")>
            <div class="field">
                <label for="market-q">{locale.t("search-label")}</label>
                <input id="market-q" name="q" type="search" value=filter.q.clone()/>
            </div>
            <div class="field">
                <label for="market-category">{locale.t("market-category")}</label>
                <select id="market-category" name="category">
                    <option value="">{locale.t("filter-all")}</option>
                    {categories.into_iter().map(|(c, count)| view! {
                        <option value=c.as_str() selected=current_category == c.as_str()>
                            {format!("{} ({count})", locale.t(c.label_key()))}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="market-min-price">{locale.t("market-min-price")}</label>
                <input id="market-min-price" name="min_price" inputmode="numeric" value=filter.min_price.clone() size="8"/>
            </div>
            <div class="field">
                <label for="market-max-price">{locale.t("market-max-price")}</label>
                <input id="market-max-price" name="max_price" inputmode="numeric" value=filter.max_price.clone() size="8"/>
            </div>
            <div class="field">
                <label for="market-mlps">{locale.t("market-mlps-filter")}</label>
                <select id="market-mlps" name="mlps">
                    <option value="">{locale.t("filter-all")}</option>
                    {["2", "3", "4"].into_iter().map(|l| view! {
                        <option value=l selected=current_mlps == l>{locale.t_args("market-mlps-at-least", &[("level", l.to_string())])}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field field-checkbox">
                <input id="market-trial" type="checkbox" name="trial" value="1" checked=filter.trial/>
                <label for="market-trial">{locale.t("market-trial-filter")}</label>
            </div>
            <div class="field field-checkbox">
                <input id="market-voucher" type="checkbox" name="voucher" value="1" checked=filter.voucher/>
                <label for="market-voucher">{locale.t("market-voucher-filter")}</label>
            </div>
            <button type="submit">{locale.t("filter-apply")}</button>
        </form>
    }
}

#[component]
fn Card(product: ProductCard, locale: Locale) -> impl IntoView {
    let check_id = format!("compare-{}", product.listing_id);
    view! {
        <li class="service-card">
            <h2><a href=format!("/market/products/{}", product.listing_id)>{product.name.get(locale)}</a></h2>
            <p>{product.summary.get(locale)}</p>
            <dl class="service-facts">
                <dt>{locale.t("market-category")}</dt><dd>{locale.t(product.category.label_key())}</dd>
                <dt>{locale.t("market-vendor")}</dt><dd>{product.vendor_name.clone()}</dd>
                <dt>{locale.t("market-from-price")}</dt>
                <dd>{locale.t_args("market-per-seat-month", &[("price", yuan(product.min_month_fen))])}</dd>
                <dt>{locale.t("market-mlps")}</dt>
                <dd>{locale.t_args("market-mlps-level", &[("level", product.mlps_level.to_string())])}</dd>
                {product.has_trial.then(|| view! { <dt>{locale.t("market-trial")}</dt><dd>{locale.t("market-trial-yes")}</dd> })}
                {product.subsidy_bp.map(|bp| view! {
                    <dt>{locale.t("market-voucher")}</dt>
                    <dd>{locale.t_args("market-subsidy-up-to", &[("percent", percent(bp))])}</dd>
                })}
            </dl>
            <div class="field field-checkbox">
                <input type="checkbox" id=check_id.clone() name="ids" value=product.listing_id.to_string()/>
                <label for=check_id>{locale.t_args("market-compare-this", &[("name", product.name.get(locale))])}</label>
            </div>
        </li>
    }
}
