use super::{yuan, MarketNav};
use crate::api::market::{load_order_page, OrderPage, Quote};
use crate::components::form::{CsrfField, ErrorSummary};
use crate::i18n::{use_locale, Locale};
use crate::pages::{Loaded, NotFound, Refused};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

pub const ORDER_FORM: &str = "market-order";

const ORDER_REFUSED: Refused = Refused {
    forbidden_key: "market-order-forbidden",
    not_found: Some(NotFound {
        title_key: "market-product-not-found",
        back_href: "/market",
        back_key: "market-back",
    }),
};

/// Ordering in two steps that work without JavaScript: choose (a GET form, so the price is
/// computed by the server and linkable), then confirm the breakdown shown (a POST).
#[component]
pub fn OrderPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    // After a refused confirmation the page is shown again at the POST's address: the
    // choice comes back from the posted form then, so nothing chosen is lost.
    let echo = use_context::<crate::page_context::PageContext>()
        .and_then(|c| c.echo_for(ORDER_FORM).cloned());
    let args = move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
        let posted = |k: &str| echo.as_ref().and_then(|e| e.value(k)).map(str::to_string);
        query.with(|q| {
            (
                id,
                q.get("enterprise")
                    .or_else(|| posted("enterprise_id"))
                    .and_then(|e| e.parse::<Uuid>().ok()),
                q.get("plan").or_else(|| posted("plan")),
                q.get("quantity").or_else(|| posted("quantity")),
                q.get("voucher").or_else(|| posted("use_voucher")),
            )
        })
    };
    let page = Resource::new(
        args,
        |(id, enterprise, plan, quantity, voucher)| async move {
            match id {
                Some(id) => load_order_page(id, enterprise, plan, quantity, voucher).await,
                None => Err(crate::api::ApiError::NotFound),
            }
        },
    );
    view! {
        <Title text=locale.t("market-order-title")/>
        <MarketNav/>
        <Loaded resource=page refused=ORDER_REFUSED view=move |page| view! { <OrderView page locale/> }/>
    }
}

#[component]
fn OrderView(page: OrderPage, locale: Locale) -> impl IntoView {
    let product = page.product.clone();
    let name = locale
        .pick(&product.content.name_zh, &product.content.name_en)
        .to_string();
    if page.enterprises.is_empty() {
        return view! {
            <h1>{locale.t_args("market-order-heading", &[("name", name)])}</h1>
            <p role="alert">{locale.t("market-order-no-enterprise")}</p>
            <p><a href="/register/enterprise">{locale.t("register-enterprise-link")}</a></p>
        }
        .into_any();
    }
    let action = format!("/market/products/{}/order", product.listing_id);
    let chosen = page.quote.clone();
    let chosen_enterprise = chosen.as_ref().map(|q| q.enterprise_id);
    let chosen_plan = chosen.as_ref().map(|q| q.plan_code.clone());
    let quantity = chosen
        .as_ref()
        .map(|q| q.quantity.to_string())
        .unwrap_or_else(|| {
            product
                .content
                .plans
                .first()
                .map_or(1, |p| p.min_seats)
                .to_string()
        });
    let use_voucher = chosen.as_ref().is_none_or(|q| q.use_voucher);
    view! {
        <h1>{locale.t_args("market-order-heading", &[("name", name)])}</h1>
        <ErrorSummary form=ORDER_FORM/>
        <form method="get" action=action.clone() class="narrow">
            <div class="field">
                <label for="order-enterprise">{locale.t("market-order-enterprise")}</label>
                <select id="order-enterprise" name="enterprise">
                    {page.enterprises.iter().map(|e| view! {
                        <option value=e.enterprise_id.to_string() selected=chosen_enterprise == Some(e.enterprise_id)>
                            {e.name.clone()}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{locale.t("market-plan")}</legend>
                {product.content.plans.iter().enumerate().map(|(i, p)| {
                    let id = format!("order-plan-{}", p.code);
                    let checked = chosen_plan.as_deref().map_or(i == 0, |c| c == p.code);
                    view! {
                        <div class="field field-checkbox">
                            <input type="radio" id=id.clone() name="plan" value=p.code.clone() checked=checked/>
                            <label for=id>{format!("{} — {} / {}", locale.pick(&p.name_zh, &p.name_en), yuan(p.seat_price_fen), locale.t(p.term.label_key()))}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="order-quantity">{locale.t("market-quantity")}</label>
                <input id="order-quantity" name="quantity" inputmode="numeric" value=quantity/>
            </div>
            <div class="field field-checkbox">
                <input type="checkbox" id="order-voucher" name="voucher" value="1" checked=use_voucher/>
                <label for="order-voucher">{locale.t("market-use-voucher")}</label>
            </div>
            <button type="submit">{locale.t("market-order-review")}</button>
        </form>
        {chosen.map(|quote| view! { <Confirm quote action page=page.clone() locale/> })}
    }
    .into_any()
}

/// The breakdown to confirm; its numbers travel with the confirmation so that a price that
/// changed meanwhile is refused rather than charged.
#[component]
fn Confirm(quote: Quote, action: String, page: OrderPage, locale: Locale) -> impl IntoView {
    if let Some(problem) = quote.problem_key.clone() {
        return view! { <p class="field-error" role="alert">{locale.t(&problem)}</p> }.into_any();
    }
    let b = quote.breakdown;
    let needs_approval = page
        .enterprises
        .iter()
        .any(|e| e.enterprise_id == quote.enterprise_id && !e.is_admin);
    view! {
        <section class="card" aria-labelledby="order-breakdown-title">
            <h2 id="order-breakdown-title">{locale.t("market-breakdown")}</h2>
            <dl class="guide-facts breakdown">
                <dt>{locale.t("market-list-price")}</dt><dd>{yuan(b.list_fen)}</dd>
                <dt>{locale.t("market-vendor-discount")}</dt><dd>{format!("−{}", yuan(b.vendor_discount_fen))}</dd>
                <dt>{locale.t("market-subsidy")}</dt><dd>{format!("−{}", yuan(b.subsidy_fen))}</dd>
                <dt>{locale.t("market-sme-pays")}</dt><dd><strong>{yuan(b.sme_fen)}</strong></dd>
            </dl>
            {quote.no_subsidy_key.clone().map(|k| view! { <p class="hint">{locale.t(&k)}</p> })}
            {needs_approval.then(|| view! { <p class="hint">{locale.t("market-order-needs-approval")}</p> })}
            <form method="post" action=action>
                <CsrfField/>
                <input type="hidden" name="enterprise_id" value=quote.enterprise_id.to_string()/>
                <input type="hidden" name="plan" value=quote.plan_code.clone()/>
                <input type="hidden" name="quantity" value=quote.quantity.to_string()/>
                {quote.use_voucher.then(|| view! { <input type="hidden" name="use_voucher" value="on"/> })}
                <input type="hidden" name="listing_version" value=page.product.version.to_string()/>
                <input type="hidden" name="expected_sme_fen" value=b.sme_fen.to_string()/>
                <input type="hidden" name="expected_subsidy_fen" value=b.subsidy_fen.to_string()/>
                <input type="hidden" name="idempotency_key" value=page.idempotency_key.clone()/>
                <button type="submit">{locale.t("market-order-confirm")}</button>
            </form>
        </section>
    }
    .into_any()
}
