use super::Loaded;
use crate::api::catalogue::{
    load_facets, load_services, Audience, CatalogueFilter, Facets, ServiceSummary,
};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// 事项清单: every service, filtered by search words, topic, department and audience.
/// The filter is a GET form, so results are linkable and work without JavaScript.
#[component]
pub fn CataloguePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
            CatalogueFilter {
                q: get("q"),
                topic: get("topic"),
                department: get("department"),
                audience: get("audience"),
            }
        })
    };
    // One load for the page: the filter's choices and the services it selects.
    let page = Resource::new(filter, |f| async move {
        let facets = load_facets().await?;
        let services = load_services(
            f.q.clone(),
            f.topic.clone(),
            f.department.clone(),
            f.audience.clone(),
        )
        .await?;
        Ok((f, facets, services))
    });
    view! {
        <Title text=locale.t("catalogue-title")/>
        <h1>{locale.t("catalogue-title")}</h1>
        <Loaded resource=page view=move |(current, facets, services)| view! {
            <Filters current facets locale/>
            <p class="result-count" role="status">
                {locale.t_args("catalogue-result-count", &[("count", services.len().to_string())])}
            </p>
            <ServiceList services locale/>
        }/>
    }
}

/// The filter form: a GET form, so results are linkable and work without JavaScript.
#[component]
fn Filters(current: CatalogueFilter, facets: Facets, locale: Locale) -> impl IntoView {
    view! {
        <form class="filters" method="get" action="/services" role="search" aria-label=locale.t("catalogue-filter")>
            <div class="field">
                <label for="catalogue-q">{locale.t("search-label")}</label>
                <input id="catalogue-q" name="q" type="search" value=current.q.clone()/>
            </div>
            <div class="field">
                <label for="catalogue-topic">{locale.t("filter-topic")}</label>
                <select id="catalogue-topic" name="topic">
                    <option value="">{locale.t("filter-all")}</option>
                    {facets.topics.iter().map(|t| view! {
                        <option value=t.code.clone() selected=current.topic.as_deref() == Some(t.code.as_str())>{t.name.get(locale)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="catalogue-department">{locale.t("filter-department")}</label>
                <select id="catalogue-department" name="department">
                    <option value="">{locale.t("filter-all")}</option>
                    {facets.departments.iter().map(|d| view! {
                        <option value=d.code.clone() selected=current.department.as_deref() == Some(d.code.as_str())>{d.name.get(locale)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="catalogue-audience">{locale.t("filter-audience")}</label>
                <select id="catalogue-audience" name="audience">
                    <option value="">{locale.t("filter-all")}</option>
                    {[Audience::Citizen, Audience::Enterprise].into_iter().map(|a| view! {
                        <option value=a.as_str() selected=current.audience() == Some(a)>{locale.t(a.label_key())}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{locale.t("filter-apply")}</button>
        </form>
    }
}

#[component]
fn ServiceList(services: Vec<ServiceSummary>, locale: Locale) -> impl IntoView {
    if services.is_empty() {
        return view! { <p class="empty">{locale.t("catalogue-empty")}</p> }.into_any();
    }
    view! {
        <ul class="service-list">
            {services.into_iter().map(|s| view! {
                <li class="service-card">
                    <h2><a href=format!("/services/{}", s.code)>{s.name.get(locale)}</a></h2>
                    <p>{s.summary.get(locale)}</p>
                    <dl class="service-facts">
                        <dt>{locale.t("guide-department")}</dt><dd>{s.department.get(locale)}</dd>
                        <dt>{locale.t("guide-audience")}</dt><dd>{locale.t(s.audience.label_key())}</dd>
                        <dt>{locale.t("guide-promised")}</dt>
                        <dd>{locale.t_args("working-days", &[("days", s.promised_days.to_string())])}</dd>
                    </dl>
                </li>
            }).collect_view()}
        </ul>
    }.into_any()
}
