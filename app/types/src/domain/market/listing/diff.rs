//! What changed between two listing versions, field by field, for the reviewer of an edit.
use super::{ListingContent, MeteredDimension, Plan};
use crate::domain::market::format_hundredths;
use serde::{Deserialize, Serialize};

/// One changed field. `field` is named as in the form, except that plans and metered
/// dimensions are keyed by code ("plans.basic.seat_price"): positions shift when rows are
/// added or removed, codes do not. An added item has `before` empty, a removed one `after`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Yuan for display and forms: "199.50", "199" (whole yuan drop the decimals), "-0.50".
pub fn format_yuan(fen: i64) -> String {
    format_hundredths(i128::from(fen), false)
}

/// Basis points as a percentage without the sign, trailing zeros trimmed: "99.95", "30", "12.5".
pub fn format_percent(bp: u32) -> String {
    format_hundredths(i128::from(bp), true)
}

/// One entry per changed field, in form order: listing fields, then plans (after's order),
/// then removed plans (before's order).
pub fn diff(before: &ListingContent, after: &ListingContent) -> Vec<FieldChange> {
    let (b, a) = (before, after);
    let mut c = Changes(Vec::new());
    c.add("category", b.category.as_str(), a.category.as_str());
    c.add("name_zh", &b.name_zh, &a.name_zh);
    c.add("name_en", &b.name_en, &a.name_en);
    c.add("summary_zh", &b.summary_zh, &a.summary_zh);
    c.add("summary_en", &b.summary_en, &a.summary_en);
    c.add("description_zh", &b.description_zh, &a.description_zh);
    c.add("description_en", &b.description_en, &a.description_en);
    c.add(
        "availability",
        percent(b.availability_bp),
        percent(a.availability_bp),
    );
    c.add(
        "provisioning_hours",
        b.provisioning_hours,
        a.provisioning_hours,
    );
    c.add(
        "support_response_hours",
        b.support_response_hours,
        a.support_response_hours,
    );
    c.add("labels", b.labels.join(", "), a.labels.join(", "));
    c.add(
        "vendor_discount",
        percent(b.vendor_discount_bp),
        percent(a.vendor_discount_bp),
    );
    for new in &a.plans {
        let key = format!("plans.{}", new.code);
        match b.plans.iter().find(|p| p.code == new.code) {
            Some(old) => c.plan(&key, old, new),
            None => c.add(key, "", render_plan(new)),
        }
    }
    for old in b
        .plans
        .iter()
        .filter(|o| !a.plans.iter().any(|p| p.code == o.code))
    {
        c.add(format!("plans.{}", old.code), render_plan(old), "");
    }
    c.0
}

struct Changes(Vec<FieldChange>);

impl Changes {
    fn add(&mut self, field: impl Into<String>, before: impl ToString, after: impl ToString) {
        let (before, after) = (before.to_string(), after.to_string());
        if before != after {
            self.0.push(FieldChange {
                field: field.into(),
                before,
                after,
            });
        }
    }

    fn plan(&mut self, key: &str, b: &Plan, a: &Plan) {
        let f = |name: &str| format!("{key}.{name}");
        self.add(f("name_zh"), &b.name_zh, &a.name_zh);
        self.add(f("name_en"), &b.name_en, &a.name_en);
        self.add(f("term"), b.term.as_str(), a.term.as_str());
        self.add(
            f("seat_price"),
            money(b.seat_price_fen),
            money(a.seat_price_fen),
        );
        self.add(f("min_seats"), b.min_seats, a.min_seats);
        self.add(f("max_seats"), b.max_seats, a.max_seats);
        self.add(f("trial_days"), b.trial_days, a.trial_days);
        self.add(
            f("cancel_anytime"),
            yes_no(b.cancel_anytime),
            yes_no(a.cancel_anytime),
        );
        for new in &a.metered {
            let key = format!("{key}.metered.{}", new.code);
            match b.metered.iter().find(|m| m.code == new.code) {
                Some(old) => {
                    let f = |name: &str| format!("{key}.{name}");
                    self.add(f("unit_zh"), &old.unit_zh, &new.unit_zh);
                    self.add(f("unit_en"), &old.unit_en, &new.unit_en);
                    let (was, now) = (money(old.unit_price_fen), money(new.unit_price_fen));
                    self.add(f("unit_price"), was, now);
                }
                None => self.add(key, "", render_metered(new)),
            }
        }
        for old in b
            .metered
            .iter()
            .filter(|o| !a.metered.iter().any(|m| m.code == o.code))
        {
            self.add(
                format!("{key}.metered.{}", old.code),
                render_metered(old),
                "",
            );
        }
    }
}

fn money(fen: i64) -> String {
    format!("¥{}", format_yuan(fen))
}

fn percent(bp: u32) -> String {
    format!("{}%", format_percent(bp))
}

fn yes_no(v: bool) -> &'static str {
    if v {
        "yes"
    } else {
        "no"
    }
}

/// "专业版 (Pro), ¥199.50 / month": enough for a reviewer to recognise an added/removed plan.
fn render_plan(p: &Plan) -> String {
    let price = money(p.seat_price_fen);
    format!(
        "{} ({}), {price} / {}",
        p.name_zh,
        p.name_en,
        p.term.as_str()
    )
}

fn render_metered(m: &MeteredDimension) -> String {
    format!(
        "{} / {} ({})",
        money(m.unit_price_fen),
        m.unit_zh,
        m.unit_en
    )
}
