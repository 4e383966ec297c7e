//! 在线申报: the application form of a service (`/apply/{code}`) or a saved draft
//! (`/cases/{id}/edit`). One multipart form posted to the page's own URL; buttons save the
//! draft, submit, or discard it. The CSRF token rides in the query string because a multipart
//! body is streamed, not read ahead by the CSRF check.
use super::set_status;
use super::Loaded;
use crate::api::application::{load_application, ApplicationForm, ApplicationLoad};
use crate::components::form::Notice;
use crate::components::service_form::{input_id, ServiceFormFields};
use crate::i18n::{use_locale, Locale};
use crate::page_context::{PageContext, CSRF_FIELD};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use uuid::Uuid;

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let args = move || {
        let (service, case_id) = params.with(|p| {
            (
                p.get("code"),
                p.get("id").and_then(|id| id.parse::<Uuid>().ok()),
            )
        });
        query.with(|q| {
            (
                service,
                case_id,
                q.get("as").and_then(|e| e.parse::<Uuid>().ok()),
                q.get("check").is_some(),
                q.get_all("file_error").unwrap_or_default().join(","),
                location.pathname.get().ends_with("/supplement"),
            )
        })
    };
    let data = Resource::new(
        args,
        |(service, case_id, enterprise, check, file_errors, supplement)| {
            load_application(service, case_id, enterprise, check, file_errors, supplement)
        },
    );
    view! {
        <Loaded resource=data view=move |load| {
            match load {
                    ApplicationLoad::Ready(form) => view! { <Application form=*form locale/> }.into_any(),
                    ApplicationLoad::NeedsLogin => {
                        set_status(401);
                        let here = location.pathname.get_untracked();
                        view! { <p><a href=format!("/login?next={here}")>{locale.t("login-required")}</a></p> }.into_any()
                    }
                    ApplicationLoad::NeedsEnterprise => view! {
                        <h1>{locale.t("apply-needs-enterprise")}</h1>
                        <p><a href="/register/enterprise">{locale.t("register-enterprise-link")}</a></p>
                    }.into_any(),
                    ApplicationLoad::ChooseEnterprise(enterprises) => {
                        let here = location.pathname.get_untracked();
                        view! {
                            <h1>{locale.t("apply-choose-enterprise")}</h1>
                            <ul class="plain-list">
                                {enterprises.into_iter().map(|(id, name)| view! {
                                    <li><a href=format!("{here}?as={id}")>{name}</a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    ApplicationLoad::NotFound => {
                        set_status(404);
                        view! { <h1>{locale.t("case-not-found")}</h1> }.into_any()
                    }
                }
        }/>
    }
}

pub const SUPPLEMENT_FORM: &str = "supplement";

#[component]
fn Application(form: ApplicationForm, locale: Locale) -> impl IntoView {
    let ctx = use_context::<PageContext>().unwrap_or_default();
    let supplement = !form.supplement_items.is_empty();
    let mut form = form;
    if let Some(echo) = ctx.echo_for(SUPPLEMENT_FORM).filter(|_| supplement) {
        // A refused supplement: the applicant's new answers and the problems, back on the page.
        for (path, value) in &echo.values {
            if crate::domain::service_form::is_answer_path(path) {
                form.answers.set(path, vec![value.clone()]);
            }
        }
        form.errors.extend(echo.errors.iter().cloned());
    }
    let action = match (form.case_id, supplement) {
        (Some(id), true) => format!("/cases/{id}/supplement?{CSRF_FIELD}={}", ctx.csrf_token),
        (Some(id), false) => format!("/cases/{id}/edit?{CSRF_FIELD}={}", ctx.csrf_token),
        (None, _) => format!(
            "/apply/{}?{CSRF_FIELD}={}",
            form.service_code, ctx.csrf_token
        ),
    };
    let title_key = if supplement {
        "supplement-title"
    } else {
        "apply-title"
    };
    let title = locale.t_args(title_key, &[("service", form.service.get(locale))]);
    let errors = form.errors.clone();
    let saved = form
        .saved_at
        .map(|at| locale.t_args("apply-saved-at", &[("time", locale.datetime(at))]));
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb">
            <a href=format!("/services/{}", form.service_code)>{form.service.get(locale)}</a>
        </p>
        <h1>{title}</h1>
        <Notice/>
        {form.enterprise.clone().map(|(_, name)| view! {
            <p class="apply-for">{locale.t_args("apply-for-enterprise", &[("name", name)])}</p>
        })}
        {saved.map(|s| view! { <p class="muted">{s}</p> })}
        {(!errors.is_empty()).then(|| view! {
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="apply-error-title" autofocus>
                <h2 id="apply-error-title">{locale.t("error-summary-title")}</h2>
                <ul>
                    {errors.iter().map(|e| view! {
                        <li><a href=format!("#{}", input_id(&e.field)) rel="external">{e.message(locale)}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        })}
        <ApplicationEditor form action supplement locale/>
    }
}

/// The form itself, the page's one island: with JavaScript, fields that depend on other
/// answers hide and show, each input checks itself when left, and a changed draft is saved
/// in the background.
#[island]
fn ApplicationEditor(
    form: ApplicationForm,
    action: String,
    supplement: bool,
    locale: Locale,
) -> impl IntoView {
    crate::page_context::mark_island_hydrated();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let dirty = RwSignal::new(false);
    let file_keys: Vec<String> = form
        .definition
        .fields
        .iter()
        .filter(|f| matches!(f.kind, crate::domain::service_form::FieldKind::File { .. }))
        .map(|f| f.key.clone())
        .collect();
    let today = form.today;
    view! {
        {(!supplement).then(|| view! { <Autosave action=action.clone() form_ref dirty file_keys=file_keys.clone()/> })}
        <form method="post" action=action.clone() enctype="multipart/form-data" class="application-form" novalidate
            node_ref=form_ref on:input=move |_| dirty.set(true) on:change=move |_| dirty.set(true)>
            {(!supplement).then(|| view! { <input type="hidden" name="application_key" value=form.key.to_string()/> })}
            {form.enterprise.as_ref().filter(|_| !supplement).map(|(id, _)| view! { <input type="hidden" name="enterprise" value=id.to_string()/> })}
            {if supplement {
                view! {
                    <p class="hint">{locale.t("supplement-intro")}</p>
                    <ul class="supplement-items">
                        {form.supplement_items.iter().map(|item| {
                            let label = form.definition.field(&item.key).map(|f| f.label.get(locale)).unwrap_or_else(|| item.key.clone());
                            view! { <li><strong>{label}</strong>": "{item.reason.clone()}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            } else {
                view! { <p class="hint">{locale.t("apply-intro")}</p> }.into_any()
            }}
            <ServiceFormFields form=form.clone() today/>
            {supplement.then(|| view! {
                <div class="form-actions">
                    <button type="submit" name="action" value="resubmit">{locale.t("supplement-submit")}</button>
                </div>
            })}
            <div class="form-actions" hidden=supplement>
                <button type="submit" name="action" value="submit">{locale.t("apply-submit")}</button>
                <button type="submit" name="action" value="save" class="secondary">{locale.t("apply-save")}</button>
                {form.case_id.is_some().then(|| view! {
                    <button type="submit" name="action" value="discard" class="link-button">{locale.t("apply-discard")}</button>
                })}
            </div>
        </form>
    }
}

/// How often a changed form is saved in the background (JavaScript on).
#[cfg(feature = "hydrate")]
const AUTOSAVE_SECONDS: u64 = 15;

/// With JavaScript, saves a changed draft every few seconds (answers only; files are uploaded
/// with the buttons) and says so in a polite live region. Without JavaScript: nothing here, the
/// "save draft" button does it.
#[component]
fn Autosave(
    action: String,
    form_ref: NodeRef<leptos::html::Form>,
    dirty: RwSignal<bool>,
    file_keys: Vec<String>,
) -> impl IntoView {
    let status: RwSignal<Option<String>> = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    let locale = use_locale();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let action = action.clone();
        let file_keys = file_keys.clone();
        let tick = move || {
            if !dirty.get_untracked() {
                return;
            }
            let Some(form) = form_ref.get_untracked() else {
                return;
            };
            dirty.set(false);
            let action = action.clone();
            let file_keys = file_keys.clone();
            leptos::task::spawn_local(async move {
                let saved = autosave(&form, &action, &file_keys).await;
                let key = if saved {
                    "apply-autosaved"
                } else {
                    "apply-autosave-failed"
                };
                if !saved {
                    dirty.set(true);
                }
                let now = web_sys::js_sys::Date::new_0();
                let time = format!("{:02}:{:02}", now.get_hours(), now.get_minutes());
                status.set(Some(locale.t_args(key, &[("time", time)])));
            });
        };
        let handle =
            set_interval_with_handle(tick, std::time::Duration::from_secs(AUTOSAVE_SECONDS));
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (action, form_ref, dirty, file_keys);
    view! { <p class="muted autosave-status" role="status" aria-live="polite">{move || status.get()}</p> }
}

#[cfg(feature = "hydrate")]
async fn autosave(
    form: &leptos::web_sys::HtmlFormElement,
    action: &str,
    file_keys: &[String],
) -> bool {
    use leptos::wasm_bindgen::JsCast;
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return false;
    };
    for key in file_keys {
        data.delete(key);
    }
    if data.set_with_str("action", "autosave").is_err() {
        return false;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&data);
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.fetch_with_str_and_init(action, &init);
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(response) => response
            .dyn_into::<web_sys::Response>()
            .is_ok_and(|r| r.ok()),
        Err(_) => false,
    }
}
