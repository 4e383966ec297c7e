use super::{Checkbox, Input, TextArea};
use crate::api::market::{load_listing_editor, ListingEditor};
use crate::components::form::{field_id, CsrfField, ErrorSummary, Notice};
use crate::i18n::{use_locale, Locale};
use crate::page_context::PageContext;
use crate::pages::{Loaded, NotFound, Refused};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use portal_types::domain::market::listing::to_form;
use portal_types::domain::market::{Category, Term};
use std::collections::BTreeMap;
use uuid::Uuid;

pub const LISTING_FORM: &str = "listing";
/// Plan rows the form offers (the domain accepts up to six; blank rows are skipped).
const PLAN_ROWS: usize = 4;

const NOT_FOUND: Refused = Refused {
    forbidden_key: "forbidden",
    not_found: Some(NotFound {
        title_key: "market-listing-not-found",
        back_href: "/vendor",
        back_key: "market-vendor-console",
    }),
};

/// The vendor edits a listing's open version (or starts one) and submits it for review.
#[component]
pub fn ListingEditorPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let editor = Resource::new(id, load_listing_editor);
    view! {
        <Title text=locale.t("market-listing-editor")/>
        <h1>{locale.t("market-listing-editor")}</h1>
        <p><a href="/vendor">{locale.t("market-vendor-console")}</a></p>
        <Notice/>
        <Loaded resource=editor refused=NOT_FOUND view=move |editor| view! { <Editor editor locale/> }/>
    }
}

#[component]
fn Editor(editor: ListingEditor, locale: Locale) -> impl IntoView {
    let values: BTreeMap<String, String> = editor.content.as_ref().map(to_form).unwrap_or_default();
    let v = move |k: &str| values.get(k).cloned().unwrap_or_default();
    let f = LISTING_FORM;
    let echo = use_context::<PageContext>().and_then(|c| c.echo_for(f).cloned());
    let chosen = |k: &str, fallback: String| {
        echo.as_ref()
            .and_then(|e| e.value(k))
            .map(str::to_string)
            .unwrap_or(fallback)
    };
    let category = chosen("category", v("category"));
    let action = match editor.listing_id {
        Some(id) => format!("/vendor/listings/{id}"),
        None => "/vendor/listings".to_string(),
    };
    let under_review = editor.open_state.as_deref() == Some("submitted");
    let can_submit = matches!(editor.open_state.as_deref(), Some("draft" | "returned"));
    view! {
        {editor.open_state.clone().map(|s| view! {
            <p><span class="status-tag">{locale.t(&format!("market-review-{s}"))}</span></p>
        })}
        {editor.review_reason.clone().filter(|_| editor.open_state.as_deref() == Some("returned")).map(|r| view! {
            <div class="notice" role="status"><p>{locale.t("market-returned-because")}</p><p>{r}</p></div>
        })}
        {under_review.then(|| view! { <p>{locale.t("market-listing-under-review")}</p> })}
        {(can_submit && editor.listing_id.is_some()).then(|| {
            let submit = format!("{action}/submit");
            view! {
                <form method="post" action=submit>
                    <CsrfField/>
                    <button type="submit">{locale.t("market-listing-submit")}</button>
                </form>
            }
        })}
        <ErrorSummary form=f/>
        <form method="post" action=action.clone() novalidate>
            <CsrfField/>
            <fieldset>
                <legend>{locale.t("market-listing-product")}</legend>
                <div class="field">
                    <label for=field_id(f, "category")>{locale.t("market-category")}</label>
                    <select id=field_id(f, "category") name="category">
                        {Category::ALL.iter().map(|c| view! {
                            <option value=c.as_str() selected=category == c.as_str()>{locale.t(c.label_key())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Input form=f name="name_zh" label=locale.t("market-name-zh") value=v("name_zh")/>
                <Input form=f name="name_en" label=locale.t("market-name-en") value=v("name_en")/>
                <Input form=f name="summary_zh" label=locale.t("market-summary-zh") value=v("summary_zh")/>
                <Input form=f name="summary_en" label=locale.t("market-summary-en") value=v("summary_en")/>
                <TextArea form=f name="description_zh" label=locale.t("market-description-zh") value=v("description_zh")/>
                <TextArea form=f name="description_en" label=locale.t("market-description-en") value=v("description_en")/>
                <Input form=f name="labels" label=locale.t("market-labels") value=v("labels") hint=locale.t("market-labels-hint")/>
            </fieldset>
            <fieldset>
                <legend>{locale.t("market-sla")}</legend>
                <Input form=f name="availability" label=locale.t("market-availability-percent") value=v("availability") inputmode="decimal"/>
                <Input form=f name="provisioning_hours" label=locale.t("market-provisioning-hours") value=v("provisioning_hours") inputmode="numeric"/>
                <Input form=f name="support_response_hours" label=locale.t("market-support-hours") value=v("support_response_hours") inputmode="numeric"/>
                <Input form=f name="vendor_discount" label=locale.t("market-vendor-discount-percent") value=v("vendor_discount") inputmode="decimal" hint=locale.t("market-vendor-discount-hint")/>
            </fieldset>
            {(0..PLAN_ROWS).map(|i| {
                let p = |k: &str| format!("plans.{i}.{k}");
                let term = chosen(&p("term"), v(&p("term")));
                let cancel = v(&p("cancel_anytime")) == "on";
                view! {
                    <fieldset>
                        <legend>{locale.t_args("market-plan-n", &[("n", (i + 1).to_string())])}</legend>
                        <Input form=f name=p("code") label=locale.t("market-plan-code") value=v(&p("code")) hint=locale.t("market-plan-code-hint")/>
                        <Input form=f name=p("name_zh") label=locale.t("market-name-zh") value=v(&p("name_zh"))/>
                        <Input form=f name=p("name_en") label=locale.t("market-name-en") value=v(&p("name_en"))/>
                        <div class="field">
                            <label for=field_id(f, &p("term"))>{locale.t("market-term")}</label>
                            <select id=field_id(f, &p("term")) name=p("term")>
                                {[Term::Month, Term::Year].into_iter().map(|t| view! {
                                    <option value=t.as_str() selected=term == t.as_str()>{locale.t(t.label_key())}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <Input form=f name=p("seat_price") label=locale.t("market-seat-price-yuan") value=v(&p("seat_price")) inputmode="decimal"/>
                        <Input form=f name=p("min_seats") label=locale.t("market-min-seats") value=v(&p("min_seats")) inputmode="numeric"/>
                        <Input form=f name=p("max_seats") label=locale.t("market-max-seats") value=v(&p("max_seats")) inputmode="numeric"/>
                        <Input form=f name=p("trial_days") label=locale.t("market-trial-days-label") value=v(&p("trial_days")) inputmode="numeric"/>
                        <Checkbox form=f name=p("cancel_anytime") label=locale.t("market-cancel-anytime") checked=cancel/>
                        <Input form=f name=p("metered.0.code") label=locale.t("market-metered-code") value=v(&p("metered.0.code"))/>
                        <Input form=f name=p("metered.0.unit_zh") label=locale.t("market-metered-unit-zh") value=v(&p("metered.0.unit_zh"))/>
                        <Input form=f name=p("metered.0.unit_en") label=locale.t("market-metered-unit-en") value=v(&p("metered.0.unit_en"))/>
                        <Input form=f name=p("metered.0.unit_price") label=locale.t("market-metered-price") value=v(&p("metered.0.unit_price")) inputmode="decimal"/>
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit">{locale.t("market-listing-save")}</button>
        </form>
    }
}
