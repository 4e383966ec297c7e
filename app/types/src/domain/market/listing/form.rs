//! The listing edit form: flat `name → value` pairs as a browser posts them, and back.
use super::{ListingContent, ListingProblem, MeteredDimension, Plan, MAX_METERED, MAX_PLANS};
use crate::domain::market::{format_hundredths, parse_hundredths, Category, Term};
use std::collections::BTreeMap;

/// Builds the content from the form and checks it. Every problem is reported at once: the
/// unparsable values (on their field) and the broken rules of what did parse. Texts are
/// trimmed. Rows without code, Chinese name/unit and price are blank rows and skipped.
pub fn parse_form(
    fields: &BTreeMap<String, String>,
) -> Result<ListingContent, Vec<ListingProblem>> {
    let mut r = Reader {
        fields,
        problems: Vec::new(),
    };
    let category = Category::parse(r.text("category")).unwrap_or_else(|| {
        r.problem(ListingProblem::Category {
            field: "category".into(),
        });
        Category::NetworkDatacenter
    });
    let mut plans = Vec::new();
    let mut rows = Vec::new();
    for i in 0..MAX_PLANS {
        let p = |f: &str| format!("plans.{i}.{f}");
        if ["code", "name_zh", "seat_price"]
            .iter()
            .all(|f| r.text(&p(f)).is_empty())
        {
            continue;
        }
        let term_field = p("term");
        let term = Term::parse(r.text(&term_field)).unwrap_or_else(|| {
            r.problem(ListingProblem::Term { field: term_field });
            Term::Month
        });
        let mut metered = Vec::new();
        let mut metered_rows = Vec::new();
        for j in 0..MAX_METERED {
            let m = |f: &str| p(&format!("metered.{j}.{f}"));
            if ["code", "unit_zh", "unit_price"]
                .iter()
                .all(|f| r.text(&m(f)).is_empty())
            {
                continue;
            }
            metered.push(MeteredDimension {
                code: r.text(&m("code")).into(),
                unit_zh: r.text(&m("unit_zh")).into(),
                unit_en: r.text(&m("unit_en")).into(),
                unit_price_fen: r.money(&m("unit_price")),
            });
            metered_rows.push(j);
        }
        plans.push(Plan {
            code: r.text(&p("code")).into(),
            name_zh: r.text(&p("name_zh")).into(),
            name_en: r.text(&p("name_en")).into(),
            term,
            seat_price_fen: r.money(&p("seat_price")),
            min_seats: r.number(&p("min_seats"), None),
            max_seats: r.number(&p("max_seats"), None),
            trial_days: r.number(&p("trial_days"), Some(0)),
            cancel_anytime: matches!(r.text(&p("cancel_anytime")), "on" | "true"),
            metered,
        });
        rows.push((i, metered_rows));
    }
    let content = ListingContent {
        category,
        name_zh: r.text("name_zh").into(),
        name_en: r.text("name_en").into(),
        summary_zh: r.text("summary_zh").into(),
        summary_en: r.text("summary_en").into(),
        description_zh: r.text("description_zh").into(),
        description_en: r.text("description_en").into(),
        plans,
        availability_bp: r.percent("availability", None),
        provisioning_hours: r.number("provisioning_hours", None),
        support_response_hours: r.number("support_response_hours", None),
        labels: r
            .text("labels")
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        vendor_discount_bp: r.percent("vendor_discount", Some(0)),
    };
    let mut problems = r.problems;
    if let Err(broken) = content.check() {
        // A value that did not parse got a placeholder; its rule problem would only repeat.
        let unparsed: Vec<String> = problems.iter().map(ListingProblem::field).collect();
        problems.extend(
            broken
                .into_iter()
                .map(|p| p.renumber(&rows))
                .filter(|p| !unparsed.contains(&p.field())),
        );
    }
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(problems)
    }
}

/// The form that [`parse_form`] reads back into `content` (pre-fills the edit form).
/// `cancel_anytime` is present ("on") only when true, like a checked checkbox.
pub fn to_form(content: &ListingContent) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut put = |k: String, v: String| {
        out.insert(k, v);
    };
    put("category".into(), content.category.as_str().into());
    put("name_zh".into(), content.name_zh.clone());
    put("name_en".into(), content.name_en.clone());
    put("summary_zh".into(), content.summary_zh.clone());
    put("summary_en".into(), content.summary_en.clone());
    put("description_zh".into(), content.description_zh.clone());
    put("description_en".into(), content.description_en.clone());
    put("availability".into(), percent(content.availability_bp));
    put(
        "provisioning_hours".into(),
        content.provisioning_hours.to_string(),
    );
    put(
        "support_response_hours".into(),
        content.support_response_hours.to_string(),
    );
    put("labels".into(), content.labels.join(", "));
    put(
        "vendor_discount".into(),
        percent(content.vendor_discount_bp),
    );
    for (i, plan) in content.plans.iter().enumerate() {
        let p = |f: &str| format!("plans.{i}.{f}");
        put(p("code"), plan.code.clone());
        put(p("name_zh"), plan.name_zh.clone());
        put(p("name_en"), plan.name_en.clone());
        put(p("term"), plan.term.as_str().into());
        put(p("seat_price"), super::format_yuan(plan.seat_price_fen));
        put(p("min_seats"), plan.min_seats.to_string());
        put(p("max_seats"), plan.max_seats.to_string());
        put(p("trial_days"), plan.trial_days.to_string());
        if plan.cancel_anytime {
            put(p("cancel_anytime"), "on".into());
        }
        for (j, m) in plan.metered.iter().enumerate() {
            let f = |f: &str| p(&format!("metered.{j}.{f}"));
            put(f("code"), m.code.clone());
            put(f("unit_zh"), m.unit_zh.clone());
            put(f("unit_en"), m.unit_en.clone());
            put(f("unit_price"), super::format_yuan(m.unit_price_fen));
        }
    }
    out
}

/// A percentage for an input: two decimals kept exact ("99.95", "30"), unlike the trimmed
/// display form.
fn percent(bp: u32) -> String {
    format_hundredths(i128::from(bp), false)
}

/// Reads fields, collecting what does not parse (with a placeholder so parsing can go on).
struct Reader<'a> {
    fields: &'a BTreeMap<String, String>,
    problems: Vec<ListingProblem>,
}

impl<'a> Reader<'a> {
    fn text(&self, name: &str) -> &'a str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    fn problem(&mut self, p: ListingProblem) {
        self.problems.push(p);
    }

    /// A whole number; `empty` is the value of a blank field (`None`: blank is a problem).
    fn number(&mut self, name: &str, empty: Option<i32>) -> i32 {
        let text = self.text(name);
        let parsed = match (text.is_empty(), empty) {
            (true, Some(v)) => Some(v),
            _ => text.parse().ok(),
        };
        parsed.unwrap_or_else(|| {
            self.problem(ListingProblem::Number { field: name.into() });
            0
        })
    }

    /// Yuan with at most two decimals, as fen.
    fn money(&mut self, name: &str) -> i64 {
        parse_hundredths(self.text(name)).unwrap_or_else(|| {
            self.problem(ListingProblem::Money { field: name.into() });
            0
        })
    }

    /// A percentage with at most two decimals ("99.95" or "99.95%"), as basis points.
    fn percent(&mut self, name: &str, empty: Option<u32>) -> u32 {
        let text = self.text(name);
        let parsed = match (text.is_empty(), empty) {
            (true, Some(v)) => Some(v),
            _ => parse_hundredths(text.strip_suffix('%').unwrap_or(text).trim_end())
                .and_then(|v| u32::try_from(v).ok()),
        };
        parsed.unwrap_or_else(|| {
            self.problem(ListingProblem::Percent { field: name.into() });
            0
        })
    }
}
