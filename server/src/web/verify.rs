//! The public e-certificate verification page (`/verify/{code}`, `/verify?code=…`): anyone may
//! check a certificate by its code, without logging in, and sees only the certificate's type,
//! dates and status and the holder's masked name and ID number. An unknown code is a 404 with
//! the same page saying so.
//!
//! Also what the server-rendered documents (verification page, receipt, wallet) share: the
//! portal's public address ([`SiteUrl`]), the QR code and the page chrome.
use crate::web::action::{ActionError, ActionResult};
use crate::web::locale::request_locale;
use app::core::certificates::{self, VerifiedCertificate};
use app::i18n::Locale;
use app::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse};
use axum::Extension;
use http::{header, HeaderMap, HeaderValue, StatusCode};
use serde::Deserialize;

/// The portal's public base URL (`PORTAL_SITE_URL`, e.g. `https://portal.example.gov.cn`), for
/// the absolute links and QR codes in documents. Provided to the handlers as an
/// `axum::Extension`; without one, the address the server is bound to is used (which is also
/// the configuration's default for `PORTAL_SITE_URL`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl(String);

impl SiteUrl {
    pub fn new(url: &str) -> Self {
        Self(url.trim().trim_end_matches('/').to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The configured URL, else the bound address.
    pub(crate) fn resolve(configured: Option<Extension<SiteUrl>>, state: &AppState) -> SiteUrl {
        match configured {
            Some(Extension(url)) if !url.0.is_empty() => url,
            _ => SiteUrl::new(&format!("http://{}", state.leptos_options.site_addr)),
        }
    }

    /// `path` (absolute, starting with `/`) on the portal.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// An inline SVG QR code of `url`, labelled for screen readers; `None` if it does not fit a QR.
pub(crate) fn qr_svg(url: &str, label: &str) -> Option<String> {
    use qrcode::render::svg;
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(160, 160)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    let start = image.find("<svg")?;
    let label = html_attribute(label);
    Some(format!(
        "<svg role=\"img\" aria-label=\"{label}\" class=\"qr\"{}",
        &image[start + "<svg".len()..]
    ))
}

fn html_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What every document page shows around its content, translated.
pub(crate) struct Chrome {
    pub lang: &'static str,
    pub portal: String,
    pub skip: String,
    pub home: String,
    pub hotline: String,
}

impl Chrome {
    pub fn new(locale: Locale) -> Self {
        Self {
            lang: locale.tag(),
            portal: locale.t("portal-name"),
            skip: locale.t("skip-to-content"),
            home: locale.t("back-home"),
            hotline: locale.t("footer-hotline"),
        }
    }
}

/// A rendered document page; never cached (statuses and cases change, and some are private).
pub(crate) fn document(
    status: StatusCode,
    rendered: Result<String, askama::Error>,
) -> ActionResult {
    let html = rendered.map_err(ActionError::internal)?;
    let mut response = (status, Html(html)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// A date as both languages print it on documents.
pub(crate) fn date(day: chrono::NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// One certificate's facts as shown on the page.
struct Facts {
    name: String,
    holder: String,
    holder_id: String,
    issued_on: String,
    valid_until: String,
    status: String,
    status_class: &'static str,
    code: String,
}

struct VerifyPage {
    chrome: Chrome,
    title: String,
    lead: String,
    code_label: String,
    code_hint: String,
    button: String,
    /// What the visitor typed, echoed into the field.
    typed: String,
    result_heading: String,
    result: Option<Facts>,
    genuine: String,
    privacy: String,
    not_found: Option<(String, String)>,
    labels: Labels,
}

struct Labels {
    name: String,
    holder: String,
    holder_id: String,
    issued_on: String,
    valid_until: String,
    status: String,
    code: String,
}

impl Labels {
    fn new(locale: Locale) -> Self {
        Self {
            name: locale.t("doc-cert-name"),
            holder: locale.t("doc-cert-holder"),
            holder_id: locale.t("doc-cert-holder-id"),
            issued_on: locale.t("doc-cert-issued-on"),
            valid_until: locale.t("doc-cert-valid-until"),
            status: locale.t("doc-cert-status"),
            code: locale.t("doc-cert-code"),
        }
    }
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyTemplate<'a> {
    p: &'a VerifyPage,
}

#[derive(Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    code: Option<String>,
}

/// The most characters of a typed code echoed back (the rest cannot be a code anyway).
const ECHO_CHARS: usize = 40;

pub async fn by_path(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> ActionResult {
    page(&state, request_locale(&headers), Some(code)).await
}

pub async fn by_query(
    State(state): State<AppState>,
    Query(query): Query<VerifyQuery>,
    headers: HeaderMap,
) -> ActionResult {
    let code = query.code.filter(|code| !code.trim().is_empty());
    page(&state, request_locale(&headers), code).await
}

async fn page(state: &AppState, locale: Locale, code: Option<String>) -> ActionResult {
    let typed: String = code
        .as_deref()
        .unwrap_or_default()
        .trim()
        .chars()
        .take(ECHO_CHARS)
        .collect();
    let found = match &code {
        Some(code) => certificates::verify(&state.pool, code).await?,
        None => None,
    };
    let not_found = (code.is_some() && found.is_none()).then(|| {
        (
            locale.t("doc-verify-not-found-title"),
            locale.t_args("doc-verify-not-found", &[("code", typed.clone())]),
        )
    });
    let page = VerifyPage {
        chrome: Chrome::new(locale),
        title: locale.t("doc-verify-title"),
        lead: locale.t("doc-verify-lead"),
        code_label: locale.t("doc-verify-code-label"),
        code_hint: locale.t("doc-verify-code-hint"),
        button: locale.t("doc-verify-button"),
        typed: found
            .as_ref()
            .map(|c| certificates::display_code(&c.verification_code))
            .unwrap_or(typed),
        result_heading: locale.t("doc-verify-result"),
        result: found.map(|c| facts(locale, c)),
        genuine: locale.t("doc-verify-genuine"),
        privacy: locale.t("doc-verify-privacy"),
        not_found,
        labels: Labels::new(locale),
    };
    let status = if page.not_found.is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    document(status, VerifyTemplate { p: &page }.render())
}

fn facts(locale: Locale, c: VerifiedCertificate) -> Facts {
    Facts {
        name: c.name.get(locale),
        holder: c.holder_name,
        holder_id: c.holder_id_number,
        issued_on: date(c.issued_on),
        valid_until: c
            .valid_until
            .map(date)
            .unwrap_or_else(|| locale.t("doc-cert-no-expiry")),
        status: locale.t(c.status.label_key()),
        status_class: c.status.as_str(),
        code: certificates::display_code(&c.verification_code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_an_inline_labelled_svg() {
        let svg = qr_svg("https://portal.test/verify/ABCD0123EFGH4567", "QR \"x\"");
        let svg = svg.unwrap_or_default();
        assert!(
            svg.starts_with("<svg role=\"img\" aria-label=\"QR &quot;x&quot;\""),
            "{svg}"
        );
        assert!(!svg.contains("<?xml"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn site_links_are_absolute() {
        let site = SiteUrl::new(" https://portal.example/ ");
        assert_eq!(site.link("/verify/X"), "https://portal.example/verify/X");
    }
}
