use super::product::PlanTable;
use super::{percent, yuan};
use crate::api::market::{load_listing_review, ListingReview};
use crate::components::form::{field_id, CsrfField, ErrorSummary};
use crate::i18n::{use_locale, Locale};
use crate::pages::{Loaded, NotFound, Refused};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

pub const REVIEW_FORM: &str = "market-review";

const NOT_FOUND: Refused = Refused {
    forbidden_key: "forbidden",
    not_found: Some(NotFound {
        title_key: "market-listing-not-found",
        back_href: "/admin/market",
        back_key: "market-admin-title",
    }),
};

/// The operator reviews a submitted version: what changed against the published version,
/// the whole version, then approve (it goes live) or return it with reasons.
#[component]
pub fn ListingReviewPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let args = move || {
        params.with(|p| {
            (
                p.get("id").and_then(|id| id.parse::<Uuid>().ok()),
                p.get("version").and_then(|v| v.parse::<i32>().ok()),
            )
        })
    };
    let review = Resource::new(args, |(id, version)| async move {
        match (id, version) {
            (Some(id), Some(version)) => load_listing_review(id, version).await,
            _ => Err(crate::api::ApiError::NotFound),
        }
    });
    view! {
        <Title text=locale.t("market-review-title")/>
        <h1>{locale.t("market-review-title")}</h1>
        <p><a href="/admin/market">{locale.t("market-admin-title")}</a></p>
        <Loaded resource=review refused=NOT_FOUND view=move |review| view! { <Review review locale/> }/>
    }
}

#[component]
fn Review(review: ListingReview, locale: Locale) -> impl IntoView {
    let c = review.content.clone();
    let action = format!(
        "/admin/market/listings/{}/versions/{}",
        review.listing_id, review.version
    );
    view! {
        <h2>{format!("{} / {} (v{}) — {}", c.name_zh, c.name_en, review.version, review.vendor_name)}</h2>
        <section aria-labelledby="review-changes">
            <h3 id="review-changes">{match review.published_version {
                Some(v) => locale.t_args("market-review-changes", &[("version", v.to_string())]),
                None => locale.t("market-review-first"),
            }}</h3>
            {(review.published_version.is_some() && review.changes.is_empty()).then(|| view! { <p>{locale.t("market-review-no-changes")}</p> })}
            {(!review.changes.is_empty()).then(|| view! {
                <table class="diff">
                    <caption class="visually-hidden">{locale.t("market-review-changes-caption")}</caption>
                    <thead><tr>
                        <th scope="col">{locale.t("market-review-field")}</th>
                        <th scope="col">{locale.t("market-review-before")}</th>
                        <th scope="col">{locale.t("market-review-after")}</th>
                    </tr></thead>
                    <tbody>
                        {review.changes.iter().map(|ch| view! {
                            <tr><th scope="row"><code>{ch.field.clone()}</code></th><td><del>{ch.before.clone()}</del></td><td><ins>{ch.after.clone()}</ins></td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
        <section aria-labelledby="review-content">
            <h3 id="review-content">{locale.t("market-review-content")}</h3>
            <dl class="guide-facts">
                <dt>{locale.t("market-category")}</dt><dd>{locale.t(c.category.label_key())}</dd>
                <dt>{locale.t("market-summary-zh")}</dt><dd>{c.summary_zh.clone()}</dd>
                <dt>{locale.t("market-summary-en")}</dt><dd>{c.summary_en.clone()}</dd>
                <dt>{locale.t("market-description-zh")}</dt><dd>{c.description_zh.clone()}</dd>
                <dt>{locale.t("market-description-en")}</dt><dd>{c.description_en.clone()}</dd>
                <dt>{locale.t("market-availability")}</dt><dd>{percent(c.availability_bp)}</dd>
                <dt>{locale.t("market-provisioning")}</dt><dd>{locale.t_args("market-hours", &[("hours", c.provisioning_hours.to_string())])}</dd>
                <dt>{locale.t("market-support")}</dt><dd>{locale.t_args("market-hours", &[("hours", c.support_response_hours.to_string())])}</dd>
                <dt>{locale.t("market-labels")}</dt><dd>{c.labels.join("、")}</dd>
                <dt>{locale.t("market-vendor-discount")}</dt><dd>{percent(c.vendor_discount_bp)}</dd>
                <dt>{locale.t("market-cheapest")}</dt><dd>{yuan(c.plans.iter().map(|p| p.seat_price_fen).min().unwrap_or(0))}</dd>
            </dl>
            <PlanTable plans=c.plans.clone() discount_bp=c.vendor_discount_bp subsidy_bp=None locale/>
        </section>
        <section class="card" aria-labelledby="review-decision">
            <h3 id="review-decision">{locale.t("market-review-decision")}</h3>
            <ErrorSummary form=REVIEW_FORM/>
            <form method="post" action=action class="narrow">
                <CsrfField/>
                <div class="field">
                    <label for=field_id(REVIEW_FORM, "reason")>{locale.t("market-reason")}</label>
                    <p class="hint" id="review-reason-hint">{locale.t("market-review-reason-hint")}</p>
                    <textarea id=field_id(REVIEW_FORM, "reason") name="reason" rows="3" aria-describedby="review-reason-hint"></textarea>
                </div>
                <div class="button-row">
                    <button type="submit" name="decision" value="yes">{locale.t("market-approve")}</button>
                    <button type="submit" name="decision" value="no" class="button-secondary">{locale.t("market-return")}</button>
                </div>
            </form>
        </section>
    }
}
