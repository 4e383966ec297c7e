use super::{Loaded, NotFound, Refused};
use crate::api::catalogue::{load_service_guide, ServiceGuide};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// 办事指南: what a citizen reads before applying.
#[component]
pub fn ServiceGuidePage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let guide = Resource::new(
        move || params.with(|p| p.get("code").unwrap_or_default()),
        load_service_guide,
    );
    view! {
        <Loaded resource=guide view=move |guide| view! { <Guide guide locale/> } refused=Refused { not_found: Some(NotFound { title_key: "guide-not-found", back_href: "/services", back_key: "nav-services" }), ..Default::default() }/>
    }
}

fn material_form_key(form: &str) -> &'static str {
    match form {
        "original" => "material-original",
        "copy" => "material-copy",
        "original_and_copy" => "material-original-and-copy",
        _ => "material-electronic",
    }
}

#[component]
fn Guide(guide: ServiceGuide, locale: Locale) -> impl IntoView {
    let s = guide.summary;
    let fee = if guide.fee_yuan == "0.00" {
        locale.t("guide-fee-free")
    } else {
        locale.t_args("guide-fee-amount", &[("amount", guide.fee_yuan.clone())])
    };
    view! {
        <Title text=s.name.get(locale)/>
        <nav aria-label=locale.t("breadcrumb") class="breadcrumb">
            <a href="/services">{locale.t("nav-services")}</a>" / "
            <a href=format!("/services?department={}", s.department_code)>{s.department.get(locale)}</a>
        </nav>
        <h1>{s.name.get(locale)}</h1>
        <p class="lead">{s.summary.get(locale)}</p>
        <p><a class="button" href=format!("/apply/{}", s.code)>{locale.t("apply-online")}</a></p>
        <dl class="guide-facts">
            <dt>{locale.t("guide-code")}</dt><dd>{s.code.clone()}</dd>
            <dt>{locale.t("guide-department")}</dt><dd>{s.department.get(locale)}</dd>
            <dt>{locale.t("guide-audience")}</dt><dd>{locale.t(s.audience.label_key())}</dd>
            <dt>{locale.t("guide-statutory")}</dt>
            <dd>{locale.t_args("working-days", &[("days", s.statutory_days.to_string())])}</dd>
            <dt>{locale.t("guide-promised")}</dt>
            <dd>{locale.t_args("working-days", &[("days", s.promised_days.to_string())])}</dd>
            <dt>{locale.t("guide-fee")}</dt>
            <dd>{fee}{(!guide.fee_note.get(locale).is_empty()).then(|| format!(" ({})", guide.fee_note.get(locale)))}</dd>
            <dt>{locale.t("guide-required-level")}</dt>
            <dd>{locale.t(guide.required_level.label_key())}</dd>
            <dt>{locale.t("guide-topics")}</dt>
            <dd>{guide.topics.iter().map(|t| t.name.get(locale)).collect::<Vec<_>>().join(locale.t("list-separator").as_str())}</dd>
        </dl>
        <section aria-labelledby="guide-description">
            <h2 id="guide-description">{locale.t("guide-description")}</h2>
            <p>{guide.description.get(locale)}</p>
        </section>
        <section aria-labelledby="guide-materials">
            <h2 id="guide-materials">{locale.t("guide-materials")}</h2>
            <table class="materials">
                <thead><tr>
                    <th scope="col">{locale.t("material-name")}</th>
                    <th scope="col">{locale.t("material-form")}</th>
                    <th scope="col">{locale.t("material-copies")}</th>
                    <th scope="col">{locale.t("material-ecert")}</th>
                </tr></thead>
                <tbody>
                    {guide.materials.into_iter().map(|m| view! {
                        <tr>
                            <td>{m.name.get(locale)}{(!m.note.get(locale).is_empty()).then(|| view! { <br/><small>{m.note.get(locale)}</small> })}</td>
                            <td>{locale.t(material_form_key(&m.form))}</td>
                            <td>{m.copies}</td>
                            <td>{locale.t(if m.ecert_substitutes { "yes" } else { "no" })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section aria-labelledby="guide-steps">
            <h2 id="guide-steps">{locale.t("guide-steps")}</h2>
            <ol class="steps">
                {guide.steps.into_iter().map(|step| view! {
                    <li><strong>{step.title.get(locale)}</strong>" "{step.detail.get(locale)}</li>
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="guide-legal">
            <h2 id="guide-legal">{locale.t("guide-legal-basis")}</h2>
            <p>{guide.legal_basis.get(locale)}</p>
        </section>
    }
}
