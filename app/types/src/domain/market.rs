//! The SME cloud marketplace (中小企业上云服务市场): vendors list cloud services, SMEs subscribe
//! with a government subsidy voucher. Plain rules only; storage and pages live elsewhere.
//!
//! Units, everywhere: money is integer fen (`i64`, 1 yuan = 100 fen), percentages are basis
//! points (`u32`, 10000 = 100%). Never floats: forms are parsed digit by digit.
//!
//! - [`listing`]: what a vendor publishes (content rules, form parsing, change lists).
//! - [`sme`]: the SME size classification (中小企业划型标准规定).
//! - [`subsidy`]: how a price splits into vendor discount, subsidy and the SME's share.
//! - [`subscription`]: the subscription state machine and renewal reminders.
//! - [`metering`]: whether a metered usage record counts.
//! - [`reconcile`]: the portal's and a vendor system's views of a subscription compared.
//! - [`statement`]: monthly statements from the charge and usage ledgers.
// Fen literals are grouped as yuan_fen (199_50 is ¥199.50), which clippy calls inconsistent.
#![allow(clippy::inconsistent_digit_grouping)]

/// A payload-free enum with stable snake_case names (stored in the database, sent over the wire).
/// With `label "prefix-"`, each variant also names its kebab-case suffix and gets a `label_key`
/// (the translation id), so the key is spelled once, next to the stored name.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $s)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }
    };
    ($(#[$meta:meta])* $name:ident label $prefix:literal {
        $($variant:ident => $s:literal / $kebab:literal),+ $(,)?
    }) => {
        named_enum!($(#[$meta])* $name { $($variant => $s),+ });
        impl $name {
            /// Translation key of the name.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, $kebab)),+ }
            }
        }
    };
}

pub mod forms;
pub mod listing;
pub mod metering;
pub mod reconcile;
pub mod sme;
pub mod statement;
pub mod subscription;
pub mod subsidy;
mod translations;

named_enum!(
    /// What kind of cloud service a listing offers (the catalogue's top-level filter).
    Category label "market-category-" {
        NetworkDatacenter => "network_datacenter" / "network-datacenter",
        ComponentLibrary => "component_library" / "component-library",
        SecurityProxy => "security_proxy" / "security-proxy",
        TestingEvaluation => "testing_evaluation" / "testing-evaluation",
        Training => "training" / "training",
        IcDesign => "ic_design" / "ic-design",
        SoftwareExport => "software_export" / "software-export",
        EmbeddedMultimedia => "embedded_multimedia" / "embedded-multimedia",
        Accounting => "accounting" / "accounting",
        EInvoicing => "e_invoicing" / "e-invoicing",
        HrPayroll => "hr_payroll" / "hr-payroll",
        OfficeCollaboration => "office_collaboration" / "office-collaboration",
    }
);

named_enum!(
    /// How long one paid period of a plan lasts (renewals repeat it).
    Term label "market-term-" { Month => "month" / "month", Year => "year" / "year" }
);

impl Term {
    /// Calendar months in one term.
    pub fn months(self) -> u32 {
        match self {
            Self::Month => 1,
            Self::Year => 12,
        }
    }
}

/// Parses a non-negative decimal with at most two decimals ("199", "199.5", "199.50") into
/// hundredths, digit by digit so no float ever rounds a price. `None` when malformed or too big.
fn parse_hundredths(s: &str) -> Option<i64> {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, "00"),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 15 {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let mut cents: i64 = frac.parse().ok()?;
    if frac.len() == 1 {
        cents *= 10;
    }
    whole.checked_mul(100)?.checked_add(cents)
}

/// Renders hundredths as a decimal: "199.50", "199", "-0.50" (whole numbers drop the decimals).
fn format_hundredths(v: i128, trim_zero: bool) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let abs = v.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    if cents == 0 {
        format!("{sign}{whole}")
    } else if trim_zero && cents % 10 == 0 {
        format!("{sign}{whole}.{}", cents / 10)
    } else {
        format!("{sign}{whole}.{cents:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_label_keys_follow_the_names() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
            let want = format!("market-category-{}", c.as_str().replace('_', "-"));
            assert_eq!(c.label_key(), want);
            assert_eq!(
                serde_json::to_string(c).ok(),
                Some(format!("\"{}\"", c.as_str()))
            );
        }
        assert_eq!(Category::ALL.len(), 12);
        assert_eq!(
            Category::NetworkDatacenter.label_key(),
            "market-category-network-datacenter"
        );
        for t in Term::ALL {
            assert_eq!(Term::parse(t.as_str()), Some(*t));
            assert_eq!(t.label_key(), format!("market-term-{}", t.as_str()));
        }
        assert_eq!(Term::parse("week"), None);
        assert_eq!((Term::Month.months(), Term::Year.months()), (1, 12));
    }

    #[test]
    fn hundredths_parse_exactly() {
        let ok = [
            ("199", 19900),
            ("199.5", 19950),
            ("199.50", 19950),
            ("0.01", 1),
            ("0", 0),
        ];
        for (s, v) in ok {
            assert_eq!(parse_hundredths(s), Some(v), "{s}");
        }
        for s in [
            "",
            ".5",
            "5.",
            "1.234",
            "-1",
            "+1",
            "1e3",
            "1,000",
            " 1",
            "１",
            "9999999999999999",
        ] {
            assert_eq!(parse_hundredths(s), None, "{s}");
        }
    }

    #[test]
    fn hundredths_format() {
        assert_eq!(format_hundredths(19950, false), "199.50");
        assert_eq!(format_hundredths(19950, true), "199.5");
        assert_eq!(format_hundredths(19900, false), "199");
        assert_eq!(format_hundredths(5, true), "0.05");
        assert_eq!(format_hundredths(-50, false), "-0.50");
        assert_eq!(
            format_hundredths(i128::from(i64::MIN), false),
            "-92233720368547758.08"
        );
    }
}
