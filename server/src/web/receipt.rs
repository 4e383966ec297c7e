//! The printable receipt of a submitted case (`/cases/{id}/receipt`): what was filed, with which
//! materials, when it will be decided and where to follow it; once approved, the e-certificate's
//! verification code and QR code. Only the applicant and the active agents of the case's
//! enterprise may read it; anyone else (and any draft) gets the same 404 as an unknown case.
use crate::web::action::{ActionError, ActionResult};
use crate::web::auth;
use crate::web::locale::request_locale;
use crate::web::verify::{date, document, qr_svg, Chrome, SiteUrl};
use app::api::cases::ClockView;
use app::core::cases::calendar;
use app::core::certificates::{self, WalletEntry};
use app::core::receipt;
use app::domain::case_lifecycle::CaseState;
use app::domain::service_form::FormDefinition;
use app::i18n::Locale;
use app::state::AppState;
use askama::Template;
use axum::extract::{Path, Request, State};
use axum::Extension;
use chrono::Utc;
use http::StatusCode;
use uuid::Uuid;

/// One line of the materials table.
struct Material {
    label: String,
    file: String,
    size: String,
}

/// An issued certificate with its code and QR code.
struct Certificate {
    name: String,
    code: String,
    status: String,
    issued_on: String,
    verify_url: String,
    qr: Option<String>,
}

struct ReceiptPage {
    chrome: Chrome,
    title: String,
    lead: String,
    print_hint: String,
    case_heading: String,
    /// (label, value) pairs of the case facts, in order.
    facts: Vec<(String, String)>,
    materials_heading: String,
    materials_caption: String,
    material_label: String,
    file_label: String,
    size_label: String,
    materials: Vec<Material>,
    no_materials: String,
    certificate_heading: String,
    code_label: String,
    status_label: String,
    issued_on_label: String,
    verify_at: String,
    certificates: Vec<Certificate>,
    follow_heading: String,
    follow_text: String,
    case_url: String,
    generated: String,
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct ReceiptTemplate<'a> {
    p: &'a ReceiptPage,
}

pub async fn receipt(
    State(state): State<AppState>,
    site: Option<Extension<SiteUrl>>,
    Path(id): Path<String>,
    request: Request,
) -> ActionResult {
    let locale = request_locale(request.headers());
    let case_id = id.parse::<Uuid>().map_err(|_| ActionError::NotFound)?;
    let Some(user) = auth::user_of(&request) else {
        return Err(ActionError::SignIn {
            next: format!("/cases/{case_id}/receipt"),
        });
    };
    // A staff account has no receipts: the same answer as for someone else's case.
    if user.role != app::domain::roles::Role::Citizen {
        return Err(ActionError::NotFound);
    }
    let site = SiteUrl::resolve(site, &state);
    let page = load(&state, &site, locale, user.account_id, case_id)
        .await
        .map_err(ActionError::internal)?
        .ok_or(ActionError::NotFound)?;
    document(StatusCode::OK, ReceiptTemplate { p: &page }.render())
}

async fn load(
    state: &AppState,
    site: &SiteUrl,
    locale: Locale,
    account_id: Uuid,
    case_id: Uuid,
) -> Result<Option<ReceiptPage>, app::core::error::InternalError> {
    let pool = &state.pool;
    let Some(row) = receipt::submitted_case(pool, account_id, case_id).await? else {
        return Ok(None);
    };
    let case_state = CaseState::parse(&row.state).unwrap_or(CaseState::Submitted);
    let definition = app::core::forms::load(pool, &row.service_code, Some(row.form_version))
        .await?
        .map(|(_, definition)| definition);

    let attachments = receipt::files(pool, case_id).await?;
    let attached = receipt::wallet_certificates(pool, case_id).await?;
    let mut materials: Vec<(usize, Material)> = attachments
        .into_iter()
        .map(|(key, name, size)| {
            (
                position(definition.as_ref(), &key),
                Material {
                    label: field_label(definition.as_ref(), &key, locale),
                    file: name,
                    size: human_size(size),
                },
            )
        })
        .chain(attached.into_iter().map(|(key, zh, en, code)| {
            (
                position(definition.as_ref(), &key),
                Material {
                    label: field_label(definition.as_ref(), &key, locale),
                    file: locale.t_args(
                        "doc-receipt-from-wallet",
                        &[
                            ("name", locale.pick(&zh, &en).to_string()),
                            ("code", certificates::display_code(&code)),
                        ],
                    ),
                    size: String::new(),
                },
            )
        }))
        .collect();
    // Stable: in form order, each field's files in upload order.
    materials.sort_by_key(|(position, _)| *position);
    let materials: Vec<Material> = materials.into_iter().map(|(_, m)| m).collect();

    let clock = calendar::case_clock(
        pool,
        case_id,
        row.accepted_on,
        case_state.is_final(),
        row.promised_days,
        row.statutory_days,
    )
    .await?;
    let deadline = match clock {
        ClockView::NotStarted { promised_days } => locale.t_args(
            "doc-receipt-deadline-not-started",
            &[("days", promised_days.to_string())],
        ),
        ClockView::Running { due, .. } => {
            locale.t_args("doc-receipt-deadline-due", &[("due", date(due))])
        }
        ClockView::Paused {
            remaining_working_days,
        } => locale.t_args(
            "doc-receipt-deadline-paused",
            &[("days", remaining_working_days.to_string())],
        ),
        ClockView::Stopped => match row.decided_at {
            Some(at) => locale.t_args(
                "doc-receipt-deadline-closed",
                &[("at", locale.datetime(at))],
            ),
            None => locale.t("doc-receipt-deadline-stopped"),
        },
    };

    let certificates = if case_state == CaseState::Approved {
        certificates::of_case(pool, case_id)
            .await?
            .into_iter()
            .map(|c| certificate(site, locale, c))
            .collect()
    } else {
        Vec::new()
    };

    let service = locale.pick(&row.service_zh, &row.service_en).to_string();
    let department = locale
        .pick(&row.department_zh, &row.department_en)
        .to_string();
    let mut facts = vec![
        (
            locale.t("doc-receipt-case-number"),
            row.case_number.clone().unwrap_or_default(),
        ),
        (locale.t("doc-receipt-service"), service),
        (locale.t("doc-receipt-department"), department.clone()),
        (
            locale.t("doc-receipt-state"),
            locale.t(case_state.label_key()),
        ),
        (
            locale.t("doc-receipt-applicant"),
            row.applicant_name.clone(),
        ),
    ];
    if let Some(id_number) = &row.applicant_id_number {
        facts.push((
            locale.t("doc-receipt-id-number"),
            certificates::mask_id_number(id_number),
        ));
    }
    if let Some(enterprise) = &row.enterprise_name {
        facts.push((locale.t("doc-receipt-enterprise"), enterprise.clone()));
    }
    if let Some(code) = &row.credit_code {
        facts.push((locale.t("doc-receipt-credit-code"), code.clone()));
    }
    if let Some(at) = row.submitted_at {
        facts.push((locale.t("doc-receipt-submitted-at"), locale.datetime(at)));
    }
    facts.push((locale.t("doc-receipt-deadline"), deadline));

    Ok(Some(ReceiptPage {
        chrome: Chrome::new(locale),
        title: locale.t("doc-receipt-title"),
        lead: locale.t_args("doc-receipt-lead", &[("department", department)]),
        print_hint: locale.t("doc-receipt-print-hint"),
        case_heading: locale.t("doc-receipt-case"),
        facts,
        materials_heading: locale.t("doc-receipt-materials"),
        materials_caption: locale.t_args(
            "doc-receipt-materials-caption",
            &[("count", materials.len().to_string())],
        ),
        material_label: locale.t("doc-receipt-material"),
        file_label: locale.t("doc-receipt-file"),
        size_label: locale.t("doc-receipt-size"),
        materials,
        no_materials: locale.t("doc-receipt-no-materials"),
        certificate_heading: locale.t("doc-receipt-certificate"),
        code_label: locale.t("doc-cert-code"),
        status_label: locale.t("doc-cert-status"),
        issued_on_label: locale.t("doc-cert-issued-on"),
        verify_at: locale.t("doc-receipt-verify-at"),
        certificates,
        follow_heading: locale.t("doc-receipt-follow"),
        follow_text: locale.t("doc-receipt-follow-text"),
        case_url: site.link(&format!("/cases/{case_id}")),
        generated: locale.t_args(
            "doc-receipt-generated",
            &[("at", locale.datetime(Utc::now()))],
        ),
    }))
}

fn certificate(site: &SiteUrl, locale: Locale, c: WalletEntry) -> Certificate {
    let verify_url = site.link(&format!("/verify/{}", c.verification_code));
    Certificate {
        name: c.name.get(locale),
        code: certificates::display_code(&c.verification_code),
        status: locale.t(c.status.label_key()),
        issued_on: date(c.issued_on),
        qr: qr_svg(
            &verify_url,
            &locale.t_args("doc-cert-qr", &[("url", verify_url.clone())]),
        ),
        verify_url,
    }
}

/// Where a field comes in the form (unknown fields last), to list materials in form order.
fn position(definition: Option<&FormDefinition>, key: &str) -> usize {
    let top = key.split('.').next().unwrap_or(key);
    definition
        .and_then(|d| d.fields.iter().position(|f| f.key == top))
        .unwrap_or(usize::MAX)
}

/// The field's label in the case's form version, else its key.
fn field_label(definition: Option<&FormDefinition>, key: &str, locale: Locale) -> String {
    definition
        .and_then(|d| d.field_at(key).or_else(|| d.field(key)))
        .map(|f| f.label.get(locale))
        .unwrap_or_else(|| key.to_string())
}

/// A file size for people: `980 B`, `2.9 KB`, `4.2 MB`.
fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let bytes_f = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes_f < KB * KB {
        format!("{:.1} KB", bytes_f / KB)
    } else {
        format!("{:.1} MB", bytes_f / (KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(ftl: &str) -> std::collections::BTreeSet<&str> {
        ftl.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
            .collect()
    }

    #[test]
    fn both_document_files_define_the_same_messages() {
        let zh = ids(include_str!("../../../app/locales/zh-CN/documents.ftl"));
        let en = ids(include_str!("../../../app/locales/en/documents.ftl"));
        assert!(!zh.is_empty());
        assert_eq!(zh, en);
    }

    #[test]
    fn every_document_message_is_loaded_in_both_languages() {
        let zh = ids(include_str!("../../../app/locales/zh-CN/documents.ftl"));
        for id in zh {
            for locale in Locale::ALL {
                let text = locale.t_args(
                    id,
                    &[
                        ("code", "X".to_string()),
                        ("count", "1".to_string()),
                        ("days", "1".to_string()),
                        ("due", "2026-01-01".to_string()),
                        ("at", "2026-01-01 09:00".to_string()),
                        ("department", "D".to_string()),
                        ("name", "N".to_string()),
                        ("url", "U".to_string()),
                    ],
                );
                assert_ne!(text, id, "{} lacks {id}", locale.tag());
            }
        }
        assert!(Locale::ZhCn.has("footer-hotline") && Locale::En.has("footer-hotline"));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(980), "980 B");
        assert_eq!(human_size(3000), "2.9 KB");
        assert_eq!(human_size(4 * 1024 * 1024 + 200 * 1024), "4.2 MB");
    }
}
