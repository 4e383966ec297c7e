use super::*;
use Industry as I;
use Measure::{Employees as E, Revenue as R, TotalAssets as A};

type Row = (Industry, &'static [Measure], [i64; 2], [i64; 2], [i64; 2]);

/// The regulation's thresholds, written out independently of the code: measures, then the
/// large bound, medium and small minimum per measure (persons / 万元).
#[rustfmt::skip]
const TABLE: &[Row] = &[
    (I::Agriculture, &[R], [20_000, 0], [500, 0], [50, 0]),
    (I::Industry, &[E, R], [1000, 40_000], [300, 2000], [20, 300]),
    (I::Construction, &[R, A], [80_000, 80_000], [6000, 5000], [300, 300]),
    (I::Wholesale, &[E, R], [200, 40_000], [20, 5000], [5, 1000]),
    (I::Retail, &[E, R], [300, 20_000], [50, 500], [10, 100]),
    (I::Transport, &[E, R], [1000, 30_000], [300, 3000], [20, 200]),
    (I::Warehousing, &[E, R], [200, 30_000], [100, 1000], [20, 100]),
    (I::Postal, &[E, R], [1000, 30_000], [300, 2000], [20, 100]),
    (I::Accommodation, &[E, R], [300, 10_000], [100, 2000], [10, 100]),
    (I::Catering, &[E, R], [300, 10_000], [100, 2000], [10, 100]),
    (I::InformationTransmission, &[E, R], [2000, 100_000], [100, 1000], [10, 100]),
    (I::SoftwareIt, &[E, R], [300, 10_000], [100, 1000], [10, 50]),
    (I::RealEstateDevelopment, &[R, A], [200_000, 10_000], [1000, 5000], [100, 2000]),
    (I::PropertyManagement, &[E, R], [1000, 5000], [300, 1000], [100, 500]),
    (I::LeasingBusinessServices, &[E, A], [300, 120_000], [100, 8000], [10, 100]),
    (I::Other, &[E], [300, 0], [100, 0], [10, 0]),
];

/// A declaration with each measure at its bound, `below` (a measure's position) one unit (a
/// person, a fen) under it. Figures the industry ignores get a huge value to prove they are.
fn at(
    industry: Industry,
    measures: &[Measure],
    bounds: [i64; 2],
    below: Option<usize>,
) -> Declared {
    let huge = 1_000_000 * WAN_FEN;
    let mut d = Declared {
        industry,
        employees: 10_000_000,
        revenue_fen: huge,
        total_assets_fen: huge,
    };
    for (k, (m, bound)) in measures.iter().zip(bounds).enumerate() {
        let less = i64::from(below == Some(k));
        match m {
            Measure::Employees => d.employees = bound - less,
            Measure::Revenue => d.revenue_fen = bound * WAN_FEN - less,
            Measure::TotalAssets => d.total_assets_fen = bound * WAN_FEN - less,
        }
    }
    d
}

#[test]
fn every_industry_at_and_just_below_every_threshold() {
    assert_eq!(TABLE.len(), Industry::ALL.len());
    for &(industry, measures, large, medium, small) in TABLE {
        assert_eq!(industry.measures(), measures, "{industry:?}");
        let levels = [
            (large, SmeSize::Large, SmeSize::Medium),
            (medium, SmeSize::Medium, SmeSize::Small),
            (small, SmeSize::Small, SmeSize::Micro),
        ];
        for (bounds, size_at, size_below) in levels {
            let d = at(industry, measures, bounds, None);
            assert_eq!(classify(&d), size_at, "{d:?}");
            for k in 0..measures.len() {
                let d = at(industry, measures, bounds, Some(k));
                assert_eq!(classify(&d), size_below, "{d:?}");
            }
        }
        let zero = Declared {
            industry,
            employees: 0,
            revenue_fen: 0,
            total_assets_fen: 0,
        };
        assert_eq!(classify(&zero), SmeSize::Micro);
    }
}

#[test]
fn one_large_figure_alone_is_not_large() {
    // 工业: 5000 employees but 1000万 revenue → small (revenue below the medium 2000万).
    let d = Declared {
        industry: I::Industry,
        employees: 5000,
        revenue_fen: 1000 * WAN_FEN,
        total_assets_fen: 0,
    };
    assert_eq!(classify(&d), SmeSize::Small);
    // 软件和信息技术服务业: 50 people, 8000万 → small.
    let d = Declared {
        industry: I::SoftwareIt,
        employees: 50,
        revenue_fen: 8000 * WAN_FEN,
        total_assets_fen: 0,
    };
    assert_eq!(classify(&d), SmeSize::Small);
}

#[test]
fn names_and_keys() {
    for i in Industry::ALL {
        assert_eq!(Industry::parse(i.as_str()), Some(*i));
        assert_eq!(
            i.label_key(),
            format!("market-industry-{}", i.as_str().replace('_', "-"))
        );
    }
    for s in SmeSize::ALL {
        assert_eq!(s.label_key(), format!("market-size-{}", s.as_str()));
        assert_eq!(s.is_sme(), *s != SmeSize::Large);
    }
}

fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn parse_declared_reads_wan_exactly() {
    let f = form(&[
        ("industry", "software_it"),
        ("employees", " 120 "),
        ("revenue", "1000.05"),
        ("total_assets", ""),
    ]);
    let want = Declared {
        industry: I::SoftwareIt,
        employees: 120,
        revenue_fen: 1000 * WAN_FEN + 50_000,
        total_assets_fen: 0,
    };
    assert_eq!(parse_declared(&f), Ok(want));
    let f = form(&[
        ("industry", "real_estate_development"),
        ("revenue", "100000000"),
        ("total_assets", "0.01"),
    ]);
    let d = parse_declared(&f).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        (d.employees, d.revenue_fen, d.total_assets_fen),
        (0, 100_000_000 * WAN_FEN, 10_000)
    );
}

#[test]
fn parse_declared_problems() {
    let f = form(&[
        ("industry", "mining"),
        ("employees", "-1"),
        ("revenue", "1.234"),
        ("total_assets", "100000000.01"),
    ]);
    let want = vec![
        ("industry".to_string(), "market-problem-industry"),
        ("employees".to_string(), "market-problem-number"),
        ("revenue".to_string(), "market-problem-money"),
        ("total_assets".to_string(), "market-problem-money"),
    ];
    assert_eq!(parse_declared(&f), Err(want));
    let f = form(&[("industry", "construction"), ("employees", "10000001")]);
    let want = vec![
        ("employees".to_string(), "market-problem-number"),
        ("revenue".to_string(), "market-problem-money"),
        ("total_assets".to_string(), "market-problem-money"),
    ];
    assert_eq!(parse_declared(&f), Err(want));
    let f = form(&[("industry", "other"), ("employees", "10000000")]);
    assert_eq!(parse_declared(&f).map(|d| classify(&d)), Ok(SmeSize::Large));
}
