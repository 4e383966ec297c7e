//! Statements: what each subscription cost in a month, from the charge ledger (term fees and
//! their prorations) and the metered usage ledger. Plain arithmetic in integer fen: every
//! statement's lines add up to its totals by construction, and nothing here rounds twice.
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A calendar month (`2026-12`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    pub fn of(day: NaiveDate) -> Self {
        Self {
            first: day.with_day(1).unwrap_or(day),
        }
    }

    /// `YYYY-MM`, between 2000 and 2999; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        if !(2000..=2999).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| Self { first })
    }

    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    /// The first day of the next month (the end, exclusive).
    pub fn end(self) -> NaiveDate {
        self.first
            .checked_add_months(Months::new(1))
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn previous(self) -> Self {
        Self::of(
            self.first
                .checked_sub_months(Months::new(1))
                .unwrap_or(self.first),
        )
    }

    pub fn next(self) -> Self {
        Self::of(self.end())
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

/// The share of `delta_fen` (a change of a term's price) for the `remaining_days` of a term of
/// `term_days`, rounded down to the fen (in the SME's favour).
pub fn prorate(delta_fen: i64, remaining_days: i64, term_days: i64) -> i64 {
    if term_days <= 0 || remaining_days <= 0 {
        return 0;
    }
    let remaining = remaining_days.min(term_days);
    let share = i128::from(delta_fen) * i128::from(remaining) / i128::from(term_days);
    i64::try_from(share).unwrap_or(0)
}

/// Money of one line or total: list price = vendor discount + subsidy + SME's share.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amounts {
    pub list_fen: i64,
    pub vendor_discount_fen: i64,
    pub subsidy_fen: i64,
    pub sme_fen: i64,
}

impl Amounts {
    /// Usage is billed at its price: no discount, no subsidy.
    pub fn usage(amount_fen: i64) -> Self {
        Self {
            list_fen: amount_fen,
            vendor_discount_fen: 0,
            subsidy_fen: 0,
            sme_fen: amount_fen,
        }
    }

    /// What the vendor is owed: the SME's share plus the programme's subsidy.
    pub fn vendor_fen(&self) -> i64 {
        self.sme_fen + self.subsidy_fen
    }

    pub fn balanced(&self) -> bool {
        self.list_fen == self.vendor_discount_fen + self.subsidy_fen + self.sme_fen
    }
}

impl std::ops::Add for Amounts {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self {
            list_fen: self.list_fen + o.list_fen,
            vendor_discount_fen: self.vendor_discount_fen + o.vendor_discount_fen,
            subsidy_fen: self.subsidy_fen + o.subsidy_fen,
            sme_fen: self.sme_fen + o.sme_fen,
        }
    }
}

impl std::iter::Sum for Amounts {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::default(), |a, b| a + b)
    }
}

/// Where a line's money comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    /// A term's base fee, charged when the paid term starts.
    Term,
    /// The rest of a term at a dearer plan or more seats.
    Proration,
    /// Metered usage of one dimension in the month.
    Usage,
}

impl LineKind {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "term" => Some(Self::Term),
            "proration" => Some(Self::Proration),
            "usage" => Some(Self::Usage),
            _ => None,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Self::Term => "statement-line-term",
            Self::Proration => "statement-line-proration",
            Self::Usage => "statement-line-usage",
        }
    }
}

/// One line of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<S> {
    /// Whose line it is (a subscription id, or a vendor, …).
    pub subscription: S,
    pub kind: LineKind,
    pub amounts: Amounts,
}

/// Per subscription: base fee after the vendor's discount (prorations included), metered
/// usage, subsidy, and what the SME pays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub base_fee_fen: i64,
    pub usage_fen: i64,
    pub subsidy_fen: i64,
    pub sme_fen: i64,
}

impl Summary {
    fn add(&mut self, line_kind: LineKind, a: &Amounts) {
        match line_kind {
            LineKind::Usage => self.usage_fen += a.list_fen - a.vendor_discount_fen,
            _ => self.base_fee_fen += a.list_fen - a.vendor_discount_fen,
        }
        self.subsidy_fen += a.subsidy_fen;
        self.sme_fen += a.sme_fen;
    }
}

/// The lines grouped by their key, in key order, and the grand total of all of them.
pub fn summarise<S: Ord + Clone>(lines: &[Line<S>]) -> (Vec<(S, Summary)>, Summary) {
    let mut by: BTreeMap<S, Summary> = BTreeMap::new();
    let mut total = Summary::default();
    for line in lines {
        by.entry(line.subscription.clone())
            .or_default()
            .add(line.kind, &line.amounts);
        total.add(line.kind, &line.amounts);
    }
    (by.into_iter().collect(), total)
}

/// One CSV field: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`
/// or `@` is defused so a spreadsheet never runs a name as a formula.
pub fn csv_field(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '@'])
        || (text.starts_with('-') && text.parse::<f64>().is_err())
    {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Fen as yuan with two decimals (`-12.30`), exact.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(list: i64, discount: i64, subsidy: i64) -> Amounts {
        Amounts {
            list_fen: list,
            vendor_discount_fen: discount,
            subsidy_fen: subsidy,
            sme_fen: list - discount - subsidy,
        }
    }

    #[test]
    fn months_parse_and_step() {
        let m = Month::parse("2026-12").unwrap_or_else(|| Month::of(NaiveDate::MIN));
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.previous().to_string(), "2026-11");
        assert_eq!(
            m.end(),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or(NaiveDate::MIN)
        );
        for bad in [
            "2026-13",
            "26-12",
            "2026-1",
            "x",
            "",
            "1999-01",
            "2026-12-01",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_proration_is_the_remaining_share_rounded_down() {
        assert_eq!(prorate(3000, 15, 30), 1500);
        assert_eq!(prorate(1000, 10, 31), 322);
        assert_eq!(
            prorate(1000, 40, 31),
            1000,
            "never more than the whole term"
        );
        assert_eq!(prorate(1000, 0, 31), 0);
        assert_eq!(prorate(1000, 5, 0), 0);
    }

    #[test]
    fn lines_add_up_to_the_summaries_and_the_total() {
        let lines = vec![
            Line {
                subscription: 1,
                kind: LineKind::Term,
                amounts: amounts(10_000, 1_000, 4_000),
            },
            Line {
                subscription: 1,
                kind: LineKind::Proration,
                amounts: amounts(2_000, 200, 0),
            },
            Line {
                subscription: 1,
                kind: LineKind::Usage,
                amounts: Amounts::usage(150),
            },
            Line {
                subscription: 2,
                kind: LineKind::Term,
                amounts: amounts(5_000, 0, 0),
            },
        ];
        assert!(lines.iter().all(|l| l.amounts.balanced()));
        let (by, total) = summarise(&lines);
        assert_eq!(
            by[0].1,
            Summary {
                base_fee_fen: 10_800,
                usage_fen: 150,
                subsidy_fen: 4_000,
                sme_fen: 6_950
            }
        );
        assert_eq!(by[1].1.sme_fen, 5_000);
        assert_eq!(
            total.sme_fen,
            by.iter().map(|(_, s)| s.sme_fen).sum::<i64>()
        );
        assert_eq!(
            total.base_fee_fen + total.usage_fen - total.subsidy_fen,
            total.sme_fen
        );
        let all: Amounts = lines.iter().map(|l| l.amounts).sum();
        assert!(all.balanced());
        assert_eq!(
            all.vendor_fen(),
            11_950 + 4_000,
            "what the SMEs pay plus the subsidy"
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("-12.30"), "-12.30");
        assert_eq!(yuan(-1230), "-12.30");
        assert_eq!(yuan(5), "0.05");
    }
}
