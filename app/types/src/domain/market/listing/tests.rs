use super::*;
use std::collections::BTreeMap;
use ListingProblem as P;

fn plan(code: &str) -> Plan {
    Plan {
        code: code.into(),
        name_zh: "基础版".into(),
        name_en: "Basic".into(),
        term: Term::Month,
        seat_price_fen: 199_50,
        min_seats: 1,
        max_seats: 50,
        trial_days: 14,
        cancel_anytime: true,
        metered: vec![MeteredDimension {
            code: "api_calls".into(),
            unit_zh: "千次".into(),
            unit_en: "1k calls".into(),
            unit_price_fen: 5,
        }],
    }
}

fn content() -> ListingContent {
    ListingContent {
        category: Category::Accounting,
        name_zh: "云财务".into(),
        name_en: "Cloud Books".into(),
        summary_zh: "小微企业记账".into(),
        summary_en: "Bookkeeping for small firms".into(),
        description_zh: "详细介绍".into(),
        description_en: "Details".into(),
        plans: vec![plan("basic")],
        availability_bp: 9995,
        provisioning_hours: 24,
        support_response_hours: 4,
        labels: vec!["记账".into(), "发票".into()],
        vendor_discount_bp: 1000,
    }
}

/// A change to a valid value and the problems it must cause.
type Case<T> = (fn(&mut T), &'static [ListingProblem]);

fn problems(c: &ListingContent) -> Vec<ListingProblem> {
    c.check().err().unwrap_or_default()
}

#[test]
fn sample_is_valid() {
    assert_eq!(content().check(), Ok(()));
}

#[test]
fn every_key_is_listed_once() {
    let mut keys = PROBLEM_KEYS.to_vec();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), PROBLEM_KEYS.len());
    let f = || String::from("x");
    let all = [
        P::NameLength { lang: Lang::Zh },
        P::SummaryLength { lang: Lang::Zh },
        P::DescriptionLength { lang: Lang::Zh },
        P::PlanCount,
        P::PlanCode { plan: 0 },
        P::PlanCodeDuplicate { plan: 0 },
        P::PlanName {
            plan: 0,
            lang: Lang::En,
        },
        P::SeatPrice { plan: 0 },
        P::MinSeats { plan: 0 },
        P::MaxSeats { plan: 0 },
        P::TrialDays { plan: 0 },
        P::MeteredCount { plan: 0 },
        P::MeteredCode {
            plan: 0,
            metered: 0,
        },
        P::MeteredCodeDuplicate {
            plan: 0,
            metered: 0,
        },
        P::MeteredUnit {
            plan: 0,
            metered: 0,
            lang: Lang::Zh,
        },
        P::MeteredPrice {
            plan: 0,
            metered: 0,
        },
        P::Availability,
        P::ProvisioningHours,
        P::SupportResponseHours,
        P::LabelCount,
        P::LabelLength { label: 0 },
        P::LabelDuplicate { label: 0 },
        P::VendorDiscount,
        P::Category { field: f() },
        P::Term { field: f() },
        P::Number { field: f() },
        P::Money { field: f() },
        P::Percent { field: f() },
    ];
    for p in &all {
        assert!(PROBLEM_KEYS.contains(&p.key()), "{}", p.key());
        assert!(p.key().starts_with("market-problem-"));
    }
    let used: std::collections::BTreeSet<_> = all.iter().map(ListingProblem::key).collect();
    assert_eq!(used.len(), PROBLEM_KEYS.len(), "a listed key is never used");
}

#[test]
fn text_lengths_are_chars_trimmed() {
    let mut c = content();
    c.name_zh = "字".repeat(80);
    c.summary_en = "  ".into();
    c.description_zh = "a".repeat(4001);
    assert_eq!(
        problems(&c),
        [
            P::DescriptionLength { lang: Lang::Zh },
            P::SummaryLength { lang: Lang::En }
        ]
    );
    c = content();
    c.name_en = "n".repeat(81);
    c.summary_zh = "s".repeat(201);
    assert_eq!(
        problems(&c),
        [
            P::SummaryLength { lang: Lang::Zh },
            P::NameLength { lang: Lang::En }
        ]
    );
    assert_eq!(P::NameLength { lang: Lang::Zh }.field(), "name_zh");
}

#[test]
fn plan_count_and_codes() {
    let mut c = content();
    c.plans.clear();
    assert_eq!(problems(&c), [P::PlanCount]);
    c.plans = (0..7).map(|i| plan(&format!("p{i}"))).collect();
    assert_eq!(problems(&c), [P::PlanCount]);
    for (code, ok) in [
        ("a", true),
        ("a-b_9", true),
        (&"a".repeat(32), true),
        (&"a".repeat(33), false),
        ("", false),
        ("9a", false),
        ("Basic", false),
        ("a b", false),
        ("基础", false),
    ] {
        c.plans = vec![plan(code)];
        assert_eq!(c.check().is_ok(), ok, "{code:?}");
    }
    c.plans = vec![plan("basic"), plan("pro"), plan("basic")];
    assert_eq!(problems(&c), [P::PlanCodeDuplicate { plan: 2 }]);
    assert_eq!(problems(&c)[0].field(), "plans.2.code");
}

#[test]
fn plan_numbers() {
    let cases: &[Case<Plan>] = &[
        (
            |p| p.name_en = "x".repeat(41),
            &[P::PlanName {
                plan: 0,
                lang: Lang::En,
            }],
        ),
        (|p| p.seat_price_fen = 0, &[]),
        (|p| p.seat_price_fen = 100_000_000_00, &[]),
        (
            |p| p.seat_price_fen = 100_000_000_01,
            &[P::SeatPrice { plan: 0 }],
        ),
        (|p| p.seat_price_fen = -1, &[P::SeatPrice { plan: 0 }]),
        (|p| p.min_seats = 0, &[P::MinSeats { plan: 0 }]),
        (|p| (p.min_seats, p.max_seats) = (5, 5), &[]),
        (
            |p| (p.min_seats, p.max_seats) = (6, 5),
            &[P::MaxSeats { plan: 0 }],
        ),
        (|p| p.max_seats = 100_000, &[]),
        (|p| p.max_seats = 100_001, &[P::MaxSeats { plan: 0 }]),
        (|p| p.trial_days = 0, &[]),
        (|p| p.trial_days = 90, &[]),
        (|p| p.trial_days = 91, &[P::TrialDays { plan: 0 }]),
        (|p| p.trial_days = -1, &[P::TrialDays { plan: 0 }]),
    ];
    for (change, want) in cases {
        let mut c = content();
        change(&mut c.plans[0]);
        assert_eq!(problems(&c), *want, "{:?}", c.plans[0]);
    }
    assert_eq!(P::MinSeats { plan: 3 }.field(), "plans.3.min_seats");
    assert_eq!(P::SeatPrice { plan: 0 }.key(), "market-problem-seat-price");
    assert_eq!(P::MaxSeats { plan: 0 }.key(), "market-problem-plan-seats");
}

#[test]
fn metered_rules() {
    let mut c = content();
    let m = c.plans[0].metered[0].clone();
    c.plans[0].metered = vec![m.clone(); 6];
    for (j, m) in c.plans[0].metered.iter_mut().enumerate() {
        m.code = format!("m{j}");
    }
    assert_eq!(problems(&c), [P::MeteredCount { plan: 0 }]);
    let bad = MeteredDimension {
        code: "m0".into(),
        unit_zh: String::new(),
        unit_en: "u".repeat(21),
        unit_price_fen: 0,
    };
    c.plans[0].metered = vec![
        MeteredDimension {
            code: "m0".into(),
            unit_price_fen: 100_000_00,
            ..m.clone()
        },
        bad,
    ];
    let want = [
        P::MeteredCodeDuplicate {
            plan: 0,
            metered: 1,
        },
        P::MeteredUnit {
            plan: 0,
            metered: 1,
            lang: Lang::Zh,
        },
        P::MeteredUnit {
            plan: 0,
            metered: 1,
            lang: Lang::En,
        },
        P::MeteredPrice {
            plan: 0,
            metered: 1,
        },
    ];
    assert_eq!(problems(&c), want);
    assert_eq!(want[2].field(), "plans.0.metered.1.unit_en");
    c.plans[0].metered = vec![MeteredDimension {
        unit_price_fen: 100_000_01,
        ..m
    }];
    assert_eq!(
        problems(&c),
        [P::MeteredPrice {
            plan: 0,
            metered: 0
        }]
    );
}

#[test]
fn listing_numbers_and_labels() {
    let cases: &[Case<ListingContent>] = &[
        (|c| c.availability_bp = 9000, &[]),
        (|c| c.availability_bp = 10_000, &[]),
        (|c| c.availability_bp = 8999, &[P::Availability]),
        (|c| c.availability_bp = 10_001, &[P::Availability]),
        (|c| c.provisioning_hours = 720, &[]),
        (|c| c.provisioning_hours = 0, &[P::ProvisioningHours]),
        (|c| c.provisioning_hours = 721, &[P::ProvisioningHours]),
        (|c| c.support_response_hours = 168, &[]),
        (
            |c| c.support_response_hours = 169,
            &[P::SupportResponseHours],
        ),
        (|c| c.support_response_hours = 0, &[P::SupportResponseHours]),
        (|c| c.labels.clear(), &[]),
        (|c| c.labels = (0..10).map(|i| i.to_string()).collect(), &[]),
        (
            |c| c.labels = (0..11).map(|i| i.to_string()).collect(),
            &[P::LabelCount],
        ),
        (
            |c| c.labels = vec!["x".repeat(21)],
            &[P::LabelLength { label: 0 }],
        ),
        (
            |c| c.labels = vec!["a".into(), " ".into()],
            &[P::LabelLength { label: 1 }],
        ),
        (
            |c| c.labels = vec!["a".into(), "a".into()],
            &[P::LabelDuplicate { label: 1 }],
        ),
        (|c| c.vendor_discount_bp = 5000, &[]),
        (|c| c.vendor_discount_bp = 5001, &[P::VendorDiscount]),
    ];
    for (change, want) in cases {
        let mut c = content();
        change(&mut c);
        assert_eq!(problems(&c), *want);
    }
    assert_eq!(P::LabelDuplicate { label: 4 }.field(), "labels");
    assert_eq!(
        P::SupportResponseHours.key(),
        "market-problem-support-hours"
    );
}

fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn form_round_trips() {
    let mut c = content();
    c.plans.push(Plan {
        term: Term::Year,
        seat_price_fen: 1_000_00,
        cancel_anytime: false,
        metered: Vec::new(),
        ..plan("pro")
    });
    let f = to_form(&c);
    assert_eq!(
        f.get("plans.0.seat_price").map(String::as_str),
        Some("199.50")
    );
    assert_eq!(
        f.get("plans.1.seat_price").map(String::as_str),
        Some("1000")
    );
    assert_eq!(
        f.get("plans.0.metered.0.unit_price").map(String::as_str),
        Some("0.05")
    );
    assert_eq!(f.get("availability").map(String::as_str), Some("99.95"));
    assert_eq!(f.get("vendor_discount").map(String::as_str), Some("10"));
    assert_eq!(
        f.get("plans.0.cancel_anytime").map(String::as_str),
        Some("on")
    );
    assert!(!f.contains_key("plans.1.cancel_anytime"));
    assert_eq!(parse_form(&f), Ok(c));
}

#[test]
fn form_parses_numbers_exactly_and_skips_blank_rows() {
    let mut f = to_form(&content());
    let moved: Vec<(String, String)> = f
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("plans.0.")?.to_string(), v.clone())))
        .collect();
    f.retain(|k, _| !k.starts_with("plans."));
    for (k, v) in moved {
        f.insert(format!("plans.2.{k}"), v);
    }
    // A blank row before, with prefilled numbers the form shows in empty rows.
    f.insert("plans.0.min_seats".into(), "1".into());
    f.insert("plans.0.term".into(), "month".into());
    f.insert("plans.2.metered.0.code".into(), String::new());
    f.insert("plans.2.metered.0.unit_zh".into(), String::new());
    f.insert("plans.2.metered.0.unit_price".into(), String::new());
    f.insert("plans.2.metered.3.code".into(), "Bad".into());
    f.insert("plans.2.metered.3.unit_zh".into(), "个".into());
    f.insert("plans.2.metered.3.unit_en".into(), "item".into());
    f.insert("plans.2.metered.3.unit_price".into(), "0.1".into());
    f.insert("plans.2.seat_price".into(), " 0.5 ".into());
    f.insert("availability".into(), "99.5%".into());
    f.insert("labels".into(), "记账、 发票 ,税务，,".into());
    f.insert("vendor_discount".into(), String::new());
    let err = parse_form(&f).err().unwrap_or_default();
    assert_eq!(
        err,
        [P::MeteredCode {
            plan: 2,
            metered: 3
        }]
    );
    f.insert("plans.2.metered.3.code".into(), "items".into());
    let c = parse_form(&f).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(c.plans.len(), 1);
    assert_eq!(c.plans[0].seat_price_fen, 50);
    assert_eq!(c.plans[0].metered[0].unit_price_fen, 10);
    assert_eq!(c.availability_bp, 9950);
    assert_eq!(c.vendor_discount_bp, 0);
    assert_eq!(c.labels, ["记账", "发票", "税务"]);
}

#[test]
fn form_reports_unparsable_values_once() {
    let mut f = to_form(&content());
    for (k, v) in [
        ("category", "cloud"),
        ("plans.0.term", "week"),
        ("plans.0.seat_price", "199.999"),
        ("plans.0.min_seats", "one"),
        ("plans.0.trial_days", ""),
        ("plans.0.metered.0.unit_price", "¥1"),
        ("availability", "99.955"),
        ("vendor_discount", "-5"),
        ("provisioning_hours", ""),
        ("support_response_hours", "0"),
    ] {
        f.insert(k.into(), v.into());
    }
    let err = parse_form(&f).err().unwrap_or_default();
    let got: Vec<(String, &str)> = err.iter().map(|p| (p.field(), p.key())).collect();
    let want = [
        ("category", "market-problem-category"),
        ("plans.0.term", "market-problem-term"),
        ("plans.0.metered.0.unit_price", "market-problem-money"),
        ("plans.0.seat_price", "market-problem-money"),
        ("plans.0.min_seats", "market-problem-number"),
        ("availability", "market-problem-percent"),
        ("provisioning_hours", "market-problem-number"),
        ("vendor_discount", "market-problem-percent"),
        ("support_response_hours", "market-problem-support-hours"),
    ];
    let want: Vec<(String, &str)> = want.iter().map(|(f, k)| (f.to_string(), *k)).collect();
    assert_eq!(got, want);
}

#[test]
fn empty_form_asks_for_everything_required() {
    let err = parse_form(&form(&[])).err().unwrap_or_default();
    let keys: Vec<&str> = err.iter().map(ListingProblem::key).collect();
    assert!(keys.contains(&"market-problem-category"));
    assert!(keys.contains(&"market-problem-plan-count"));
    assert!(keys.contains(&"market-problem-name-length"));
    assert!(
        !keys.contains(&"market-problem-availability"),
        "reported as percent"
    );
}

#[test]
fn formats() {
    assert_eq!(format_yuan(199_50), "199.50");
    assert_eq!(format_yuan(199_00), "199");
    assert_eq!(format_yuan(5), "0.05");
    assert_eq!(format_yuan(-1_50), "-1.50");
    assert_eq!(format_percent(9995), "99.95");
    assert_eq!(format_percent(3000), "30");
    assert_eq!(format_percent(1250), "12.5");
    assert_eq!(format_percent(5), "0.05");
}

#[test]
fn diff_names_changed_fields_by_plan_code() {
    let before = content();
    assert_eq!(diff(&before, &before), []);
    let mut after = before.clone();
    after.name_zh = "云财务专业".into();
    after.availability_bp = 9990;
    after.vendor_discount_bp = 1250;
    after.labels.push("税务".into());
    after.plans.insert(
        0,
        Plan {
            name_zh: "专业版".into(),
            name_en: "Pro".into(),
            ..plan("pro")
        },
    );
    after.plans[1].seat_price_fen = 299_00;
    after.plans[1].cancel_anytime = false;
    after.plans[1].metered[0].unit_price_fen = 10;
    after.plans[1].metered.push(MeteredDimension {
        code: "gb".into(),
        ..before.plans[0].metered[0].clone()
    });
    let changes = diff(&before, &after);
    let got: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
        .collect();
    let want = [
        ("name_zh", "云财务", "云财务专业"),
        ("availability", "99.95%", "99.9%"),
        ("labels", "记账, 发票", "记账, 发票, 税务"),
        ("vendor_discount", "10%", "12.5%"),
        ("plans.pro", "", "专业版 (Pro), ¥199.50 / month"),
        ("plans.basic.seat_price", "¥199.50", "¥299"),
        ("plans.basic.cancel_anytime", "yes", "no"),
        ("plans.basic.metered.api_calls.unit_price", "¥0.05", "¥0.10"),
        ("plans.basic.metered.gb", "", "¥0.05 / 千次 (1k calls)"),
    ];
    assert_eq!(got, want);
    let back = diff(&after, &before);
    assert!(back.contains(&FieldChange {
        field: "plans.pro".into(),
        before: "专业版 (Pro), ¥199.50 / month".into(),
        after: String::new(),
    }));
    assert!(back
        .iter()
        .any(|c| c.field == "plans.basic.metered.gb" && c.after.is_empty()));
}
