//! Printable statements (askama HTML, or CSV with `format=csv`), computed on request from the
//! ledgers for any month (the current one is provisional until it ends):
//! - `/market/statements`: an enterprise's, for its active agents;
//! - `/market/vendor/statements`: a vendor's, for its staff;
//! - `/admin/market/subsidy`: a programme's subsidy report, for operators.
use crate::web::action::{ActionError, ActionResult, Caller};
use crate::web::locale::request_locale;
use crate::web::verify::{date, document, Chrome};
use app::actors::{Citizen, Operator, VendorMember};
use app::core::market::statements::{self, Scope, StatementLine};
use app::domain::market::sme::SmeSize;
use app::domain::market::statement::{csv_field, summarise, yuan, Amounts, Line, Month};
use app::domain::market::Category;
use app::i18n::Locale;
use app::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use http::{header, HeaderMap, StatusCode};
use std::collections::HashMap;
use uuid::Uuid;

/// A cell's text and whether it is a number (right-aligned).
type Cell = (String, bool);

struct Table {
    caption: String,
    headers: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    totals: Option<Vec<Cell>>,
}

struct Choice {
    href: String,
    label: String,
    current: bool,
}

struct StatementPage {
    chrome: Chrome,
    title: String,
    lead: String,
    choices_label: String,
    choices: Vec<Choice>,
    facts: Vec<(String, String)>,
    months_label: String,
    previous_href: String,
    previous_label: String,
    next_href: String,
    next_label: String,
    csv_href: String,
    csv_label: String,
    print_hint: String,
    empty: String,
    tables: Vec<Table>,
    generated: String,
    back_href: String,
    back_label: String,
}

#[derive(Template)]
#[template(path = "statement.html")]
struct StatementTemplate<'a> {
    p: &'a StatementPage,
}

#[derive(serde::Deserialize)]
pub struct StatementQuery {
    month: Option<String>,
    enterprise: Option<String>,
    programme: Option<String>,
    format: Option<String>,
}

impl StatementQuery {
    /// The month asked for; none or an unreadable one is the current month.
    fn month(&self) -> Month {
        self.month
            .as_deref()
            .and_then(Month::parse)
            .unwrap_or_else(|| Month::of(today()))
    }

    fn csv(&self) -> bool {
        self.format.as_deref() == Some("csv")
    }
}

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

fn money(fen: i64) -> Cell {
    (yuan(fen), true)
}

fn text(s: impl Into<String>) -> Cell {
    (s.into(), false)
}

/// `/market/statements?enterprise=&month=`: what the enterprise pays, per subscription and
/// line by line.
pub async fn enterprise(
    Caller(citizen): Caller<Citizen>,
    State(state): State<AppState>,
    Query(query): Query<StatementQuery>,
    headers: HeaderMap,
) -> ActionResult {
    let locale = request_locale(&headers);
    let month = query.month();
    let enterprises = statements::enterprises_of(&state.pool, citizen.account_id).await?;
    let wanted = query
        .enterprise
        .as_deref()
        .and_then(|e| e.parse::<Uuid>().ok());
    // Only the caller's own enterprises; another's is the same 404 as an unknown one.
    let (enterprise_id, enterprise_name) = match wanted {
        Some(id) => enterprises
            .iter()
            .find(|(e, _)| *e == id)
            .cloned()
            .ok_or(ActionError::NotFound)?,
        None => enterprises.first().cloned().ok_or(ActionError::NotFound)?,
    };
    let lines = statements::lines(&state.pool, Scope::Enterprise(enterprise_id), month).await?;
    let base = format!("/market/statements?enterprise={enterprise_id}&");
    let summary_table = summary(locale, &lines, false);
    let lines_table = detail(locale, &lines, false);
    if query.csv() {
        return Ok(csv(
            &format!("statement-{enterprise_id}-{month}.csv"),
            &lines_table,
        ));
    }
    let page = StatementPage {
        choices_label: locale.t("statement-enterprises"),
        choices: enterprises
            .iter()
            .map(|(id, name)| Choice {
                href: format!("/market/statements?enterprise={id}&month={month}"),
                label: name.clone(),
                current: *id == enterprise_id,
            })
            .filter(|_| enterprises.len() > 1)
            .collect(),
        facts: vec![
            (locale.t("market-enterprise"), enterprise_name),
            (locale.t("statement-month"), month_label(locale, month)),
        ],
        tables: vec![summary_table, lines_table],
        ..frame(
            locale,
            "statement-enterprise-title",
            "statement-enterprise-lead",
            &base,
            month,
            "/market/mine",
        )
    };
    document(StatusCode::OK, StatementTemplate { p: &page }.render())
}

/// `/market/vendor/statements?month=`: what the SMEs paid the vendor and what the programme
/// owes it.
pub async fn vendor(
    Caller(member): Caller<VendorMember>,
    State(state): State<AppState>,
    Query(query): Query<StatementQuery>,
    headers: HeaderMap,
) -> ActionResult {
    let locale = request_locale(&headers);
    let month = query.month();
    let lines = statements::lines(&state.pool, Scope::Vendor(member.vendor_id), month).await?;
    let summary_table = summary(locale, &lines, true);
    if query.csv() {
        return Ok(csv(
            &format!("vendor-statement-{month}.csv"),
            &summary_table,
        ));
    }
    let owed: i64 = lines.iter().map(|l| l.amounts.subsidy_fen).sum();
    let paid: i64 = lines.iter().map(|l| l.amounts.sme_fen).sum();
    let page = StatementPage {
        facts: vec![
            (locale.t("statement-month"), month_label(locale, month)),
            (locale.t("statement-sme-paid"), format!("¥{}", yuan(paid))),
            (
                locale.t("statement-programme-owes"),
                format!("¥{}", yuan(owed)),
            ),
        ],
        tables: vec![summary_table, detail(locale, &lines, true)],
        ..frame(
            locale,
            "statement-vendor-title",
            "statement-vendor-lead",
            "/market/vendor/statements?",
            month,
            "/market/vendor",
        )
    };
    document(StatusCode::OK, StatementTemplate { p: &page }.render())
}

/// `/admin/market/subsidy?programme=&month=`: a programme's subsidy by category, vendor and
/// enterprise size, beside what its voucher ledger committed.
pub async fn programme(
    Caller(_operator): Caller<Operator>,
    State(state): State<AppState>,
    Query(query): Query<StatementQuery>,
    headers: HeaderMap,
) -> ActionResult {
    let locale = request_locale(&headers);
    let month = query.month();
    let programmes = statements::programmes(&state.pool).await?;
    let wanted = query
        .programme
        .as_deref()
        .and_then(|p| p.parse::<Uuid>().ok());
    let (programme_id, programme_name) = match wanted {
        Some(id) => programmes
            .iter()
            .find(|(p, _)| *p == id)
            .cloned()
            .ok_or(ActionError::NotFound)?,
        None => programmes.first().cloned().ok_or(ActionError::NotFound)?,
    };
    let report = statements::subsidy_report(&state.pool, programme_id, month).await?;
    let breakdown =
        |caption: &str, head: &str, rows: &[(String, i64)], label: &dyn Fn(&str) -> String| Table {
            caption: locale.t(caption),
            headers: vec![
                text(locale.t(head)),
                (locale.t("statement-subsidy-yuan"), true),
            ],
            rows: rows
                .iter()
                .map(|(k, fen)| vec![text(label(k)), money(*fen)])
                .collect(),
            totals: Some(vec![
                text(locale.t("statement-total")),
                money(report.total_fen),
            ]),
        };
    let category =
        |k: &str| Category::parse(k).map_or_else(|| k.to_string(), |c| locale.t(c.label_key()));
    let size =
        |k: &str| SmeSize::parse(k).map_or_else(|| k.to_string(), |s| locale.t(s.label_key()));
    let tables = vec![
        breakdown(
            "statement-by-category",
            "market-category",
            &report.by_category,
            &category,
        ),
        breakdown(
            "statement-by-vendor",
            "market-vendor",
            &report.by_vendor,
            &|k: &str| k.to_string(),
        ),
        breakdown(
            "statement-by-size",
            "statement-size",
            &report.by_size,
            &size,
        ),
    ];
    if query.csv() {
        // One sheet: which breakdown, its key, the subsidy.
        let combined = Table {
            caption: String::new(),
            headers: vec![
                text(locale.t("statement-breakdown")),
                text(locale.t("statement-key")),
                (locale.t("statement-subsidy-yuan"), true),
            ],
            rows: tables
                .iter()
                .flat_map(|t| {
                    t.rows.iter().map(|r| {
                        let mut row = vec![text(t.caption.clone())];
                        row.extend(r.iter().cloned());
                        row
                    })
                })
                .collect(),
            totals: Some(vec![
                text(locale.t("statement-total")),
                text(""),
                money(report.total_fen),
            ]),
        };
        return Ok(csv(
            &format!("subsidy-{programme_id}-{month}.csv"),
            &combined,
        ));
    }
    let matches = report.total_fen == report.ledger_committed_fen;
    let page = StatementPage {
        choices_label: locale.t("statement-programmes"),
        choices: programmes
            .iter()
            .map(|(id, name)| Choice {
                href: format!("/admin/market/subsidy?programme={id}&month={month}"),
                label: name.get(locale),
                current: *id == programme_id,
            })
            .filter(|_| programmes.len() > 1)
            .collect(),
        facts: vec![
            (locale.t("statement-programme"), programme_name.get(locale)),
            (locale.t("statement-month"), month_label(locale, month)),
            (
                locale.t("statement-subsidy-total"),
                format!("¥{}", yuan(report.total_fen)),
            ),
            (
                locale.t("statement-ledger-committed"),
                format!("¥{}", yuan(report.ledger_committed_fen)),
            ),
            (
                locale.t("statement-ledger-check"),
                locale.t(if matches {
                    "statement-ledger-matches"
                } else {
                    "statement-ledger-differs"
                }),
            ),
        ],
        tables,
        ..frame(
            locale,
            "statement-programme-title",
            "statement-programme-lead",
            &format!("/admin/market/subsidy?programme={programme_id}&"),
            month,
            "/admin/market",
        )
    };
    document(StatusCode::OK, StatementTemplate { p: &page }.render())
}

/// What every statement page has: titles, month navigation, CSV link, print hint.
fn frame(
    locale: Locale,
    title: &str,
    lead: &str,
    base: &str,
    month: Month,
    back: &str,
) -> StatementPage {
    let provisional = month >= Month::of(today());
    StatementPage {
        chrome: Chrome::new(locale),
        title: locale.t(title),
        lead: if provisional {
            format!("{} {}", locale.t(lead), locale.t("statement-provisional"))
        } else {
            locale.t(lead)
        },
        choices_label: String::new(),
        choices: Vec::new(),
        facts: Vec::new(),
        months_label: locale.t("statement-months"),
        previous_href: format!("{base}month={}", month.previous()),
        previous_label: locale.t_args(
            "statement-previous",
            &[("month", month_label(locale, month.previous()))],
        ),
        next_href: format!("{base}month={}", month.next()),
        next_label: locale.t_args(
            "statement-next",
            &[("month", month_label(locale, month.next()))],
        ),
        csv_href: format!("{base}month={month}&format=csv"),
        csv_label: locale.t("statement-csv"),
        print_hint: locale.t("statement-print-hint"),
        empty: locale.t("statement-empty"),
        tables: Vec::new(),
        generated: locale.t_args(
            "statement-generated",
            &[("at", locale.datetime(chrono::Utc::now()))],
        ),
        back_href: back.to_string(),
        back_label: locale.t("statement-back"),
    }
}

fn month_label(locale: Locale, month: Month) -> String {
    let first = month.first_day();
    locale.t_args(
        "statement-month-label",
        &[
            ("year", chrono::Datelike::year(&first).to_string()),
            ("month", chrono::Datelike::month(&first).to_string()),
        ],
    )
}

/// Per subscription: base fee, usage, subsidy, what the SME pays (and, for a vendor, the
/// enterprise and what it is owed in all).
fn summary(locale: Locale, lines: &[StatementLine], for_vendor: bool) -> Table {
    let keyed: Vec<Line<Uuid>> = lines
        .iter()
        .map(|l| Line {
            subscription: l.subscription_id,
            kind: l.kind,
            amounts: l.amounts,
        })
        .collect();
    let (by, total) = summarise(&keyed);
    let names: HashMap<Uuid, &StatementLine> =
        lines.iter().map(|l| (l.subscription_id, l)).collect();
    let mut headers = vec![text(locale.t("market-product"))];
    if for_vendor {
        headers.push(text(locale.t("market-enterprise")));
    }
    headers.extend([
        (locale.t("statement-base-fee"), true),
        (locale.t("statement-usage"), true),
        (locale.t("market-subsidy"), true),
        (locale.t("market-sme-pays"), true),
    ]);
    if for_vendor {
        headers.push((locale.t("statement-vendor-receives"), true));
    }
    let row = |label: Vec<Cell>, s: &app::domain::market::statement::Summary| {
        let mut row = label;
        row.extend([
            money(s.base_fee_fen),
            money(s.usage_fen),
            money(s.subsidy_fen),
            money(s.sme_fen),
        ]);
        if for_vendor {
            row.push(money(s.sme_fen + s.subsidy_fen));
        }
        row
    };
    let mut rows = Vec::new();
    for (id, s) in &by {
        let Some(line) = names.get(id) else { continue };
        let mut label = vec![text(line.product.get(locale))];
        if for_vendor {
            label.push(text(line.enterprise.clone()));
        }
        rows.push(row(label, s));
    }
    let mut label = vec![text(locale.t("statement-total"))];
    if for_vendor {
        label.push(text(""));
    }
    Table {
        caption: locale.t("statement-by-subscription"),
        headers,
        rows,
        totals: Some(row(label, &total)),
    }
}

/// Every line with its price breakdown, and the column totals.
fn detail(locale: Locale, lines: &[StatementLine], for_vendor: bool) -> Table {
    let mut headers = vec![text(locale.t("market-product"))];
    if for_vendor {
        headers.push(text(locale.t("market-enterprise")));
    }
    headers.extend([
        text(locale.t("statement-item")),
        (locale.t("market-quantity"), true),
        text(locale.t("statement-period")),
        (locale.t("market-list-price"), true),
        (locale.t("market-vendor-discount"), true),
        (locale.t("market-subsidy"), true),
        (locale.t("market-sme-pays"), true),
    ]);
    let amounts = |a: &Amounts| {
        [
            money(a.list_fen),
            money(a.vendor_discount_fen),
            money(a.subsidy_fen),
            money(a.sme_fen),
        ]
    };
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![text(l.product.get(locale))];
            if for_vendor {
                row.push(text(l.enterprise.clone()));
            }
            row.extend([
                text(format!("{} · {}", locale.t(l.kind.label_key()), l.item)),
                (l.quantity.to_string(), true),
                text(format!("{} – {}", date(l.period_start), date(l.period_end))),
            ]);
            row.extend(amounts(&l.amounts));
            row
        })
        .collect();
    let total: Amounts = lines.iter().map(|l| l.amounts).sum();
    let mut totals = vec![text(locale.t("statement-total"))];
    if for_vendor {
        totals.push(text(""));
    }
    totals.extend([text(""), text(""), text("")]);
    totals.extend(amounts(&total));
    Table {
        caption: locale.t("statement-lines"),
        headers,
        rows,
        totals: Some(totals),
    }
}

/// The table as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese right).
fn csv(filename: &str, table: &Table) -> axum::response::Response {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &[Cell]| {
        let fields: Vec<String> = cells.iter().map(|(t, _)| csv_field(t)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    line(&table.headers);
    for row in &table.rows {
        line(row);
    }
    if let Some(totals) = &table.totals {
        line(totals);
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        out,
    )
        .into_response()
}
