//! Renders a service's form definition as plain HTML inputs (every kind, groups, files, wallet
//! certificates) that post as answer paths (`key`, `key.district`, `group.0.member`).
//!
//! Without JavaScript every field is shown; a field that only applies for some answers says so.
//! With JavaScript such fields hide and show as the answers change, and each input checks itself
//! when left, with the same rules the server applies on submit.
use crate::api::application::{ApplicationForm, WalletCertificate};
use crate::api::cases::AttachmentView;
use crate::domain::service_form::{ChoiceOption, FieldDef, FieldKind, FormDefinition, RawAnswers};
use crate::i18n::{use_locale, Locale};
use crate::page_context::FieldError;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

mod field_input;
mod file_input;

use field_input::FieldInput;

/// The HTML id of the input at `path` (error summary links point here).
pub fn input_id(path: &str) -> String {
    format!("answer-{}", path.replace('.', "-"))
}

/// What every field renderer needs, shared cheaply.
#[derive(Clone)]
struct FormScope {
    definition: Arc<FormDefinition>,
    answers: Arc<RawAnswers>,
    errors: Arc<Vec<FieldError>>,
    locked: Arc<Vec<String>>,
    attachments: Arc<Vec<AttachmentView>>,
    wallet: Arc<Vec<WalletCertificate>>,
    attached: Arc<Vec<(String, uuid::Uuid)>>,
    today: NaiveDate,
    locale: Locale,
    /// Live values of the fields other fields depend on (updated as the user answers).
    live: RwSignal<BTreeMap<String, Vec<String>>>,
    /// False on the server and until hydration: everything stays visible without JavaScript.
    js: RwSignal<bool>,
}

impl FormScope {
    fn error(&self, path: &str) -> Option<FieldError> {
        self.errors.iter().find(|e| e.field == path).cloned()
    }

    fn is_source(&self, key: &str) -> bool {
        self.definition
            .fields
            .iter()
            .any(|f| f.visible_when.as_ref().is_some_and(|c| c.field == key))
    }
}

#[component]
pub fn ServiceFormFields(form: ApplicationForm, today: NaiveDate) -> impl IntoView {
    let locale = use_locale();
    let sources: BTreeMap<String, Vec<String>> = form
        .definition
        .fields
        .iter()
        .filter_map(|f| f.visible_when.as_ref().map(|c| c.field.clone()))
        .map(|key| {
            let values = form.answers.all(&key).to_vec();
            (key, values)
        })
        .collect();
    // During a supplement only the fields asked for are editable; the rest is not posted at all.
    let only: Option<Vec<String>> = (!form.supplement_items.is_empty()).then(|| {
        form.supplement_items
            .iter()
            .map(|i| i.key.clone())
            .collect()
    });
    let js = RwSignal::new(false);
    Effect::new(move |_| js.set(true));
    let scope = FormScope {
        definition: Arc::new(form.definition),
        answers: Arc::new(form.answers),
        errors: Arc::new(form.errors),
        locked: Arc::new(form.locked),
        attachments: Arc::new(form.attachments),
        wallet: Arc::new(form.wallet),
        attached: Arc::new(form.attached_certificates),
        today,
        locale,
        live: RwSignal::new(sources),
        js,
    };
    let fields = scope.definition.fields.clone();
    fields
        .into_iter()
        .filter(|f| only.as_ref().is_none_or(|keys| keys.contains(&f.key)))
        .map(|field| view! { <TopField field scope=scope.clone()/> })
        .collect_view()
}

/// A top-level field, hidden (with JavaScript) while its condition does not hold.
#[component]
fn TopField(field: FieldDef, scope: FormScope) -> impl IntoView {
    let locale = scope.locale;
    let condition = field.visible_when.clone();
    let live = scope.live;
    let js = scope.js;
    let hidden = {
        let condition = condition.clone();
        move || {
            js.get()
                && condition.as_ref().is_some_and(|c| {
                    !live.with(|values| {
                        c.holds(values.get(&c.field).map(Vec::as_slice).unwrap_or(&[]))
                    })
                })
        }
    };
    let condition_note = condition.as_ref().map(|c| {
        let source = scope.definition.field(&c.field);
        let source_label = source.map(|s| s.label.get(locale)).unwrap_or_default();
        let values = c
            .any_of
            .iter()
            .map(|v| option_label(source.map(|s| &s.kind), v, locale))
            .collect::<Vec<_>>()
            .join(" / ");
        locale.t_args(
            "form-shown-when",
            &[("field", source_label), ("values", values)],
        )
    });
    let locked = scope.locked.contains(&field.key);
    view! {
        <div class="form-field" hidden=hidden>
            {if locked {
                view! { <LockedField field=field.clone() scope=scope.clone()/> }.into_any()
            } else {
                view! { <FieldInput field=field.clone() path=field.key.clone() scope=scope.clone() note=condition_note.clone().unwrap_or_default()/> }.into_any()
            }}
        </div>
    }
}

fn option_label(kind: Option<&FieldKind>, value: &str, locale: Locale) -> String {
    let options: &[ChoiceOption] = match kind {
        Some(FieldKind::SingleChoice { options })
        | Some(FieldKind::MultiChoice { options, .. }) => options,
        _ => &[],
    };
    options
        .iter()
        .find(|o| o.value == value)
        .map(|o| o.label.get(locale))
        .unwrap_or_else(|| value.to_string())
}

/// Verified data from the account: shown, not asked again (the server fills it in).
#[component]
fn LockedField(field: FieldDef, scope: FormScope) -> impl IntoView {
    let locale = scope.locale;
    let value = display_value(&field, &field.key, &scope.answers, locale);
    view! {
        <div class="field locked-field">
            <span class="label">{field.label.get(locale)}</span>
            <p class="locked-value">{value}" "<span class="badge">{locale.t("form-verified")}</span></p>
        </div>
    }
}

/// A readable value of a scalar or address answer (masked personal numbers are not needed
/// here: the page belongs to the person).
pub fn display_value(field: &FieldDef, path: &str, answers: &RawAnswers, locale: Locale) -> String {
    match &field.kind {
        FieldKind::Address => {
            let detail = answers.get(&format!("{path}.detail"));
            let district =
                crate::domain::service_form::district(answers.get(&format!("{path}.district")));
            match district {
                Some(d) => format!("{}{}", d.full_name().get(locale), detail),
                None => detail.to_string(),
            }
        }
        FieldKind::SingleChoice { .. } | FieldKind::MultiChoice { .. } => answers
            .all(path)
            .iter()
            .map(|v| option_label(Some(&field.kind), v, locale))
            .collect::<Vec<_>>()
            .join("、"),
        _ => answers.get(path).to_string(),
    }
}
