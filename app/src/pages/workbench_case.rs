//! One case on the workbench: summary, what was filed, the timeline and the decision forms.
//! Every form carries the page's `version`, so a decision on a case that changed meanwhile is
//! refused (409) and nothing changes.
use super::case::{case_id_param, deadline, labels, statutory_deadline, TimelineItem};
use super::{Loaded, NotFound, Refused};
use crate::api::workbench::{load_workbench_case, NoteView, WorkbenchCase};
use crate::api::ApiError;
use crate::components::answers::AnswersSummary;
use crate::components::delivery_ledger::{DeliveryLedger, DepartmentReference};
use crate::components::form::{field_id, CsrfField, ErrorSummary, Notice};
use crate::domain::case_lifecycle::ActionKind;
use crate::domain::service_form::FieldKind;
use crate::i18n::{use_locale, Locale};
use crate::page_context::{FormEcho, PageContext};
use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

pub const DECISION_CLAIM: &str = "claim";
/// A supervisor assigns (or reassigns) the case to a clerk.
pub const DECISION_ASSIGN: &str = "assign";
/// An internal note or a message to the applicant.
pub const DECISION_NOTE: &str = "note";

/// The form name of a decision's refused-post echo.
pub fn decision_form(decision: &str) -> String {
    format!("wb-{decision}")
}

#[component]
pub fn WorkbenchCasePage() -> impl IntoView {
    let locale = use_locale();
    let id = case_id_param();
    let case = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_workbench_case(id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Loaded resource=case view=move |case| view! { <StaffCaseView case locale/> } refused=Refused { not_found: Some(NotFound { title_key: "case-not-found", back_href: "/workbench", back_key: "wb-back" }), ..Default::default() }/>
    }
}

#[component]
fn StaffCaseView(case: WorkbenchCase, locale: Locale) -> impl IntoView {
    let WorkbenchCase {
        detail,
        applicant,
        assigned_to,
        assigned_to_me,
        assigned_id,
        notes,
        clerks,
        is_supervisor,
        deny_grounds: grounds,
        deliveries,
    } = case;
    let title = detail.service.get(locale);
    let number = detail.case_number.clone().unwrap_or_default();
    let id = detail.id;
    let version = detail.version;
    let can = |kind: ActionKind| detail.actions.contains(&kind);
    let can_claim = assigned_to.is_none() && !detail.state.is_final();
    let holder = match (&assigned_to, assigned_to_me) {
        (_, true) => locale.t("wb-assigned-me"),
        (Some(name), false) => name.clone(),
        (None, _) => locale.t("wb-unassigned"),
    };
    // Top-level fields the applicant may be asked to supplement: (key, label, is a file).
    let items: Vec<(String, String, bool)> = detail
        .definition
        .fields
        .iter()
        .map(|f| {
            (
                f.key.clone(),
                f.label.get(locale),
                matches!(f.kind, FieldKind::File { .. }),
            )
        })
        .collect();
    let field_labels = labels(&detail);
    view! {
        <Title text=format!("{number} {title}")/>
        <p class="breadcrumb"><a href="/workbench">{locale.t("wb-title")}</a></p>
        <h1>{title}</h1>
        <Notice/>
        <section class="card" aria-labelledby="wb-summary-title">
            <h2 id="wb-summary-title" class="visually-hidden">{locale.t("case-summary")}</h2>
            <dl class="guide-facts">
                <dt>{locale.t("case-number")}</dt><dd class="case-number">{number}</dd>
                <dt>{locale.t("case-state")}</dt>
                <dd><span class=format!("state state-{}", detail.state.as_str())>{locale.t(detail.state.label_key())}</span></dd>
                <dt>{locale.t("wb-col-applicant")}</dt><dd>{applicant}</dd>
                {detail.enterprise.clone().map(|e| view! { <dt>{locale.t("case-enterprise")}</dt><dd>{e}</dd> })}
                {detail.submitted_at.map(|at| view! { <dt>{locale.t("case-submitted-at")}</dt><dd>{locale.datetime(at)}</dd> })}
                <dt>{locale.t("case-deadline")}</dt><dd>{deadline(&detail.clock, locale)}</dd>
                {statutory_deadline(&detail.clock).map(|due| view! { <dt>{locale.t("case-statutory-deadline")}</dt><dd>{due}</dd> })}
                <dt>{locale.t("wb-assigned")}</dt><dd class="wb-assigned">{holder}</dd>
            </dl>
        </section>
        <section class="card" aria-labelledby="wb-decisions-title">
            <h2 id="wb-decisions-title">{locale.t("wb-decisions")}</h2>
            {can_claim.then(|| view! { <ButtonForm id version decision=DECISION_CLAIM button="wb-claim" locale/> })}
            {can(ActionKind::Accept).then(|| view! { <ButtonForm id version decision="accept" button="wb-accept" locale/> })}
            {can(ActionKind::StartReview).then(|| view! { <ButtonForm id version decision="start_review" button="wb-start-review" locale/> })}
            {can(ActionKind::RefuseAtIntake).then(|| view! {
                <TextForm id version decision="refuse_at_intake" field="reason" label="wb-refuse-reason" required=true button="wb-refuse" locale/>
            })}
            {can(ActionKind::RequestSupplement).then(|| view! { <SupplementForm id version items locale/> })}
            {can(ActionKind::Approve).then(|| view! {
                <TextForm id version decision="approve" field="note" label="wb-approve-note" required=false button="wb-approve" locale/>
            })}
            {can(ActionKind::Deny).then(|| view! { <DenyForm id version grounds=grounds.clone() locale/> })}
            {(is_supervisor && !detail.state.is_final()).then(|| view! { <AssignForm id version clerks assigned_id locale/> })}
        </section>
        <Notes id version notes locale/>
        <section aria-labelledby="wb-answers-title">
            <h2 id="wb-answers-title">{locale.t("case-answers")}</h2>
            <AnswersSummary definition=detail.definition.clone() answers=detail.answers.clone() attachments=detail.attachments.clone() from_base_data=detail.provided_from_base_data.clone()/>
        </section>
        <section aria-labelledby="wb-files-title">
            <h2 id="wb-files-title">{locale.t("wb-files")}</h2>
            <ul class="plain-list">
                {detail.attachments.iter().map(|a| {
                    let inline = format!("/files/{}?inline=1", a.id);
                    let preview = if a.content_type.starts_with("image/") {
                        let link = inline.clone();
                        Some(view! {
                            <a href=link rel="external" class="wb-preview">
                                <img src=inline alt=a.original_name.clone() style="max-width: 16rem; max-height: 12rem; display: block;"/>
                            </a>
                        }.into_any())
                    } else if a.content_type == "application/pdf" {
                        Some(view! { " " <a href=inline rel="external" class="wb-preview">{locale.t("wb-preview")}</a> }.into_any())
                    } else {
                        None
                    };
                    view! {
                        <li><a href=format!("/files/{}", a.id) rel="external">{a.original_name.clone()}</a>" ("{a.field_key.clone()}")"{preview}</li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="wb-timeline-title">
            <h2 id="wb-timeline-title">{locale.t("case-timeline")}</h2>
            <ol class="timeline">
                {detail.timeline.iter().rev().map(|e| view! { <TimelineItem entry=e.clone() labels=field_labels.clone() locale/> }).collect_view()}
            </ol>
        </section>
        <DepartmentReference reference=detail.department_reference.clone() locale/>
        <DeliveryLedger attempts=deliveries locale/>
    }
}

fn echo(form: &str) -> Option<FormEcho> {
    use_context::<PageContext>()
        .unwrap_or_default()
        .echo_for(form)
        .cloned()
}

/// The hidden fields every decision form carries.
#[component]
fn DecisionFields(decision: &'static str, version: i32) -> impl IntoView {
    view! {
        <CsrfField/>
        <input type="hidden" name="decision" value=decision/>
        <input type="hidden" name="version" value=version.to_string()/>
    }
}

#[component]
fn ButtonForm(
    id: Uuid,
    version: i32,
    decision: &'static str,
    button: &'static str,
    locale: Locale,
) -> impl IntoView {
    view! {
        <form method="post" action=format!("/workbench/cases/{id}") class="wb-decision">
            <DecisionFields decision version/>
            <button type="submit">{locale.t(button)}</button>
        </form>
    }
}

/// A textarea with its label and error, filled back from a refused post.
#[component]
fn TextArea(
    form: String,
    field: String,
    label: String,
    required: bool,
    locale: Locale,
) -> impl IntoView {
    let echo = echo(&form);
    let error = echo
        .as_ref()
        .and_then(|e| e.error(&field))
        .map(str::to_string);
    let value = echo
        .as_ref()
        .and_then(|e| e.value(&field))
        .map(str::to_string)
        .unwrap_or_default();
    let input_id = field_id(&form, &field);
    let message = echo
        .as_ref()
        .and_then(|e| e.errors.iter().find(|x| x.field == field).cloned())
        .map(|e| e.message(locale));
    view! {
        <div class="field" class:field-has-error=error.is_some()>
            <label for=input_id.clone()>
                {label}
                {(!required).then(|| view! { <span class="optional">{locale.t("field-optional")}</span> })}
            </label>
            {message.map(|m| view! { <p class="field-error" id=format!("{input_id}-error")>{m}</p> })}
            <textarea id=input_id.clone() name=field rows="3" maxlength="2000"
                aria-required=required.then_some("true")
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=error.is_some().then(|| format!("{input_id}-error"))>{value}</textarea>
        </div>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn TextForm(
    id: Uuid,
    version: i32,
    decision: &'static str,
    field: &'static str,
    label: &'static str,
    required: bool,
    button: &'static str,
    locale: Locale,
) -> impl IntoView {
    let form = decision_form(decision);
    view! {
        <form method="post" action=format!("/workbench/cases/{id}") class="wb-decision">
            <ErrorSummary form=form.clone()/>
            <DecisionFields decision version/>
            <TextArea form field=field.to_string() label=locale.t(label) required locale/>
            <button type="submit">{locale.t(button)}</button>
        </form>
    }
}

#[component]
fn SupplementForm(
    id: Uuid,
    version: i32,
    items: Vec<(String, String, bool)>,
    locale: Locale,
) -> impl IntoView {
    let form = decision_form("request_supplement");
    let echo = echo(&form);
    let error = echo
        .as_ref()
        .and_then(|e| e.errors.iter().find(|x| x.field == "item").cloned())
        .map(|e| e.message(locale));
    let rows = items
        .into_iter()
        .map(|(key, label, is_file)| {
            let checked = echo
                .as_ref()
                .and_then(|e| e.value(&format!("item.{key}")))
                .is_some();
            let box_id = field_id(&form, &format!("item-{key}"));
            let kind = if is_file {
                locale.t("supplement-kind-material")
            } else {
                locale.t("supplement-kind-field")
            };
            view! {
                <div class="choice">
                    <input type="checkbox" id=box_id.clone() name="item" value=key.clone() checked=checked/>
                    <label for=box_id>{label.clone()}" ("{kind}")"</label>
                </div>
                <TextArea form=form.clone() field=format!("reason.{key}")
                    label=locale.t_args("wb-supplement-item-reason", &[("item", label)]) required=false locale/>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/workbench/cases/{id}") class="wb-decision">
            <ErrorSummary form=form.clone()/>
            <DecisionFields decision="request_supplement" version/>
            <fieldset class="field" id=field_id(&form, "item")>
                <legend>{locale.t("wb-supplement-items")}</legend>
                {error.map(|m| view! { <p class="field-error">{m}</p> })}
                {rows}
            </fieldset>
            <button type="submit">{locale.t("wb-request-supplement")}</button>
        </form>
    }
}

#[component]
fn DenyForm(id: Uuid, version: i32, grounds: Vec<String>, locale: Locale) -> impl IntoView {
    let form = decision_form("deny");
    let chosen = echo(&form)
        .and_then(|e| e.value("legal_reason_code").map(str::to_string))
        .unwrap_or_default();
    let select_id = field_id(&form, "legal_reason_code");
    view! {
        <form method="post" action=format!("/workbench/cases/{id}") class="wb-decision">
            <ErrorSummary form=form.clone()/>
            <DecisionFields decision="deny" version/>
            <div class="field">
                <label for=select_id.clone()>{locale.t("wb-deny-code")}</label>
                <select id=select_id name="legal_reason_code">
                    {grounds.into_iter().map(|code| {
                        let selected = chosen == code;
                        let label = locale.t(&format!("wb-deny-code-{code}"));
                        view! { <option value=code selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextArea form field="explanation".to_string() label=locale.t("wb-deny-explanation") required=true locale/>
            <button type="submit" class="danger">{locale.t("wb-deny")}</button>
        </form>
    }
}

/// A supervisor's choice of the clerk who holds the case.
#[component]
fn AssignForm(
    id: Uuid,
    version: i32,
    clerks: Vec<(Uuid, String)>,
    assigned_id: Option<Uuid>,
    locale: Locale,
) -> impl IntoView {
    let form = decision_form(DECISION_ASSIGN);
    let echo = echo(&form);
    let chosen = echo
        .as_ref()
        .and_then(|e| e.value("clerk_id"))
        .and_then(|v| v.parse::<Uuid>().ok())
        .or(assigned_id);
    let select_id = field_id(&form, "clerk_id");
    let error = echo
        .as_ref()
        .and_then(|e| e.errors.iter().find(|x| x.field == "clerk_id").cloned())
        .map(|e| e.message(locale));
    view! {
        <form method="post" action=format!("/workbench/cases/{id}") class="wb-decision">
            <ErrorSummary form=form.clone()/>
            <DecisionFields decision=DECISION_ASSIGN version/>
            <div class="field" class:field-has-error=error.is_some()>
                <label for=select_id.clone()>{locale.t("wb-assign-clerk")}</label>
                {error.clone().map(|m| view! { <p class="field-error" id=format!("{select_id}-error")>{m}</p> })}
                <select id=select_id.clone() name="clerk_id"
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error.is_some().then(|| format!("{select_id}-error"))>
                    {clerks.into_iter().map(|(clerk, name)| view! {
                        <option value=clerk.to_string() selected=chosen == Some(clerk)>{name}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{locale.t("wb-assign")}</button>
        </form>
    }
}

/// Internal notes and messages to the applicant, and the form to write one.
#[component]
fn Notes(id: Uuid, version: i32, notes: Vec<NoteView>, locale: Locale) -> impl IntoView {
    let form = decision_form(DECISION_NOTE);
    let to_applicant = echo(&form)
        .and_then(|e| e.value("visibility").map(str::to_string))
        .is_some_and(|v| v == "applicant");
    let internal_id = field_id(&form, "visibility-internal");
    let applicant_id = field_id(&form, "visibility-applicant");
    view! {
        <section class="card" aria-labelledby="wb-notes-title">
            <h2 id="wb-notes-title">{locale.t("wb-notes")}</h2>
            {if notes.is_empty() {
                view! { <p>{locale.t("wb-notes-none")}</p> }.into_any()
            } else {
                view! {
                    <ol class="plain-list wb-notes">
                        {notes.into_iter().map(|n| {
                            let badge = if n.internal { "wb-note-internal" } else { "wb-note-applicant" };
                            view! {
                                <li class=if n.internal { "wb-note wb-note-is-internal" } else { "wb-note wb-note-is-applicant" }>
                                    <p class="hint">
                                        <time datetime=n.at.to_rfc3339()>{locale.datetime(n.at)}</time>
                                        " · "{n.author}" "
                                        <span class="role-tag">{locale.t(badge)}</span>
                                    </p>
                                    <p>{n.body}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <form method="post" action=format!("/workbench/cases/{id}") class="wb-decision">
                <ErrorSummary form=form.clone()/>
                <DecisionFields decision=DECISION_NOTE version/>
                <TextArea form=form.clone() field="body".to_string() label=locale.t("wb-note-body") required=true locale/>
                <fieldset class="field">
                    <legend>{locale.t("wb-note-visibility")}</legend>
                    <div class="choice">
                        <input type="radio" id=internal_id.clone() name="visibility" value="internal" checked=!to_applicant/>
                        <label for=internal_id>{locale.t("wb-note-internal")}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id=applicant_id.clone() name="visibility" value="applicant" checked=to_applicant/>
                        <label for=applicant_id>{locale.t("wb-note-applicant")}</label>
                    </div>
                </fieldset>
                <button type="submit">{locale.t("wb-note-submit")}</button>
            </form>
        </section>
    }
}
