//! Enterprise size by 《中小企业划型标准规定》(工信部联企业〔2011〕300号): only SMEs may use the
//! marketplace subsidy, so the size an enterprise declares decides whether it gets one.
//!
//! Each industry is measured by one or two figures (employees, operating revenue, total
//! assets). An enterprise is large when it reaches BOTH large bounds (for single-figure
//! industries, the one); otherwise medium when it reaches both medium thresholds, small when it
//! reaches both small thresholds, else micro. "Reaches" is "at or above" (及以上).
use super::parse_hundredths;
use std::collections::BTreeMap;

/// Fen in 10,000 yuan (万元), the unit the regulation states money thresholds in.
pub const WAN_FEN: i64 = 1_000_000;
pub const MAX_EMPLOYEES: i64 = 10_000_000;
/// Declared money is at most 100,000,000 万元 (one trillion yuan), in 万元 hundredths.
const MAX_WAN_HUNDREDTHS: i64 = 100_000_000_00;

named_enum!(
    /// The regulation's industries (its 16 rows; accommodation and catering share thresholds).
    Industry label "market-industry-" {
        Agriculture => "agriculture" / "agriculture",
        Industry => "industry" / "industry",
        Construction => "construction" / "construction",
        Wholesale => "wholesale" / "wholesale",
        Retail => "retail" / "retail",
        Transport => "transport" / "transport",
        Warehousing => "warehousing" / "warehousing",
        Postal => "postal" / "postal",
        Accommodation => "accommodation" / "accommodation",
        Catering => "catering" / "catering",
        InformationTransmission => "information_transmission" / "information-transmission",
        SoftwareIt => "software_it" / "software-it",
        RealEstateDevelopment => "real_estate_development" / "real-estate-development",
        PropertyManagement => "property_management" / "property-management",
        LeasingBusinessServices => "leasing_business_services" / "leasing-business-services",
        Other => "other" / "other",
    }
);

named_enum!(
    /// The size class; everything but `Large` is an SME.
    SmeSize label "market-size-" {
        Medium => "medium" / "medium", Small => "small" / "small",
        Micro => "micro" / "micro", Large => "large" / "large",
    }
);

named_enum!(
    /// A figure the regulation measures an industry by (form field names).
    Measure { Employees => "employees", Revenue => "revenue", TotalAssets => "total_assets" }
);

impl SmeSize {
    pub fn is_sme(self) -> bool {
        self != Self::Large
    }
}

/// What an enterprise declares about itself (last year's figures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Declared {
    pub industry: Industry,
    pub employees: i64,
    pub revenue_fen: i64,
    pub total_assets_fen: i64,
}

/// Thresholds of one industry: per measure, the large bound, the medium and small minimum
/// (employees in persons, money in 万元).
struct Rule {
    measures: &'static [Measure],
    large: [i64; 2],
    medium: [i64; 2],
    small: [i64; 2],
}

impl Industry {
    /// The figures this industry is measured by (the form may hide the others).
    pub fn measures(self) -> &'static [Measure] {
        rule(self).measures
    }
}

fn rule(industry: Industry) -> Rule {
    use Industry as I;
    use Measure::{Employees as E, Revenue as R, TotalAssets as A};
    let r = |measures, large, medium, small| Rule {
        measures,
        large,
        medium,
        small,
    };
    match industry {
        I::Agriculture => r(&[R], [20_000, 0], [500, 0], [50, 0]),
        I::Industry => r(&[E, R], [1000, 40_000], [300, 2000], [20, 300]),
        I::Construction => r(&[R, A], [80_000, 80_000], [6000, 5000], [300, 300]),
        I::Wholesale => r(&[E, R], [200, 40_000], [20, 5000], [5, 1000]),
        I::Retail => r(&[E, R], [300, 20_000], [50, 500], [10, 100]),
        I::Transport => r(&[E, R], [1000, 30_000], [300, 3000], [20, 200]),
        I::Warehousing => r(&[E, R], [200, 30_000], [100, 1000], [20, 100]),
        I::Postal => r(&[E, R], [1000, 30_000], [300, 2000], [20, 100]),
        I::Accommodation | I::Catering => r(&[E, R], [300, 10_000], [100, 2000], [10, 100]),
        I::InformationTransmission => r(&[E, R], [2000, 100_000], [100, 1000], [10, 100]),
        I::SoftwareIt => r(&[E, R], [300, 10_000], [100, 1000], [10, 50]),
        I::RealEstateDevelopment => r(&[R, A], [200_000, 10_000], [1000, 5000], [100, 2000]),
        I::PropertyManagement => r(&[E, R], [1000, 5000], [300, 1000], [100, 500]),
        I::LeasingBusinessServices => r(&[E, A], [300, 120_000], [100, 8000], [10, 100]),
        I::Other => r(&[E], [300, 0], [100, 0], [10, 0]),
    }
}

/// The size class of a declaration (figures assumed non-negative; [`parse_declared`] ensures it).
pub fn classify(d: &Declared) -> SmeSize {
    let r = rule(d.industry);
    let reaches = |bounds: [i64; 2]| {
        r.measures.iter().zip(bounds).all(|(m, bound)| match m {
            Measure::Employees => d.employees >= bound,
            Measure::Revenue => d.revenue_fen >= bound.saturating_mul(WAN_FEN),
            Measure::TotalAssets => d.total_assets_fen >= bound.saturating_mul(WAN_FEN),
        })
    };
    if reaches(r.large) {
        SmeSize::Large
    } else if reaches(r.medium) {
        SmeSize::Medium
    } else if reaches(r.small) {
        SmeSize::Small
    } else {
        SmeSize::Micro
    }
}

/// Reads the declaration form: `industry`, `employees` (persons), `revenue` and `total_assets`
/// (万元, at most two decimals). A blank figure the industry is not measured by counts as 0.
/// Problems are `(field, translation key)`.
pub fn parse_declared(
    fields: &BTreeMap<String, String>,
) -> Result<Declared, Vec<(String, &'static str)>> {
    let text = |name: &str| fields.get(name).map_or("", |v| v.trim());
    let mut problems = Vec::new();
    let industry = Industry::parse(text("industry"));
    if industry.is_none() {
        problems.push(("industry".to_string(), "market-problem-industry"));
    }
    let used = |m: Measure| industry.is_some_and(|i| i.measures().contains(&m));
    let mut figure = |m: Measure, key: &'static str, parse: &dyn Fn(&str) -> Option<i64>| {
        let t = text(m.as_str());
        let value = if t.is_empty() && !used(m) {
            Some(0)
        } else {
            parse(t)
        };
        value.unwrap_or_else(|| {
            problems.push((m.as_str().to_string(), key));
            0
        })
    };
    let persons = |t: &str| {
        let digits = !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit());
        digits
            .then(|| t.parse().ok())
            .flatten()
            .filter(|n| *n <= MAX_EMPLOYEES)
    };
    let wan = |t: &str| {
        parse_hundredths(t)
            .filter(|h| *h <= MAX_WAN_HUNDREDTHS)
            .map(|h| h * (WAN_FEN / 100))
    };
    let employees = figure(Measure::Employees, "market-problem-number", &persons);
    let revenue_fen = figure(Measure::Revenue, "market-problem-money", &wan);
    let total_assets_fen = figure(Measure::TotalAssets, "market-problem-money", &wan);
    match industry {
        Some(industry) if problems.is_empty() => Ok(Declared {
            industry,
            employees,
            revenue_fen,
            total_assets_fen,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests;
