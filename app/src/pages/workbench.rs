//! 工作台: the department's queues as tabs (links with counts), a GET filter form, the cases of
//! the chosen queue and a "next page" link carrying the keyset cursor.
use super::case::deadline;
use super::{Loaded, Refused};
use crate::api::workbench::{load_queue, Queue, QueueFilter, QueuePage, QueueRow, QUEUE_COUNT_CAP};
use crate::components::form::Notice;
use crate::domain::case_lifecycle::CaseState;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Percent-encodes a query value (everything but unreserved ASCII).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn queue_href(queue: Queue, filter: &QueueFilter, after: Option<&str>) -> String {
    let mut href = format!("/workbench?queue={}", queue.as_str());
    if let Some(service) = &filter.service {
        href.push_str(&format!("&service={}", encode(service)));
    }
    if let Some(q) = &filter.q {
        href.push_str(&format!("&q={}", encode(q)));
    }
    if let Some(from) = filter.from {
        href.push_str(&format!("&from={from}"));
    }
    if let Some(to) = filter.to {
        href.push_str(&format!("&to={to}"));
    }
    if let Some(state) = filter.state {
        href.push_str(&format!("&state={}", state.as_str()));
    }
    if let Some(after) = after {
        href.push_str(&format!("&after={}", encode(after)));
    }
    href
}

/// A queue's count as shown: exact up to the cap, then "1000+".
fn count_label(count: i64) -> String {
    if count > QUEUE_COUNT_CAP {
        format!("{QUEUE_COUNT_CAP}+")
    } else {
        count.to_string()
    }
}

#[component]
pub fn WorkbenchPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let args = move || {
        query.with(|q| {
            (
                Queue::parse(&q.get("queue").unwrap_or_default()),
                QueueFilter {
                    service: q.get("service").filter(|s| !s.is_empty()),
                    q: q.get("q").filter(|s| !s.trim().is_empty()),
                    // A date the browser's date field did not produce is ignored, not an error:
                    // the field shows what was typed and the list is simply not narrowed by it.
                    from: q.get("from").and_then(|d| d.parse().ok()),
                    to: q.get("to").and_then(|d| d.parse().ok()),
                    state: q.get("state").and_then(|s| CaseState::parse(&s)),
                },
                q.get("after").filter(|s| !s.is_empty()),
            )
        })
    };
    let data = Resource::new(args, |(queue, filter, after)| {
        load_queue(queue, filter, after)
    });
    view! {
        <Title text=locale.t("wb-title")/>
        <h1>{locale.t("wb-title")}</h1>
        <SupervisionLink locale/>
        <p class="sv-link"><a href=crate::pages::counter_check::COUNTER_PATH>{locale.t("counter-link")}</a></p>
        <Notice/>
        <Loaded resource=data view=move |page| { let (queue, filter, _) = args(); view! { <Queues page queue filter locale/> } } refused=Refused { forbidden_key: "wb-staff-only", ..Default::default() }/>
    }
}

#[component]
fn Queues(page: QueuePage, queue: Queue, filter: QueueFilter, locale: Locale) -> impl IntoView {
    let QueuePage {
        rows,
        next,
        counts,
        services,
    } = page;
    let tabs = counts
        .into_iter()
        .map(|(q, count)| {
            let href = queue_href(q, &filter, None);
            view! {
                <li>
                    <a href=href class="wb-tab" aria-current=(q == queue).then_some("page")>
                        {locale.t(q.label_key())}" "<span class="badge-count" data-queue=q.as_str()>{count_label(count)}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let chosen_service = filter.service.clone().unwrap_or_default();
    let text = filter.q.clone().unwrap_or_default();
    let next_href = next.map(|c| queue_href(queue, &filter, Some(&c.to_param())));
    view! {
        <nav aria-label=locale.t("wb-queues")>
            <ul class="wb-tabs">{tabs}</ul>
        </nav>
        <form method="get" action="/workbench" class="filters">
            <input type="hidden" name="queue" value=queue.as_str()/>
            <div class="field">
                <label for="wb-service">{locale.t("wb-filter-service")}</label>
                <select id="wb-service" name="service">
                    <option value="">{locale.t("wb-filter-all-services")}</option>
                    {services.into_iter().map(|(code, name)| {
                        let selected = code == chosen_service;
                        view! { <option value=code.clone() selected=selected>{name.get(locale)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="wb-q">{locale.t("wb-filter-q")}</label>
                <input id="wb-q" type="search" name="q" value=text maxlength="100"/>
            </div>
            <div class="field">
                <label for="wb-state">{locale.t("wb-filter-state")}</label>
                <select id="wb-state" name="state">
                    <option value="">{locale.t("wb-filter-all-states")}</option>
                    {CaseState::ALL.iter().filter(|s| **s != CaseState::Draft).map(|s| {
                        let selected = filter.state == Some(*s);
                        view! { <option value=s.as_str() selected=selected>{locale.t(s.label_key())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="wb-from">{locale.t("wb-filter-from")}</label>
                <input id="wb-from" type="date" name="from" value=filter.from.map(|d| d.to_string())/>
            </div>
            <div class="field">
                <label for="wb-to">{locale.t("wb-filter-to")}</label>
                <input id="wb-to" type="date" name="to" value=filter.to.map(|d| d.to_string())/>
            </div>
            <button type="submit">{locale.t("wb-filter-apply")}</button>
        </form>
        {if rows.is_empty() {
            view! { <p class="empty">{locale.t("wb-empty")}</p> }.into_any()
        } else {
            view! { <CaseTable rows locale/> }.into_any()
        }}
        {next_href.map(|href| view! { <p><a href=href rel="next" class="wb-next">{locale.t("wb-next-page")}</a></p> })}
    }
}

#[component]
fn CaseTable(rows: Vec<QueueRow>, locale: Locale) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=locale.t("wb-cases")>
            <table class="wb-cases">
                <thead>
                    <tr>
                        <th scope="col">{locale.t("case-number")}</th>
                        <th scope="col">{locale.t("wb-col-service")}</th>
                        <th scope="col">{locale.t("wb-col-applicant")}</th>
                        <th scope="col">{locale.t("case-state")}</th>
                        <th scope="col">{locale.t("case-submitted-at")}</th>
                        <th scope="col">{locale.t("case-deadline")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <td><a href=format!("/workbench/cases/{}", row.id) class="case-number">{row.case_number.clone()}</a></td>
                            <td>{row.service.get(locale)}</td>
                            <td>{row.applicant.clone()}</td>
                            <td>
                                <span class=format!("state state-{}", row.state.as_str())>{locale.t(row.state.label_key())}</span>
                                {(!row.assigned && !row.state.is_final()).then(|| view! { " "<span class="role-tag">{locale.t("wb-unassigned")}</span> })}
                            </td>
                            <td>{locale.datetime(row.submitted_at)}</td>
                            <td>{deadline(&row.clock, locale)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Supervisors reach their dashboard from the workbench.
#[component]
fn SupervisionLink(locale: Locale) -> impl IntoView {
    let supervisor = use_context::<crate::page_context::PageContext>()
        .and_then(|ctx| ctx.user)
        .is_some_and(|user| user.role == crate::domain::roles::Role::Supervisor);
    supervisor.then(|| {
        view! {
            <p class="sv-link">
                <a href=crate::pages::supervision::SUPERVISION_PATH>{locale.t("sv-link")}</a>
            </p>
        }
    })
}
