//! One case as its applicant sees it: where it is, who holds it, the deadline, what happened
//! (timeline), what was filed, what the applicant can do (supplement, withdraw), and which
//! department's staff viewed the case when (from the audit log; never their names).
use super::{Loaded, NotFound, Refused};
use crate::api::cases::{load_case, CaseDetail, ClockView, RatingView, TimelineEntry};
use crate::api::ApiError;
use crate::api::Text;
use crate::components::answers::AnswersSummary;
use crate::components::delivery_ledger::{DeliveredNote, DepartmentReference, UndeliveredNote};
use crate::components::form::{CsrfField, ErrorSummary, Notice};
use crate::domain::case_lifecycle::{ActionKind, CaseState, SupplementItem, SupplementKind};
use crate::domain::roles::Role;
use crate::domain::working_days::DeadlineStatus;
use crate::i18n::{use_locale, Locale};
use crate::page_context::PageContext;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

pub const WITHDRAW_FORM: &str = "withdraw";
pub const RATING_FORM: &str = "rating";

pub fn case_id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse().ok())))
}

#[component]
pub fn CasePage() -> impl IntoView {
    let locale = use_locale();
    let id = case_id_param();
    let case = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_case(id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Loaded resource=case view=move |case| view! { <CaseView case locale/> } refused=Refused { not_found: Some(NotFound { title_key: "case-not-found", back_href: "/cases", back_key: "cases-back" }), ..Default::default() }/>
    }
}

#[component]
fn CaseView(case: CaseDetail, locale: Locale) -> impl IntoView {
    let title = case.service.get(locale);
    let number = case.case_number.clone().unwrap_or_default();
    let can_withdraw = case.actions.contains(&ActionKind::Withdraw);
    let can_resubmit = case.actions.contains(&ActionKind::Resubmit);
    let id = case.id;
    view! {
        <Title text=format!("{number} {title}")/>
        <p class="breadcrumb"><a href="/cases">{locale.t("cases-title")}</a></p>
        <h1>{title}</h1>
        <Notice/>
        <section class="card" aria-labelledby="case-summary-title">
            <h2 id="case-summary-title" class="visually-hidden">{locale.t("case-summary")}</h2>
            <dl class="guide-facts">
                <dt>{locale.t("case-number")}</dt><dd class="case-number">{number}</dd>
                <dt>{locale.t("case-state")}</dt>
                <dd><span class=format!("state state-{}", case.state.as_str())>{locale.t(case.state.label_key())}</span></dd>
                <dt>{locale.t("case-holder")}</dt><dd>{holder(case.state, &case.department.get(locale), locale)}</dd>
                <dt>{locale.t("case-department")}</dt><dd>{case.department.get(locale)}</dd>
                {case.enterprise.clone().map(|e| view! { <dt>{locale.t("case-enterprise")}</dt><dd>{e}</dd> })}
                {case.submitted_at.map(|at| view! { <dt>{locale.t("case-submitted-at")}</dt><dd>{locale.datetime(at)}</dd> })}
                <dt>{locale.t("case-deadline")}</dt><dd>{deadline(&case.clock, locale)}</dd>
                {statutory_deadline(&case.clock).map(|due| view! { <dt>{locale.t("case-statutory-deadline")}</dt><dd>{due}</dd> })}
            </dl>
            <p><a href=format!("/cases/{id}/receipt") rel="external">{locale.t("case-receipt-link")}</a></p>
            {case.parent_bundle.clone().map(|parent| view! {
                <p class="bundle-parent">
                    <a href=format!("/cases/{}", parent.case_id)>
                        {locale.t_args("bundle-part-of", &[("name", parent.name.get(locale)), ("number", parent.case_number.clone())])}
                    </a>
                </p>
            })}
        </section>
        {match case.bundle.clone() {
            Some(bundle) => view! { <BundleParts bundle locale/> }.into_any(),
            None => view! { <Progress state=case.state locale/> }.into_any(),
        }}
        {(!case.certificates.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="result-title">
                <h2 id="result-title">{locale.t("case-result-title")}</h2>
                <ul class="plain-list">
                    {case.certificates.iter().map(|(name, code, valid_until)| view! {
                        <li>
                            {name.get(locale)}" · "
                            <a href=format!("/verify/{code}") rel="external">{locale.t_args("case-result-verify", &[("code", code.clone())])}</a>
                            {valid_until.map(|until| view! {
                                " · "{locale.t_args("case-result-valid-until", &[("date", until.to_string())])}
                            })}
                        </li>
                    }).collect_view()}
                </ul>
                <p><a href="/wallet" rel="external">{locale.t("case-result-wallet")}</a></p>
            </section>
        })}
        {case.certificate_withheld.then(|| view! {
            <section class="card" aria-labelledby="result-title">
                <h2 id="result-title">{locale.t("case-result-title")}</h2>
                <p>{locale.t("case-result-withheld")}</p>
            </section>
        })}
        {can_resubmit.then(|| view! {
            <section class="card attention" aria-labelledby="supplement-title">
                <h2 id="supplement-title">{locale.t("case-supplement-title")}</h2>
                <SupplementItems items=case.supplement_items.clone() definition_labels=labels(&case) locale/>
                <p><a class="button" href=format!("/cases/{id}/supplement")>{locale.t("case-supplement-start")}</a></p>
            </section>
        })}
        {(!case.messages.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="messages-title">
                <h2 id="messages-title">{locale.t("case-messages-title")}</h2>
                <ol class="plain-list case-messages">
                    {case.messages.iter().map(|(at, department, body)| view! {
                        <li>
                            <p class="hint"><time datetime=at.to_rfc3339()>{locale.datetime(*at)}</time>" · "{department.get(locale)}</p>
                            <p>{body.clone()}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        })}
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{locale.t("case-timeline")}</h2>
            <DeliveredNote at=case.delivered_to_department_at locale/>
            <UndeliveredNote undelivered=case.undelivered locale/>
            <DepartmentReference reference=case.department_reference.clone() locale/>
            <ol class="timeline">
                {case.timeline.iter().rev().map(|e| view! { <TimelineItem entry=e.clone() labels=labels(&case) locale/> }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="answers-title">
            <h2 id="answers-title">{locale.t("case-answers")}</h2>
            <AnswersSummary definition=case.definition.clone() answers=case.answers.clone() attachments=case.attachments.clone() from_base_data=case.provided_from_base_data.clone()/>
        </section>
        <ViewedBy views=case.viewed_by.clone() locale/>
        {case.rating.clone().map(|rating| view! { <RatingShown rating locale/> })}
        {case.can_rate.then(|| view! { <RatingForm id locale/> })}
        {can_withdraw.then(|| view! { <WithdrawForm id version=case.version locale/> })}
    }
}

/// Field key → label in the page's language, to name supplement items.
pub fn labels(case: &CaseDetail) -> Vec<(String, String, String)> {
    case.definition
        .fields
        .iter()
        .map(|f| (f.key.clone(), f.label.zh.clone(), f.label.en.clone()))
        .collect()
}

fn holder(state: CaseState, department: &str, locale: Locale) -> String {
    match state {
        CaseState::SupplementRequested => locale.t("case-holder-applicant"),
        s if s.is_final() => locale.t("case-holder-none"),
        _ => department.to_string(),
    }
}

/// The parts of a bundle (一件事): each child case with its department, state and, where the
/// applicant must act or was turned down, the reason; and the bundle's overall status.
#[component]
fn BundleParts(bundle: crate::api::cases::BundleView, locale: Locale) -> impl IntoView {
    use crate::domain::bundle::BundleStatus;
    let status = match bundle.status {
        BundleStatus::Finished {
            approved,
            not_approved,
        } => locale.t_args(
            "bundle-status-finished",
            &[
                ("approved", approved.to_string()),
                ("not_approved", not_approved.to_string()),
            ],
        ),
        other => locale.t(other.label_key()),
    };
    view! {
        <section class="card" aria-labelledby="bundle-title">
            <h2 id="bundle-title">{locale.t("bundle-title")}</h2>
            <p class="bundle-status" data-status=format!("{:?}", bundle.status)>{status}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=locale.t("bundle-title")>
                <table class="bundle-parts">
                    <thead>
                        <tr>
                            <th scope="col">{locale.t("bundle-col-service")}</th>
                            <th scope="col">{locale.t("case-department")}</th>
                            <th scope="col">{locale.t("case-number")}</th>
                            <th scope="col">{locale.t("case-state")}</th>
                            <th scope="col">{locale.t("bundle-col-reason")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {bundle.children.into_iter().map(|child| view! {
                            <tr data-service=child.service.zh.clone()>
                                <td>{child.service.get(locale)}</td>
                                <td>{child.department.get(locale)}</td>
                                <td><a href=format!("/cases/{}", child.case_id) class="case-number">{child.case_number.clone()}</a></td>
                                <td><span class=format!("state state-{}", child.state.as_str())>{locale.t(child.state.label_key())}</span></td>
                                <td>
                                    {child.reason.clone().unwrap_or_default()}
                                    {(!child.supplement_items.is_empty()).then(|| view! {
                                        <SupplementItems items=child.supplement_items.clone()
                                            definition_labels=child.supplement_labels.clone() locale/>
                                    })}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The statutory deadline (法定期限) of a running clock, as a date.
pub fn statutory_deadline(clock: &ClockView) -> Option<String> {
    match clock {
        ClockView::Running {
            statutory_due: Some(due),
            ..
        } => Some(due.format("%Y-%m-%d").to_string()),
        _ => None,
    }
}

pub fn deadline(clock: &ClockView, locale: Locale) -> String {
    match clock {
        ClockView::NotStarted { promised_days } => locale.t_args(
            "case-deadline-not-started",
            &[("days", promised_days.to_string())],
        ),
        ClockView::Running { due, status, .. } => {
            let due = due.format("%Y-%m-%d").to_string();
            match status {
                DeadlineStatus::OnTrack { working_days_left }
                | DeadlineStatus::NearDeadline { working_days_left } => locale.t_args(
                    "case-deadline-days-left",
                    &[("due", due), ("days", working_days_left.to_string())],
                ),
                DeadlineStatus::DueToday => locale.t_args("case-deadline-today", &[("due", due)]),
                DeadlineStatus::Overdue { .. } => {
                    locale.t_args("case-deadline-overdue", &[("due", due)])
                }
            }
        }
        ClockView::Paused {
            remaining_working_days,
        } => locale.t_args(
            "case-deadline-paused",
            &[("days", remaining_working_days.to_string())],
        ),
        ClockView::Stopped => locale.t("case-deadline-stopped"),
    }
}

/// The four steps an applicant recognises, with the current one marked (aria-current="step").
#[component]
fn Progress(state: CaseState, locale: Locale) -> impl IntoView {
    use CaseState as S;
    let reached = match state {
        S::Draft => 0,
        S::Submitted => 1,
        S::Accepted | S::RefusedAtIntake => 2,
        S::InReview | S::SupplementRequested | S::Resubmitted => 3,
        S::Approved | S::Denied | S::Withdrawn => 4,
    };
    let steps = [
        "case-step-submitted",
        "case-step-accepted",
        "case-step-review",
        "case-step-decided",
    ];
    view! {
        <nav aria-label=locale.t("case-progress")>
            <ol class="progress-steps">
                {steps.into_iter().enumerate().map(|(i, key)| {
                    let n = i + 1;
                    let class = if n < reached { "done" } else if n == reached { "current" } else { "upcoming" };
                    view! {
                        <li class=class aria-current=(n == reached).then_some("step")>
                            {locale.t(key)}
                            {(n < reached).then(|| view! { <span class="visually-hidden">{locale.t("case-step-done")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

#[component]
fn SupplementItems(
    items: Vec<SupplementItem>,
    definition_labels: Vec<(String, String, String)>,
    locale: Locale,
) -> impl IntoView {
    view! {
        <ul class="supplement-items">
            {items.into_iter().map(|item| {
                let name = definition_labels
                    .iter()
                    .find(|(key, _, _)| *key == item.key)
                    .map(|(_, zh, en)| locale.pick(zh, en).to_string())
                    .unwrap_or_else(|| item.key.clone());
                let kind = match item.kind {
                    SupplementKind::Field => locale.t("supplement-kind-field"),
                    SupplementKind::Material => locale.t("supplement-kind-material"),
                };
                view! { <li><strong>{name}</strong>" ("{kind}")": " "{item.reason}</li> }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn TimelineItem(
    entry: TimelineEntry,
    labels: Vec<(String, String, String)>,
    locale: Locale,
) -> impl IntoView {
    let actor = locale.t(&format!("actor-{}", entry.actor_kind.replace('_', "-")));
    view! {
        <li>
            <p>
                <time datetime=entry.at.to_rfc3339()>{locale.datetime(entry.at)}</time>" "
                <strong>{locale.t(&format!("event-{}", entry.action.as_str().replace('_', "-")))}</strong>
                " · "{actor}
            </p>
            {(!entry.reason.is_empty()).then(|| view! { <p class="reason">{entry.reason.clone()}</p> })}
            {(!entry.supplement_items.is_empty()).then(|| view! {
                <SupplementItems items=entry.supplement_items.clone() definition_labels=labels locale/>
            })}
        </li>
    }
}

/// "Who viewed my data": each staff view of the case and download of its files — time,
/// department, role, what.
#[component]
fn ViewedBy(views: Vec<(DateTime<Utc>, Text, String, String)>, locale: Locale) -> impl IntoView {
    view! {
        <section class="viewed-by" aria-labelledby="viewed-by-title">
            <h2 id="viewed-by-title">{locale.t("audit-viewed-by-title")}</h2>
            <p>{locale.t("audit-viewed-by-explain")}</p>
            {if views.is_empty() {
                view! { <p>{locale.t("audit-viewed-by-none")}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{locale.t("audit-viewed-by-when")}</th>
                            <th scope="col">{locale.t("audit-viewed-by-department")}</th>
                            <th scope="col">{locale.t("audit-viewed-by-role")}</th>
                            <th scope="col">{locale.t("audit-viewed-by-what")}</th>
                        </tr></thead>
                        <tbody>
                            {views.into_iter().map(|(at, department, role, what)| {
                                let role = match Role::parse(&role) {
                                    Some(r) => locale.t(r.label_key()),
                                    None if role == "department_system" => locale.t("audit-viewed-by-system"),
                                    None => locale.t("audit-viewed-by-staff"),
                                };
                                view! {
                                    <tr>
                                        <td><time datetime=at.to_rfc3339()>{locale.datetime(at)}</time></td>
                                        <td>{department.get(locale)}</td>
                                        <td>{role}</td>
                                        <td>{locale.t(&what)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn WithdrawForm(id: Uuid, version: i32, locale: Locale) -> impl IntoView {
    let ctx = use_context::<PageContext>().unwrap_or_default();
    let echo = ctx.echo_for(WITHDRAW_FORM).cloned();
    let error = echo
        .as_ref()
        .and_then(|e| e.error("reason"))
        .map(str::to_string);
    let value = echo
        .as_ref()
        .and_then(|e| e.value("reason"))
        .map(str::to_string)
        .unwrap_or_default();
    let field_id = format!("{WITHDRAW_FORM}-reason");
    view! {
        <section class="card" aria-labelledby="withdraw-title">
            <h2 id="withdraw-title">{locale.t("case-withdraw-title")}</h2>
            <p>{locale.t("case-withdraw-explain")}</p>
            <ErrorSummary form=WITHDRAW_FORM/>
            <form method="post" action=format!("/cases/{id}")>
                <CsrfField/>
                <input type="hidden" name="form" value=WITHDRAW_FORM/>
                <input type="hidden" name="version" value=version.to_string()/>
                <div class="field" class:field-has-error=error.is_some()>
                    <label for=field_id.clone()>{locale.t("case-withdraw-reason")}</label>
                    {error.clone().map(|code| view! { <p class="field-error" id=format!("{field_id}-error")>{locale.t(&code)}</p> })}
                    <textarea id=field_id.clone() name="reason" rows="3" maxlength="2000"
                        aria-required="true"
                        aria-invalid=error.is_some().then_some("true")
                        aria-describedby=error.is_some().then(|| format!("{field_id}-error"))>{value}</textarea>
                </div>
                <button type="submit" class="danger">{locale.t("case-withdraw-button")}</button>
            </form>
        </section>
    }
}

#[component]
fn RatingShown(rating: RatingView, locale: Locale) -> impl IntoView {
    let stars = locale.t_args("rating-stars", &[("score", rating.score.to_string())]);
    view! {
        <section class="card" aria-labelledby="rating-title">
            <h2 id="rating-title">{locale.t("rating-title")}</h2>
            <p>{stars}</p>
            {(!rating.comment.is_empty()).then(|| view! { <p class="reason">{rating.comment.clone()}</p> })}
            {match rating.followup {
                Some(Some(response)) => view! {
                    <h3>{locale.t("rating-response")}</h3>
                    <p class="reason">{response}</p>
                }.into_any(),
                Some(None) => view! { <p>{locale.t("rating-followup-open")}</p> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// 1–5 stars as radio buttons (a fieldset, so it works without JavaScript) and a comment.
#[component]
fn RatingForm(id: Uuid, locale: Locale) -> impl IntoView {
    let ctx = use_context::<PageContext>().unwrap_or_default();
    let echo = ctx.echo_for(RATING_FORM).cloned();
    let error = echo
        .as_ref()
        .and_then(|e| e.error("score"))
        .map(str::to_string);
    let comment_error = echo
        .as_ref()
        .and_then(|e| e.error("comment"))
        .map(str::to_string);
    let chosen = echo
        .as_ref()
        .and_then(|e| e.value("score"))
        .map(str::to_string)
        .unwrap_or_default();
    let comment = echo
        .as_ref()
        .and_then(|e| e.value("comment"))
        .map(str::to_string)
        .unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="rate-title">
            <h2 id="rate-title">{locale.t("rating-title")}</h2>
            <ErrorSummary form=RATING_FORM/>
            <form method="post" action=format!("/cases/{id}")>
                <CsrfField/>
                <input type="hidden" name="form" value=RATING_FORM/>
                <fieldset class="field" class:field-has-error=error.is_some() id=format!("{RATING_FORM}-score")>
                    <legend>{locale.t("rating-question")}</legend>
                    {error.clone().map(|code| view! { <p class="field-error">{locale.t(&code)}</p> })}
                    {(1..=5).rev().map(|score| {
                        let option_id = format!("rating-{score}");
                        view! {
                            <div class="choice">
                                <input type="radio" id=option_id.clone() name="score" value=score.to_string()
                                    checked=chosen == score.to_string()/>
                                <label for=option_id>{locale.t_args("rating-stars", &[("score", score.to_string())])}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field" class:field-has-error=comment_error.is_some()>
                    <label for=format!("{RATING_FORM}-comment")>{locale.t("rating-comment")}<span class="optional">{locale.t("field-optional")}</span></label>
                    {comment_error.clone().map(|code| view! { <p class="field-error">{locale.t(&code)}</p> })}
                    <textarea id=format!("{RATING_FORM}-comment") name="comment" rows="3" maxlength="1000">{comment}</textarea>
                </div>
                <button type="submit">{locale.t("rating-submit")}</button>
            </form>
        </section>
    }
}
