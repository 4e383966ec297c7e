//! The citizen's e-certificate wallet (`/wallet`): every certificate they hold, and those of the
//! enterprises they are an active agent of, each with its verification link.
use crate::web::action::{ActionError, ActionResult, Caller};
use crate::web::locale::request_locale;
use crate::web::verify::{date, document, Chrome};
use app::actors::Citizen;
use app::core::certificates::{self, WalletEntry};
use app::i18n::Locale;
use app::state::AppState;
use askama::Template;
use axum::extract::{Request, State};
use http::StatusCode;

struct Row {
    name: String,
    holder: String,
    issued_on: String,
    valid_until: String,
    status: String,
    status_class: &'static str,
    code: String,
    verify_path: String,
}

struct WalletPage {
    chrome: Chrome,
    title: String,
    lead: String,
    caption: String,
    empty: String,
    name_label: String,
    holder_label: String,
    issued_on_label: String,
    valid_until_label: String,
    status_label: String,
    code_label: String,
    verify_label: String,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "wallet.html")]
struct WalletTemplate<'a> {
    p: &'a WalletPage,
}

pub async fn wallet(
    user: Result<Caller<Citizen>, ActionError>,
    State(state): State<AppState>,
    request: Request,
) -> ActionResult {
    let locale = request_locale(request.headers());
    // A staff account has no wallet: asked to sign in as a citizen, as anyone else.
    let Caller(user) = user.map_err(|_| ActionError::SignIn {
        next: "/wallet".into(),
    })?;
    let entries = certificates::wallet(&state.pool, user.account_id).await?;
    let page = WalletPage {
        chrome: Chrome::new(locale),
        title: locale.t("doc-wallet-title"),
        lead: locale.t("doc-wallet-lead"),
        caption: locale.t_args(
            "doc-wallet-caption",
            &[("count", entries.len().to_string())],
        ),
        empty: locale.t("doc-wallet-empty"),
        name_label: locale.t("doc-cert-name"),
        holder_label: locale.t("doc-cert-holder"),
        issued_on_label: locale.t("doc-cert-issued-on"),
        valid_until_label: locale.t("doc-cert-valid-until"),
        status_label: locale.t("doc-cert-status"),
        code_label: locale.t("doc-cert-code"),
        verify_label: locale.t("doc-cert-verify-link"),
        rows: entries.into_iter().map(|e| row(locale, e)).collect(),
    };
    document(StatusCode::OK, WalletTemplate { p: &page }.render())
}

fn row(locale: Locale, entry: WalletEntry) -> Row {
    Row {
        name: entry.name.get(locale),
        holder: entry.holder_name,
        issued_on: date(entry.issued_on),
        valid_until: entry
            .valid_until
            .map(date)
            .unwrap_or_else(|| locale.t("doc-cert-no-expiry")),
        status: locale.t(entry.status.label_key()),
        status_class: entry.status.as_str(),
        code: certificates::display_code(&entry.verification_code),
        verify_path: format!("/verify/{}", entry.verification_code),
    }
}
