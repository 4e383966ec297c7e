//! What the applicant filed, read-only: each visible field with its answer, groups as tables,
//! files as download links.
use crate::api::cases::AttachmentView;
use crate::components::service_form::display_value;
use crate::domain::service_form::{is_visible, FieldDef, FieldKind, FormDefinition, RawAnswers};
use crate::i18n::use_locale;
use leptos::prelude::*;

#[component]
pub fn AnswersSummary(
    definition: FormDefinition,
    answers: RawAnswers,
    attachments: Vec<AttachmentView>,
    /// Materials the shared base data stands in for: listed as provided, never uploaded.
    #[prop(optional)]
    from_base_data: Vec<crate::api::Text>,
) -> impl IntoView {
    let locale = use_locale();
    let rows = definition
        .fields
        .iter()
        .filter(|f| is_visible(&definition, &f.key, &answers))
        .map(|field| {
            let value = answer_view(&definition, field, &answers, &attachments);
            view! { <dt>{field.label.get(locale)}</dt><dd>{value}</dd> }
        })
        .collect_view();
    let provided = from_base_data
        .into_iter()
        .map(|material| {
            view! {
                <dt>{material.get(locale)}</dt>
                <dd class="from-base-data">{locale.t("case-from-base-data")}</dd>
            }
        })
        .collect_view();
    view! { <dl class="answers">{rows}{provided}</dl> }
}

fn answer_view(
    definition: &FormDefinition,
    field: &FieldDef,
    answers: &RawAnswers,
    attachments: &[AttachmentView],
) -> AnyView {
    let locale = use_locale();
    match &field.kind {
        FieldKind::File { .. } => {
            let files: Vec<AttachmentView> = attachments
                .iter()
                .filter(|a| a.field_key == field.key)
                .cloned()
                .collect();
            let certificates = answers
                .all(&field.key)
                .iter()
                .filter(|v| v.starts_with("cert:"))
                .count();
            view! {
                <ul class="plain-list">
                    {files.into_iter().map(|f| view! {
                        <li><a href=format!("/files/{}", f.id) rel="external">{f.original_name}</a></li>
                    }).collect_view()}
                    {(certificates > 0).then(|| view! { <li>{locale.t("case-answer-from-wallet")}</li> })}
                </ul>
            }
            .into_any()
        }
        FieldKind::Group { fields, .. } => {
            let rows = definition.row_count(&field.key, answers);
            let members = fields.clone();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=field.label.get(locale)>
                    <table>
                        <thead><tr>{members.iter().map(|m| view! { <th scope="col">{m.label.get(locale)}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {(0..rows).map(|row| view! {
                                <tr>{members.iter().map(|m| {
                                    let path = format!("{}.{row}.{}", field.key, m.key);
                                    view! { <td>{display_value(m, &path, answers, locale)}</td> }
                                }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }
        _ => display_value(field, &field.key, answers, locale).into_any(),
    }
}
