//! 我的办件: drafts (resume on any device) and submitted cases, with filters (a GET form, so it
//! works without JavaScript and the filtered list is linkable).
use super::Loaded;
use crate::api::cases::{
    load_my_applications, CaseFilter, CaseRow, DraftRow, MyApplications, StatusFilter,
};
use crate::components::form::Notice;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| CaseFilter {
            status: StatusFilter::parse(&q.get("status").unwrap_or_default()),
            service: q.get("service").filter(|s| !s.is_empty()),
            enterprise: q.get("enterprise").and_then(|e| e.parse().ok()),
        })
    };
    let data = Resource::new(filter, load_my_applications);
    view! {
        <Title text=locale.t("cases-title")/>
        <h1>{locale.t("cases-title")}</h1>
        <Notice/>
        <Loaded resource=data view=move |data| { let current = filter(); view! { <Applications data current locale/> } }/>
    }
}

#[component]
fn Applications(data: MyApplications, current: CaseFilter, locale: Locale) -> impl IntoView {
    let MyApplications {
        drafts,
        cases,
        services,
        enterprises,
    } = data;
    view! {
        <section aria-labelledby="drafts-title">
            <h2 id="drafts-title">{locale.t("cases-drafts")}</h2>
            {if drafts.is_empty() {
                view! { <p class="empty">{locale.t("cases-no-drafts")}</p> }.into_any()
            } else {
                view! { <Drafts drafts locale/> }.into_any()
            }}
        </section>
        <section aria-labelledby="submitted-title">
            <h2 id="submitted-title">{locale.t("cases-submitted")}</h2>
            <form class="filters" method="get" action="/cases" role="search" aria-label=locale.t("cases-filter")>
                <div class="field">
                    <label for="cases-status">{locale.t("cases-filter-status")}</label>
                    <select id="cases-status" name="status">
                        {StatusFilter::ALL.into_iter().map(|f| view! {
                            <option value=f.as_str() selected=current.status == f>{locale.t(f.label_key())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="cases-service">{locale.t("cases-filter-service")}</label>
                    <select id="cases-service" name="service">
                        <option value="">{locale.t("filter-all")}</option>
                        {services.into_iter().map(|(code, name)| {
                            let selected = current.service.as_deref() == Some(code.as_str());
                            view! { <option value=code selected=selected>{name.get(locale)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {(!enterprises.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="cases-enterprise">{locale.t("cases-filter-enterprise")}</label>
                        <select id="cases-enterprise" name="enterprise">
                            <option value="">{locale.t("filter-all")}</option>
                            {enterprises.into_iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected=current.enterprise == Some(id)>{name}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <button type="submit">{locale.t("filter-apply")}</button>
            </form>
            {if cases.is_empty() {
                view! { <p class="empty">{locale.t("cases-none")}</p> }.into_any()
            } else {
                view! { <Cases cases locale/> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Drafts(drafts: Vec<DraftRow>, locale: Locale) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="drafts-title">
            <table>
                <thead><tr>
                    <th scope="col">{locale.t("cases-col-service")}</th>
                    <th scope="col">{locale.t("cases-col-saved")}</th>
                    <th scope="col">{locale.t("cases-col-completeness")}</th>
                </tr></thead>
                <tbody>
                    {drafts.into_iter().map(|d| view! {
                        <tr>
                            <td>
                                <a href=format!("/cases/{}/edit", d.id)>{d.service.get(locale)}</a>
                                {d.enterprise.map(|e| view! { <br/><span class="muted">{e}</span> })}
                            </td>
                            <td>{locale.datetime(d.saved_at)}</td>
                            <td>{locale.t_args("cases-completeness", &[
                                ("answered", d.answered.to_string()),
                                ("required", d.required.to_string()),
                            ])}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Cases(cases: Vec<CaseRow>, locale: Locale) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="submitted-title">
            <table>
                <thead><tr>
                    <th scope="col">{locale.t("case-number")}</th>
                    <th scope="col">{locale.t("cases-col-service")}</th>
                    <th scope="col">{locale.t("case-department")}</th>
                    <th scope="col">{locale.t("case-state")}</th>
                    <th scope="col">{locale.t("case-submitted-at")}</th>
                </tr></thead>
                <tbody>
                    {cases.into_iter().map(|c| view! {
                        <tr>
                            <td><a href=format!("/cases/{}", c.id)>{c.case_number}</a></td>
                            <td>
                                {c.service.get(locale)}
                                {c.enterprise.map(|e| view! { <br/><span class="muted">{e}</span> })}
                            </td>
                            <td>{c.department.get(locale)}</td>
                            <td><span class=format!("state state-{}", c.state.as_str())>{locale.t(c.state.label_key())}</span></td>
                            <td>{c.submitted_at.map(|at| locale.datetime(at))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
