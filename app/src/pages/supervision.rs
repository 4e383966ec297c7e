//! 督办看板 (`/workbench/supervision`): the supervisor's department at a glance — cases received
//! and finished per week (chart and table), processing time, deadline keeping, satisfaction —
//! and the open follow-ups of bad ratings, each closed with a response (a plain form post).
use super::{Loaded, Refused};
use crate::api::supervision::{load_dashboard, Dashboard, FollowupRow};
use crate::components::charts::{grouped_bar_chart, Chart, Series};
use crate::components::form::{field_id, CsrfField, ErrorSummary, Notice};
use crate::i18n::{use_locale, Locale};
use crate::page_context::{FormEcho, PageContext};
use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

/// The page's URL; the follow-up forms post here.
pub const SUPERVISION_PATH: &str = "/workbench/supervision";
/// Where the automatic assignment switch posts.
pub const AUTO_ASSIGN_PATH: &str = "/workbench/supervision/auto-assign";
/// Longest response to a follow-up, in characters.
pub const MAX_RESPONSE_CHARS: usize = 2000;

/// The name of the follow-up form of a case (errors and answers come back to it).
pub fn followup_form(case_id: Uuid) -> String {
    format!("sv-followup-{case_id}")
}

#[component]
pub fn SupervisionPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| load_dashboard());
    view! {
        <Title text=locale.t("sv-title")/>
        <p><a href="/workbench">{locale.t("sv-back")}</a></p>
        <h1>{locale.t("sv-title")}</h1>
        <Notice/>
        <Loaded resource=data view=move |dashboard| view! { <DashboardView dashboard locale/> } refused=Refused { forbidden_key: "sv-supervisors-only", ..Default::default() }/>
    }
}

fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}

#[component]
fn DashboardView(dashboard: Dashboard, locale: Locale) -> impl IntoView {
    let labels: Vec<String> = dashboard.weeks.iter().map(|w| w.label()).collect();
    let received: Vec<i64> = dashboard.weeks.iter().map(|w| w.received).collect();
    let finished: Vec<i64> = dashboard.weeks.iter().map(|w| w.finished).collect();
    let received_name = locale.t("sv-received");
    let finished_name = locale.t("sv-finished");
    let svg = grouped_bar_chart(
        "sv-weekly-chart",
        &locale.t("sv-weekly-title"),
        &locale.t("sv-weekly-desc"),
        &labels,
        &[
            Series {
                name: &received_name,
                values: &received,
            },
            Series {
                name: &finished_name,
                values: &finished,
            },
        ],
    );
    let none = locale.t("sv-none");
    let median = dashboard
        .median_working_days
        .map(|m| locale.t_args("sv-working-days", &[("days", one_decimal(m))]))
        .unwrap_or_else(|| none.clone());
    let on_time = dashboard
        .on_time_percent()
        .map(|p| {
            locale.t_args(
                "sv-on-time-value",
                &[
                    ("percent", format!("{p:.0}")),
                    ("on_time", dashboard.on_time.to_string()),
                    ("total", dashboard.timed_cases.to_string()),
                ],
            )
        })
        .unwrap_or_else(|| none.clone());
    let satisfaction = dashboard
        .rating_average
        .map(|a| {
            locale.t_args(
                "sv-satisfaction-value",
                &[
                    ("average", one_decimal(a)),
                    ("count", dashboard.rating_count.to_string()),
                ],
            )
        })
        .unwrap_or_else(|| none.clone());
    let rows = dashboard
        .weeks
        .iter()
        .map(|w| {
            view! {
                <tr>
                    <th scope="row">{w.label()}" ("{w.monday.format("%m-%d").to_string()}")"</th>
                    <td class="sv-received">{w.received}</td>
                    <td class="sv-finished">{w.finished}</td>
                </tr>
            }
        })
        .collect_view();
    let followups = dashboard.followups;
    let auto_assign = dashboard.auto_assign;
    view! {
        <p class="sv-department">{dashboard.department.get(locale)}</p>
        <section aria-labelledby="sv-summary-title">
            <h2 id="sv-summary-title">{locale.t("sv-summary")}</h2>
            <dl class="sv-figures">
                <dt>{locale.t("sv-median")}</dt>
                <dd id="sv-median">{median}</dd>
                <dt>{locale.t("sv-on-time")}</dt>
                <dd id="sv-on-time">{on_time}</dd>
                <dt>{locale.t("sv-overdue-now")}</dt>
                <dd id="sv-overdue-now">{dashboard.overdue_now}</dd>
                <dt>{locale.t("sv-satisfaction")}</dt>
                <dd id="sv-satisfaction">{satisfaction}</dd>
            </dl>
            <p class="hint">{locale.t("sv-method")}</p>
        </section>
        <section aria-labelledby="sv-weekly-heading">
            <h2 id="sv-weekly-heading">{locale.t("sv-weekly-title")}</h2>
            <Chart svg/>
            <div class="table-scroll" tabindex="0" role="region" aria-label=locale.t("sv-weekly-title")>
                <table class="sv-weekly">
                    <caption>{locale.t("sv-weekly-caption")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{locale.t("sv-week")}</th>
                            <th scope="col">{received_name.clone()}</th>
                            <th scope="col">{finished_name.clone()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="sv-auto-assign-title">
            <h2 id="sv-auto-assign-title">{locale.t("sv-auto-assign")}</h2>
            <p id="sv-auto-assign-state">
                {locale.t(if auto_assign { "sv-auto-assign-on" } else { "sv-auto-assign-off" })}
            </p>
            <form method="post" action=AUTO_ASSIGN_PATH>
                <CsrfField/>
                <input type="hidden" name="enabled" value=if auto_assign { "false" } else { "true" }/>
                <button type="submit">
                    {locale.t(if auto_assign { "sv-auto-assign-turn-off" } else { "sv-auto-assign-turn-on" })}
                </button>
            </form>
        </section>
        <section aria-labelledby="sv-followups-title">
            <h2 id="sv-followups-title">{locale.t("sv-followups")}</h2>
            {if followups.is_empty() {
                view! { <p class="empty">{locale.t("sv-followups-empty")}</p> }.into_any()
            } else {
                view! {
                    <ul class="sv-followups">
                        {followups.into_iter().map(|f| view! { <Followup row=f locale/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Followup(row: FollowupRow, locale: Locale) -> impl IntoView {
    let form = followup_form(row.case_id);
    let echo: Option<FormEcho> = use_context::<PageContext>()
        .unwrap_or_default()
        .echo_for(&form)
        .cloned();
    let value = echo
        .as_ref()
        .and_then(|e| e.value("response"))
        .map(str::to_string)
        .unwrap_or_default();
    let message = echo
        .as_ref()
        .and_then(|e| e.errors.iter().find(|x| x.field == "response").cloned())
        .map(|e| e.message(locale));
    let input_id = field_id(&form, "response");
    let error_id = format!("{input_id}-error");
    let invalid = message.is_some();
    let comment = if row.comment.is_empty() {
        locale.t("sv-no-comment")
    } else {
        row.comment.clone()
    };
    view! {
        <li class="sv-followup">
            <p>
                <strong class="case-number">{row.case_number.clone()}</strong>" "
                <span class="sv-score">{locale.t_args("sv-score", &[("score", row.score.to_string())])}</span>" "
                <span class="sv-opened">{locale.t("sv-opened-at")}" "{locale.datetime(row.opened_at)}</span>
            </p>
            <blockquote class="sv-comment">{comment}</blockquote>
            <form method="post" action=SUPERVISION_PATH class="sv-close">
                <ErrorSummary form=form.clone()/>
                <CsrfField/>
                <input type="hidden" name="case_id" value=row.case_id.to_string()/>
                <div class="field" class:field-has-error=invalid>
                    <label for=input_id.clone()>{locale.t("sv-response")}</label>
                    {message.map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
                    <textarea id=input_id.clone() name="response" rows="3" maxlength=MAX_RESPONSE_CHARS.to_string()
                        aria-required="true"
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=invalid.then(|| error_id.clone())>{value}</textarea>
                </div>
                <button type="submit">{locale.t("sv-close")}</button>
            </form>
        </li>
    }
}
