use super::yuan;
use crate::api::market::{load_subscription, SubscriptionDetail};
use crate::components::form::{field_id, CsrfField, ErrorSummary, Notice};
use crate::i18n::{use_locale, Locale};
use crate::pages::{Loaded, NotFound, Refused};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

pub const MOVE_FORM: &str = "market-move";
pub const CHANGE_FORM: &str = "market-change";
pub const RATE_FORM: &str = "market-rate";

const NOT_FOUND: Refused = Refused {
    forbidden_key: "forbidden",
    not_found: Some(NotFound {
        title_key: "market-subscription-not-found",
        back_href: "/market/mine",
        back_key: "market-mine-title",
    }),
};

/// One subscription: its order, price breakdown, history, and the moves the viewer may make
/// (an admin approves or declines, the orderer withdraws, the vendor reports provisioning).
#[component]
pub fn SubscriptionPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let detail = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_subscription(id).await,
            None => Err(crate::api::ApiError::NotFound),
        }
    });
    view! {
        <Title text=locale.t("market-subscription-title")/>
        <Notice/>
        <Loaded resource=detail refused=NOT_FOUND view=move |detail| view! { <Detail detail locale/> }/>
    }
}

#[component]
fn Detail(detail: SubscriptionDetail, locale: Locale) -> impl IntoView {
    let r = detail.row.clone();
    let b = r.breakdown;
    let action = format!("/market/subscriptions/{}", r.id);
    view! {
        <h1>{r.product.get(locale)}</h1>
        <dl class="guide-facts">
            <dt>{locale.t("market-state")}</dt><dd><span class="status-tag">{locale.t(r.state.label_key())}</span></dd>
            <dt>{locale.t("market-enterprise")}</dt><dd>{r.enterprise_name.clone()}</dd>
            <dt>{locale.t("market-vendor")}</dt><dd>{detail.vendor_name.clone()}</dd>
            <dt>{locale.t("market-plan")}</dt><dd>{format!("{} × {} ({})", r.plan.get(locale), r.quantity, locale.t(&r.term_key))}</dd>
            <dt>{locale.t("market-ordered-by")}</dt><dd>{detail.ordered_by.clone()}</dd>
            <dt>{locale.t("market-term-ends")}</dt><dd>{r.term_ends_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
            <dt>{locale.t("market-list-price")}</dt><dd>{yuan(b.list_fen)}</dd>
            <dt>{locale.t("market-vendor-discount")}</dt><dd>{yuan(b.vendor_discount_fen)}</dd>
            <dt>{locale.t("market-subsidy")}</dt><dd>{yuan(b.subsidy_fen)}</dd>
            <dt>{locale.t("market-sme-pays")}</dt><dd>{yuan(b.sme_fen)}</dd>
        </dl>
        {detail.may_open.then(|| {
            let action = format!("/market/subscriptions/{}/open", r.id);
            view! {
                <form method="post" action=action>
                    <CsrfField/>
                    <p class="hint" id="open-tool-hint">{locale.t("market-open-tool-sso")}</p>
                    <button type="submit" class="button" aria-describedby="open-tool-hint"
                        aria-label=locale.t_args("market-open-tool-hint", &[("service", r.product.get(locale))])>
                        {locale.t("market-open-tool")}
                    </button>
                </form>
            }
        })}
        {(!detail.may_open).then(|| detail.access_url.clone()).flatten().map(|url| view! {
            <p>{locale.t("market-tool-address")}" "<code>{url}</code></p>
        })}
        {detail.progress.clone().map(|(message, expected)| view! {
            <p class="notice" role="status" id="provisioning-progress">
                {locale.t_args("market-provisioning-progress", &[("message", message)])}
                {expected.map(|at| format!(" {}", locale.t_args("market-provisioning-expected", &[("time", locale.datetime(at))])))}
            </p>
        })}
        {detail.overdue.then(|| view! {
            <p class="notice" role="status">{locale.t("market-provisioning-overdue")}</p>
        })}
        {(!detail.moves.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="moves-title">
                <h2 id="moves-title">{locale.t("market-moves")}</h2>
                <ErrorSummary form=MOVE_FORM/>
                <form method="post" action=action class="narrow">
                    <CsrfField/>
                    <input type="hidden" name="generation" value=detail.generation.to_string()/>
                    <div class="field">
                        <label for=field_id(MOVE_FORM, "reason")>{locale.t("market-reason")}</label>
                        <p class="hint" id="move-reason-hint">{locale.t("market-reason-hint")}</p>
                        <textarea id=field_id(MOVE_FORM, "reason") name="reason" rows="2" aria-describedby="move-reason-hint"></textarea>
                    </div>
                    <div class="button-row">
                        {detail.moves.iter().map(|m| view! {
                            <button type="submit" name="move" value=m.clone()>{locale.t(&format!("subscription-move-{}", m.replace('_', "-")))}</button>
                        }).collect_view()}
                    </div>
                </form>
            </section>
        })}
        {detail.pending_change.clone().map(|(plan, seats)| view! {
            <p class="notice" role="status">{locale.t_args("market-change-pending", &[("plan", plan.get(locale)), ("seats", seats.to_string())])}</p>
        })}
        {(!detail.plan_choices.is_empty()).then(|| {
            let action = format!("/market/subscriptions/{}/change", r.id);
            view! {
                <section class="card" aria-labelledby="change-title">
                    <h2 id="change-title">{locale.t("market-change-title")}</h2>
                    <p class="hint">{locale.t("market-change-hint")}</p>
                    <ErrorSummary form=CHANGE_FORM/>
                    <form method="post" action=action class="narrow">
                        <CsrfField/>
                        <input type="hidden" name="generation" value=detail.generation.to_string()/>
                        <div class="field">
                            <label for=field_id(CHANGE_FORM, "plan")>{locale.t("market-plan")}</label>
                            <select id=field_id(CHANGE_FORM, "plan") name="plan">
                                {detail.plan_choices.iter().map(|(code, name)| view! {
                                    <option value=code.clone() selected=name.get(locale) == r.plan.get(locale)>{name.get(locale)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <super::Input form=CHANGE_FORM name="quantity" label=locale.t("market-quantity") value=r.quantity.to_string() inputmode="numeric"/>
                        <button type="submit">{locale.t("market-change-submit")}</button>
                    </form>
                </section>
            }
        })}
        // A refused rating (too early, say) is explained even when the form is not offered.
        {(!detail.may_rate).then(|| view! { <ErrorSummary form=RATE_FORM/> })}
        {detail.may_rate.then(|| {
            let action = format!("/market/subscriptions/{}/rating", r.id);
            view! {
                <section class="card" aria-labelledby="rate-title">
                    <h2 id="rate-title">{locale.t("market-rate-title")}</h2>
                    <ErrorSummary form=RATE_FORM/>
                    <form method="post" action=action class="narrow">
                        <CsrfField/>
                        <fieldset>
                            <legend>{locale.t("market-rate-score")}</legend>
                            {(1..=5).rev().map(|n| {
                                let id = format!("{RATE_FORM}-score-{n}");
                                view! {
                                    <div class="field field-checkbox">
                                        <input type="radio" id=id.clone() name="score" value=n.to_string() checked=n == 5/>
                                        <label for=id>{locale.t_args("market-rate-stars", &[("score", n.to_string())])}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <div class="field">
                            <label for=field_id(RATE_FORM, "comment")>{locale.t("market-rate-comment")}</label>
                            <textarea id=field_id(RATE_FORM, "comment") name="comment" rows="3" maxlength="500"></textarea>
                        </div>
                        <button type="submit">{locale.t("market-rate-submit")}</button>
                    </form>
                </section>
            }
        })}
        <h2>{locale.t("market-history")}</h2>
        <ol class="timeline">
            {detail.events.into_iter().map(|e| view! {
                <li>
                    <strong>{locale.t(e.to_state.label_key())}</strong>
                    " · "{e.at.format("%Y-%m-%d %H:%M").to_string()}
                    {e.actor_name.map(|a| view! { " · "{a} })}
                    {e.reason.map(|reason| view! { <p>{reason}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
