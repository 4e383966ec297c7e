//! What a vendor publishes: the listing's content, its rules, the flat HTML form it is edited
//! in, and the field-by-field change list reviewers see before approving an edit.
//!
//! Choices:
//! - [`ListingContent::check`] reports every problem at once (a form shows them all), each with
//!   the form field it concerns, so a page can put the message next to the input.
//! - Problems from `check` name plans and metered dimensions by position in the content;
//!   [`parse_form`] maps them back to the form rows (blank rows are skipped, so they differ).
//! - Texts are measured trimmed, in chars (not bytes: Chinese text is 3 bytes a char).
use super::{Category, Term};
use serde::{Deserialize, Serialize};

mod diff;
mod form;

pub use diff::{diff, format_percent, format_yuan, FieldChange};
pub use form::{parse_form, to_form};

pub const MAX_PLANS: usize = 6;
pub const MAX_METERED: usize = 5;
pub const MAX_LABELS: usize = 10;
/// ¥100,000,000 a seat: far above any real price, low enough that totals stay in range.
pub const MAX_SEAT_PRICE_FEN: i64 = 100_000_000_00;
pub const MAX_UNIT_PRICE_FEN: i64 = 100_000_00;
pub const MAX_SEATS: i32 = 100_000;
pub const MAX_TRIAL_DAYS: i32 = 90;
/// Below 90.00% availability a promise is not worth publishing.
pub const MIN_AVAILABILITY_BP: u32 = 9000;
/// A vendor discount above 50% would mostly shift the subsidy, not the price.
pub const MAX_VENDOR_DISCOUNT_BP: u32 = 5000;

/// One usage-priced extra of a plan (API calls, storage, …), priced per unit.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MeteredDimension {
    pub code: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub unit_price_fen: i64,
}

/// One way to buy the service: a per-seat price per term, plus optional metered extras.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Plan {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub term: Term,
    pub seat_price_fen: i64,
    pub min_seats: i32,
    pub max_seats: i32,
    pub trial_days: i32,
    pub cancel_anytime: bool,
    pub metered: Vec<MeteredDimension>,
}

/// Everything a vendor publishes about one service (the version a reviewer approves).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ListingContent {
    pub category: Category,
    pub name_zh: String,
    pub name_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub plans: Vec<Plan>,
    /// Promised availability, 9950 = 99.50%.
    pub availability_bp: u32,
    pub provisioning_hours: i32,
    pub support_response_hours: i32,
    pub labels: Vec<String>,
    /// Discount the vendor gives marketplace buyers before the subsidy, 1000 = 10%.
    pub vendor_discount_bp: u32,
}

/// Which language version of a bilingual text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }
}

/// One broken rule. `plan`/`metered` are positions (in the form after [`parse_form`], in the
/// content after [`ListingContent::check`]); `label` is the label's position.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ListingProblem {
    NameLength {
        lang: Lang,
    },
    SummaryLength {
        lang: Lang,
    },
    DescriptionLength {
        lang: Lang,
    },
    PlanCount,
    PlanCode {
        plan: usize,
    },
    PlanCodeDuplicate {
        plan: usize,
    },
    PlanName {
        plan: usize,
        lang: Lang,
    },
    SeatPrice {
        plan: usize,
    },
    /// `min_seats` outside 1..=100000.
    MinSeats {
        plan: usize,
    },
    /// `max_seats` outside 1..=100000 or below `min_seats`.
    MaxSeats {
        plan: usize,
    },
    TrialDays {
        plan: usize,
    },
    MeteredCount {
        plan: usize,
    },
    MeteredCode {
        plan: usize,
        metered: usize,
    },
    MeteredCodeDuplicate {
        plan: usize,
        metered: usize,
    },
    MeteredUnit {
        plan: usize,
        metered: usize,
        lang: Lang,
    },
    MeteredPrice {
        plan: usize,
        metered: usize,
    },
    Availability,
    ProvisioningHours,
    SupportResponseHours,
    LabelCount,
    LabelLength {
        label: usize,
    },
    LabelDuplicate {
        label: usize,
    },
    VendorDiscount,
    /// Form only: `field` holds no known category.
    Category {
        field: String,
    },
    /// Form only: `field` holds no known term.
    Term {
        field: String,
    },
    /// Form only: `field` is not a whole number.
    Number {
        field: String,
    },
    /// Form only: `field` is not an amount in yuan with at most two decimals.
    Money {
        field: String,
    },
    /// Form only: `field` is not a percentage with at most two decimals.
    Percent {
        field: String,
    },
}

/// Every translation key [`ListingProblem::key`] returns (the translation files must hold them).
pub const PROBLEM_KEYS: &[&str] = &[
    "market-problem-name-length",
    "market-problem-summary-length",
    "market-problem-description-length",
    "market-problem-plan-count",
    "market-problem-plan-code",
    "market-problem-plan-code-duplicate",
    "market-problem-plan-name",
    "market-problem-seat-price",
    "market-problem-plan-seats",
    "market-problem-trial-days",
    "market-problem-metered-count",
    "market-problem-metered-code",
    "market-problem-metered-code-duplicate",
    "market-problem-metered-unit",
    "market-problem-metered-price",
    "market-problem-availability",
    "market-problem-provisioning-hours",
    "market-problem-support-hours",
    "market-problem-label-count",
    "market-problem-label-length",
    "market-problem-label-duplicate",
    "market-problem-vendor-discount",
    "market-problem-category",
    "market-problem-term",
    "market-problem-number",
    "market-problem-money",
    "market-problem-percent",
];

impl ListingProblem {
    /// Translation key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            Self::NameLength { .. } => "market-problem-name-length",
            Self::SummaryLength { .. } => "market-problem-summary-length",
            Self::DescriptionLength { .. } => "market-problem-description-length",
            Self::PlanCount => "market-problem-plan-count",
            Self::PlanCode { .. } => "market-problem-plan-code",
            Self::PlanCodeDuplicate { .. } => "market-problem-plan-code-duplicate",
            Self::PlanName { .. } => "market-problem-plan-name",
            Self::SeatPrice { .. } => "market-problem-seat-price",
            Self::MinSeats { .. } | Self::MaxSeats { .. } => "market-problem-plan-seats",
            Self::TrialDays { .. } => "market-problem-trial-days",
            Self::MeteredCount { .. } => "market-problem-metered-count",
            Self::MeteredCode { .. } => "market-problem-metered-code",
            Self::MeteredCodeDuplicate { .. } => "market-problem-metered-code-duplicate",
            Self::MeteredUnit { .. } => "market-problem-metered-unit",
            Self::MeteredPrice { .. } => "market-problem-metered-price",
            Self::Availability => "market-problem-availability",
            Self::ProvisioningHours => "market-problem-provisioning-hours",
            Self::SupportResponseHours => "market-problem-support-hours",
            Self::LabelCount => "market-problem-label-count",
            Self::LabelLength { .. } => "market-problem-label-length",
            Self::LabelDuplicate { .. } => "market-problem-label-duplicate",
            Self::VendorDiscount => "market-problem-vendor-discount",
            Self::Category { .. } => "market-problem-category",
            Self::Term { .. } => "market-problem-term",
            Self::Number { .. } => "market-problem-number",
            Self::Money { .. } => "market-problem-money",
            Self::Percent { .. } => "market-problem-percent",
        }
    }

    /// The form field this problem concerns (names as in [`parse_form`], e.g.
    /// "plans.0.seat_price"; list-wide problems name the list, e.g. "plans", "labels").
    pub fn field(&self) -> String {
        let plan = |i: &usize, f: &str| format!("plans.{i}.{f}");
        let metered = |i: &usize, j: &usize, f: &str| format!("plans.{i}.metered.{j}.{f}");
        match self {
            Self::NameLength { lang } => format!("name_{}", lang.as_str()),
            Self::SummaryLength { lang } => format!("summary_{}", lang.as_str()),
            Self::DescriptionLength { lang } => format!("description_{}", lang.as_str()),
            Self::PlanCount => "plans".into(),
            Self::PlanCode { plan: i } | Self::PlanCodeDuplicate { plan: i } => plan(i, "code"),
            Self::PlanName { plan: i, lang } => plan(i, &format!("name_{}", lang.as_str())),
            Self::SeatPrice { plan: i } => plan(i, "seat_price"),
            Self::MinSeats { plan: i } => plan(i, "min_seats"),
            Self::MaxSeats { plan: i } => plan(i, "max_seats"),
            Self::TrialDays { plan: i } => plan(i, "trial_days"),
            Self::MeteredCount { plan: i } => plan(i, "metered"),
            Self::MeteredCode {
                plan: i,
                metered: j,
            }
            | Self::MeteredCodeDuplicate {
                plan: i,
                metered: j,
            } => metered(i, j, "code"),
            Self::MeteredUnit {
                plan: i,
                metered: j,
                lang,
            } => metered(i, j, &format!("unit_{}", lang.as_str())),
            Self::MeteredPrice {
                plan: i,
                metered: j,
            } => metered(i, j, "unit_price"),
            Self::Availability => "availability".into(),
            Self::ProvisioningHours => "provisioning_hours".into(),
            Self::SupportResponseHours => "support_response_hours".into(),
            Self::LabelCount | Self::LabelLength { .. } | Self::LabelDuplicate { .. } => {
                "labels".into()
            }
            Self::VendorDiscount => "vendor_discount".into(),
            Self::Category { field }
            | Self::Term { field }
            | Self::Number { field }
            | Self::Money { field }
            | Self::Percent { field } => field.clone(),
        }
    }

    /// Renumbers plan and metered positions: `rows[i]` is content plan `i`'s form row and its
    /// metered rows. Positions without a row (there are none after `parse_form`) stay.
    fn renumber(self, rows: &[(usize, Vec<usize>)]) -> Self {
        let p = |i: usize| rows.get(i).map_or(i, |r| r.0);
        let m = |i: usize, j: usize| rows.get(i).and_then(|r| r.1.get(j)).copied().unwrap_or(j);
        match self {
            Self::PlanCode { plan } => Self::PlanCode { plan: p(plan) },
            Self::PlanCodeDuplicate { plan } => Self::PlanCodeDuplicate { plan: p(plan) },
            Self::PlanName { plan, lang } => Self::PlanName {
                plan: p(plan),
                lang,
            },
            Self::SeatPrice { plan } => Self::SeatPrice { plan: p(plan) },
            Self::MinSeats { plan } => Self::MinSeats { plan: p(plan) },
            Self::MaxSeats { plan } => Self::MaxSeats { plan: p(plan) },
            Self::TrialDays { plan } => Self::TrialDays { plan: p(plan) },
            Self::MeteredCount { plan } => Self::MeteredCount { plan: p(plan) },
            Self::MeteredCode { plan, metered } => Self::MeteredCode {
                plan: p(plan),
                metered: m(plan, metered),
            },
            Self::MeteredCodeDuplicate { plan, metered } => Self::MeteredCodeDuplicate {
                plan: p(plan),
                metered: m(plan, metered),
            },
            Self::MeteredUnit {
                plan,
                metered,
                lang,
            } => Self::MeteredUnit {
                plan: p(plan),
                metered: m(plan, metered),
                lang,
            },
            Self::MeteredPrice { plan, metered } => Self::MeteredPrice {
                plan: p(plan),
                metered: m(plan, metered),
            },
            other => other,
        }
    }
}

/// Trimmed length in chars within `min..=max`.
fn chars_within(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.trim().chars().count())
}

/// Plan and metered codes: ^[a-z][a-z0-9_-]{0,31}$ (they appear in URLs and vendor APIs).
fn valid_code(code: &str) -> bool {
    let b = code.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-'))
}

impl ListingContent {
    /// Every broken rule, in form order; `Ok` when there is none.
    pub fn check(&self) -> Result<(), Vec<ListingProblem>> {
        use ListingProblem as P;
        let mut out = Vec::new();
        for (lang, name, summary, description) in [
            (
                Lang::Zh,
                &self.name_zh,
                &self.summary_zh,
                &self.description_zh,
            ),
            (
                Lang::En,
                &self.name_en,
                &self.summary_en,
                &self.description_en,
            ),
        ] {
            if !chars_within(name, 1, 80) {
                out.push(P::NameLength { lang });
            }
            if !chars_within(summary, 1, 200) {
                out.push(P::SummaryLength { lang });
            }
            if !chars_within(description, 1, 4000) {
                out.push(P::DescriptionLength { lang });
            }
        }
        if self.plans.is_empty() || self.plans.len() > MAX_PLANS {
            out.push(P::PlanCount);
        }
        for (i, plan) in self.plans.iter().enumerate() {
            check_plan(i, plan, &self.plans[..i], &mut out);
        }
        if !(MIN_AVAILABILITY_BP..=10_000).contains(&self.availability_bp) {
            out.push(P::Availability);
        }
        if !(1..=720).contains(&self.provisioning_hours) {
            out.push(P::ProvisioningHours);
        }
        if !(1..=168).contains(&self.support_response_hours) {
            out.push(P::SupportResponseHours);
        }
        if self.labels.len() > MAX_LABELS {
            out.push(P::LabelCount);
        }
        for (i, label) in self.labels.iter().enumerate() {
            if !chars_within(label, 1, 20) {
                out.push(P::LabelLength { label: i });
            } else if self.labels[..i].iter().any(|l| l.trim() == label.trim()) {
                out.push(P::LabelDuplicate { label: i });
            }
        }
        if self.vendor_discount_bp > MAX_VENDOR_DISCOUNT_BP {
            out.push(P::VendorDiscount);
        }
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }
}

fn check_plan(i: usize, plan: &Plan, earlier: &[Plan], out: &mut Vec<ListingProblem>) {
    use ListingProblem as P;
    if !valid_code(&plan.code) {
        out.push(P::PlanCode { plan: i });
    } else if earlier.iter().any(|p| p.code == plan.code) {
        out.push(P::PlanCodeDuplicate { plan: i });
    }
    for (lang, name) in [(Lang::Zh, &plan.name_zh), (Lang::En, &plan.name_en)] {
        if !chars_within(name, 1, 40) {
            out.push(P::PlanName { plan: i, lang });
        }
    }
    if !(0..=MAX_SEAT_PRICE_FEN).contains(&plan.seat_price_fen) {
        out.push(P::SeatPrice { plan: i });
    }
    if !(1..=MAX_SEATS).contains(&plan.min_seats) {
        out.push(P::MinSeats { plan: i });
    }
    if !(1..=MAX_SEATS).contains(&plan.max_seats) || plan.max_seats < plan.min_seats {
        out.push(P::MaxSeats { plan: i });
    }
    if !(0..=MAX_TRIAL_DAYS).contains(&plan.trial_days) {
        out.push(P::TrialDays { plan: i });
    }
    if plan.metered.len() > MAX_METERED {
        out.push(P::MeteredCount { plan: i });
    }
    for (j, m) in plan.metered.iter().enumerate() {
        if !valid_code(&m.code) {
            out.push(P::MeteredCode {
                plan: i,
                metered: j,
            });
        } else if plan.metered[..j].iter().any(|o| o.code == m.code) {
            out.push(P::MeteredCodeDuplicate {
                plan: i,
                metered: j,
            });
        }
        for (lang, unit) in [(Lang::Zh, &m.unit_zh), (Lang::En, &m.unit_en)] {
            if !chars_within(unit, 1, 20) {
                out.push(P::MeteredUnit {
                    plan: i,
                    metered: j,
                    lang,
                });
            }
        }
        if !(1..=MAX_UNIT_PRICE_FEN).contains(&m.unit_price_fen) {
            out.push(P::MeteredPrice {
                plan: i,
                metered: j,
            });
        }
    }
}

#[cfg(test)]
mod tests;
