//! One field's label, hint, error and input(s), an address's two inputs and a group's rows.
use super::file_input::FileInput;
use super::{input_id, FormScope};
use crate::api::Text;
use crate::components::form::FieldErrorState;
use crate::domain::service_form::{check_answer, districts, is_visible, FieldDef, FieldKind};
use leptos::prelude::*;

/// Label, hint, error and the input(s) of one field at `path`.
#[component]
pub(super) fn FieldInput(
    field: FieldDef,
    path: String,
    scope: FormScope,
    #[prop(optional)] note: String,
) -> impl IntoView {
    let locale = scope.locale;
    let id = input_id(&path);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let server_error = scope.error(&path).map(|e| e.message(locale));
    let FieldErrorState {
        client_error,
        edited,
        shown: shown_error,
    } = FieldErrorState::new(server_error);
    let help = field.help.as_ref().map(|h| h.get(locale));
    let note = (!note.is_empty()).then_some(note);
    let hint_text = match (help, note) {
        (Some(h), Some(n)) => Some(format!("{h} {n}")),
        (h, n) => h.or(n),
    };
    let has_hint = hint_text.is_some();
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if shown_error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let label = field.label.get(locale);
    let optional = (!field.required)
        .then(|| view! { <span class="optional">{locale.t("field-optional")}</span> });
    let hint = hint_text.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> });
    let error_view = {
        let error_id = error_id.clone();
        move || {
            shown_error
                .get()
                .map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })
        }
    };
    // The browser's own check when a single-value input is left.
    let check = {
        let definition = scope.definition.clone();
        let path = path.clone();
        let today = scope.today;
        move |value: String| {
            edited.set(true);
            client_error
                .set(check_answer(&definition, &path, &value, today).map(|e| e.message(locale)));
        }
    };
    let source = scope.is_source(&field.key).then_some(field.key.clone());
    let live = scope.live;
    let value = scope.answers.get(&path).to_string();
    let required = field.required.then_some("true");
    let invalid = move || shown_error.get().is_some().then_some("true");
    let is_group = matches!(field.kind, FieldKind::Group { .. });
    let is_fieldset = matches!(
        field.kind,
        FieldKind::SingleChoice { .. }
            | FieldKind::MultiChoice { .. }
            | FieldKind::Address
            | FieldKind::File { .. }
    ) || is_group;
    let input = match field.kind.clone() {
        FieldKind::ShortText { max_chars } => {
            let check = check.clone();
            view! {
                <input id=id.clone() name=path.clone() type="text" value=value maxlength=max_chars
                    aria-required=required aria-invalid=invalid aria-describedby=described_by.clone()
                    on:blur=move |ev| check(event_target_value(&ev))/>
            }.into_any()
        }
        FieldKind::LongText { max_chars } => {
            let check = check.clone();
            view! {
                <textarea id=id.clone() name=path.clone() rows="4" maxlength=max_chars
                    aria-required=required aria-invalid=invalid aria-describedby=described_by.clone()
                    on:blur=move |ev| check(event_target_value(&ev))>{value}</textarea>
            }.into_any()
        }
        FieldKind::Number { integer, .. } => {
            let check = check.clone();
            let mode = if integer { "numeric" } else { "decimal" };
            view! {
                <input id=id.clone() name=path.clone() type="text" inputmode=mode value=value class="input-short"
                    aria-required=required aria-invalid=invalid aria-describedby=described_by.clone()
                    on:blur=move |ev| check(event_target_value(&ev))/>
            }.into_any()
        }
        FieldKind::Date { min, max } => {
            let check = check.clone();
            let min = min.and_then(|r| r.resolve(scope.today)).map(|d| d.to_string());
            let max = max.and_then(|r| r.resolve(scope.today)).map(|d| d.to_string());
            view! {
                <input id=id.clone() name=path.clone() type="date" value=value min=min max=max class="input-short"
                    aria-required=required aria-invalid=invalid aria-describedby=described_by.clone()
                    on:blur=move |ev| check(event_target_value(&ev))/>
            }.into_any()
        }
        FieldKind::ResidentId | FieldKind::CreditCode | FieldKind::Phone | FieldKind::Email => {
            let check = check.clone();
            let (kind, mode, autocomplete) = match field.kind {
                FieldKind::Email => ("email", "email", Some("email")),
                FieldKind::Phone => ("tel", "tel", Some("tel")),
                _ => ("text", "text", None),
            };
            view! {
                <input id=id.clone() name=path.clone() type=kind inputmode=mode value=value autocomplete=autocomplete
                    spellcheck="false"
                    aria-required=required aria-invalid=invalid aria-describedby=described_by.clone()
                    on:blur=move |ev| check(event_target_value(&ev))/>
            }.into_any()
        }
        FieldKind::SingleChoice { options } => {
            let chosen = scope.answers.get(&path).to_string();
            options.into_iter().enumerate().map(|(i, option)| {
                let option_id = format!("{id}-{i}");
                let source = source.clone();
                let v = option.value.clone();
                view! {
                    <div class="choice">
                        <input type="radio" id=option_id.clone() name=path.clone() value=option.value.clone()
                            checked=chosen == option.value
                            on:change=move |_| if let Some(key) = &source {
                                let v = v.clone();
                                live.update(|l| { l.insert(key.clone(), vec![v]); });
                            }/>
                        <label for=option_id>{option.label.get(locale)}</label>
                    </div>
                }
            }).collect_view().into_any()
        }
        FieldKind::MultiChoice { options, .. } => {
            let chosen = scope.answers.all(&path).to_vec();
            options.into_iter().enumerate().map(|(i, option)| {
                let option_id = format!("{id}-{i}");
                view! {
                    <div class="choice">
                        <input type="checkbox" id=option_id.clone() name=path.clone() value=option.value.clone()
                            checked=chosen.contains(&option.value)/>
                        <label for=option_id>{option.label.get(locale)}</label>
                    </div>
                }
            }).collect_view().into_any()
        }
        FieldKind::Address => view! { <AddressInput path=path.clone() scope=scope.clone()/> }.into_any(),
        FieldKind::File { accept, max_bytes, max_count, ecert_type, .. } => view! {
            <FileInput path=path.clone() accept max_bytes max_count ecert_type scope=scope.clone()/>
        }.into_any(),
        FieldKind::Group { fields, max_rows, add_label, .. } => {
            view! { <GroupRows field=field.clone() members=fields max_rows add_label scope=scope.clone()/> }.into_any()
        }
    };
    if is_fieldset {
        view! {
            <fieldset class="field" class:field-has-error=move || shown_error.get().is_some()
                id=is_group.then(|| id.clone()) tabindex=is_group.then_some("-1")
                aria-describedby=described_by.clone()>
                <legend>{label}{optional}</legend>
                {hint}
                {error_view}
                {input}
            </fieldset>
        }
        .into_any()
    } else {
        view! {
            <div class="field" class:field-has-error=move || shown_error.get().is_some()>
                <label for=id.clone()>{label}{optional}</label>
                {hint}
                {error_view}
                {input}
            </div>
        }
        .into_any()
    }
}

/// One select of districts grouped by province and city (no JavaScript needed), and the street.
#[component]
fn AddressInput(path: String, scope: FormScope) -> impl IntoView {
    let locale = scope.locale;
    let district_path = format!("{path}.district");
    let detail_path = format!("{path}.detail");
    let chosen = scope.answers.get(&district_path).to_string();
    let detail = scope.answers.get(&detail_path).to_string();
    let district_error = scope.error(&district_path).map(|e| e.message(locale));
    let detail_error = scope.error(&detail_path).map(|e| e.message(locale));
    let mut groups: Vec<(Text, Vec<(String, Text)>)> = Vec::new();
    for d in districts() {
        let label = d.group_label();
        match groups.last_mut() {
            Some((last, items)) if *last == label => {
                items.push((d.code.to_string(), d.name.clone()))
            }
            _ => groups.push((label, vec![(d.code.to_string(), d.name.clone())])),
        }
    }
    let district_id = input_id(&district_path);
    let detail_id = input_id(&detail_path);
    view! {
        <div class="field">
            <label for=district_id.clone()>{locale.t("form-address-district")}</label>
            {district_error.clone().map(|m| view! { <p class="field-error" id=format!("{district_id}-error")>{m}</p> })}
            <select id=district_id.clone() name=district_path aria-invalid=district_error.is_some().then_some("true")
                aria-describedby=district_error.is_some().then(|| format!("{district_id}-error"))>
                <option value="">{locale.t("form-choose")}</option>
                {groups.into_iter().map(|(group, items)| view! {
                    <optgroup label=group.get(locale)>
                        {items.into_iter().map(|(code, name)| {
                            let selected = code == chosen;
                            view! { <option value=code selected=selected>{name.get(locale)}</option> }
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=detail_id.clone()>{locale.t("form-address-detail")}</label>
            {detail_error.clone().map(|m| view! { <p class="field-error" id=format!("{detail_id}-error")>{m}</p> })}
            <input id=detail_id.clone() name=detail_path type="text" value=detail maxlength="200"
                autocomplete="street-address"
                aria-invalid=detail_error.is_some().then_some("true")
                aria-describedby=detail_error.is_some().then(|| format!("{detail_id}-error"))/>
        </div>
    }
}

/// Repeatable rows (e.g. shareholders). Without JavaScript one empty row is always offered for
/// adding another; empty rows beyond the minimum are dropped when the form is checked.
#[component]
fn GroupRows(
    field: FieldDef,
    members: Vec<FieldDef>,
    max_rows: u32,
    add_label: Option<Text>,
    scope: FormScope,
) -> impl IntoView {
    let locale = scope.locale;
    let filled = scope.definition.row_count(&field.key, &scope.answers);
    let rows = (filled + 1).min(max_rows as usize).max(1);
    let _ = add_label;
    (0..rows)
        .map(|row| {
            let legend = locale.t_args(
                "form-group-row",
                &[("label", field.label.get(locale)), ("n", (row + 1).to_string())],
            );
            let members = members.clone();
            let scope = scope.clone();
            let key = field.key.clone();
            view! {
                <fieldset class="group-row">
                    <legend>{legend}</legend>
                    {members.into_iter().map(|member| {
                        let path = format!("{key}.{row}.{}", member.key);
                        let visible = is_visible(&scope.definition, &path, &scope.answers) || member.visible_when.is_none();
                        visible.then(|| view! { <FieldInput field=member path scope=scope.clone()/> })
                    }).collect_view()}
                </fieldset>
            }
        })
        .collect_view()
}
