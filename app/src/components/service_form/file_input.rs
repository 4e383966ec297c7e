//! A file field: uploaded files, wallet certificates that can replace an upload, the picker.
use super::{input_id, FormScope};
use crate::api::application::WalletCertificate;
use crate::api::cases::AttachmentView;
use leptos::prelude::*;

/// Files already uploaded (each can be removed), wallet certificates that can stand in for the
/// upload (once-only), and the file picker.
#[component]
pub(super) fn FileInput(
    path: String,
    accept: Vec<String>,
    max_bytes: u64,
    max_count: u32,
    ecert_type: Option<String>,
    scope: FormScope,
) -> impl IntoView {
    let locale = scope.locale;
    let id = input_id(&path);
    let uploaded: Vec<AttachmentView> = scope
        .attachments
        .iter()
        .filter(|a| a.field_key == path)
        .cloned()
        .collect();
    let wallet: Vec<WalletCertificate> = match &ecert_type {
        Some(t) => scope
            .wallet
            .iter()
            .filter(|c| &c.cert_type == t)
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let attached: Vec<uuid::Uuid> = scope
        .attached
        .iter()
        .filter(|(k, _)| *k == path)
        .map(|(_, c)| *c)
        .collect();
    let types = accept
        .iter()
        .map(|m| match m.as_str() {
            "application/pdf" => "PDF",
            "image/jpeg" => "JPG",
            "image/png" => "PNG",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(", ");
    let limits = locale.t_args(
        "form-file-limits",
        &[
            ("types", types),
            ("size", (max_bytes / 1_048_576).max(1).to_string()),
            ("count", max_count.to_string()),
        ],
    );
    view! {
        {(!wallet.is_empty()).then(|| {
            let path = path.clone();
            view! {
                <input type="hidden" name="wallet_fields" value=path.clone()/>
                <p class="wallet-note">{locale.t("form-wallet-note")}</p>
                {wallet.into_iter().map(|cert| {
                    let cert_id = format!("{id}-cert-{}", cert.id);
                    let checked = attached.contains(&cert.id);
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=cert_id.clone() name=format!("wallet.{path}") value=cert.id.to_string() checked=checked/>
                            <label for=cert_id>
                                {cert.name.get(locale)}" · "{cert.holder_name.clone()}" · "
                                {locale.t_args("form-wallet-issued", &[("date", cert.issued_on.to_string())])}
                            </label>
                        </div>
                    }
                }).collect_view()}
            }
        })}
        {(!uploaded.is_empty()).then(|| view! {
            <ul class="uploaded-files">
                {uploaded.into_iter().map(|file| {
                    let remove_id = format!("remove-{}", file.id);
                    view! {
                        <li>
                            <a href=format!("/files/{}", file.id) rel="external">{file.original_name.clone()}</a>
                            " ("{format_size(file.size_bytes)}") "
                            <input type="checkbox" id=remove_id.clone() name="remove_file" value=file.id.to_string()/>
                            <label for=remove_id>{locale.t("form-file-remove")}</label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        <label for=id.clone() class="file-label">{locale.t("form-file-choose")}</label>
        <p class="hint">{limits}</p>
        <input id=id name=path type="file" multiple=max_count.gt(&1) accept=accept.join(",")/>
    }
}

fn format_size(bytes: i64) -> String {
    if bytes >= 1_048_576 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes / 1024).max(1))
    }
}
