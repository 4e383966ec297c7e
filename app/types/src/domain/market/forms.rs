//! The marketplace's forms (vendor application, vendor staff, voucher programme, order,
//! decisions), parsed the same way in the browser and on the server: typed values or every
//! field error at once.
use super::Category;
use crate::domain::credit_code::CreditCode;
use crate::domain::email::EmailAddress;
use crate::domain::forms::FieldError;
use crate::domain::mobile::MobileNumber;
use crate::domain::password::NewPassword;
use crate::domain::registration::{answer, Answers, EnterpriseName, Errors, PersonName};
use chrono::NaiveDate;

/// Longest reason an operator, admin or vendor may give.
pub const MAX_REASON_CHARS: usize = 1000;

fn username(input: &str) -> Result<String, &'static str> {
    let name = input.trim().to_lowercase();
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c));
    if first_ok && rest_ok && (3..=32).contains(&name.len()) {
        Ok(name)
    } else {
        Err("username-invalid")
    }
}

fn checkbox(answers: &Answers, field: &str) -> bool {
    matches!(answer(answers, field), "on" | "true" | "yes")
}

/// A reason: required (`required`) or optional, trimmed, at most [`MAX_REASON_CHARS`].
pub fn parse_reason(input: &str, required: bool) -> Result<Option<String>, &'static str> {
    let reason = input.trim();
    if reason.is_empty() {
        return if required {
            Err("market-reason-required")
        } else {
            Ok(None)
        };
    }
    if reason.chars().count() > MAX_REASON_CHARS
        || reason
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err("market-reason-too-long");
    }
    Ok(Some(reason.to_string()))
}

/// A vendor organisation's application, with its first (admin) account.
#[derive(Debug)]
pub struct VendorApplicationForm {
    pub name: EnterpriseName,
    pub credit_code: CreditCode,
    pub legal_rep: PersonName,
    pub contact_name: PersonName,
    pub contact_mobile: MobileNumber,
    pub contact_email: EmailAddress,
    pub mlps_level: i16,
    pub data_in_mainland: bool,
    pub crypto_assessed: bool,
    pub username: String,
    pub password: NewPassword,
}

impl VendorApplicationForm {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::default();
        let name = e.check("name", EnterpriseName::parse(answer(answers, "name")));
        let credit_code = e.check(
            "credit_code",
            CreditCode::parse(answer(answers, "credit_code")).map_err(|err| err.code()),
        );
        let legal_rep = e.check("legal_rep", PersonName::parse(answer(answers, "legal_rep")));
        let contact_name = e.check(
            "contact_name",
            PersonName::parse(answer(answers, "contact_name")),
        );
        let contact_mobile = e.check(
            "contact_mobile",
            MobileNumber::parse(answer(answers, "contact_mobile")).map_err(|err| err.code()),
        );
        let contact_email = e.check(
            "contact_email",
            EmailAddress::parse(answer(answers, "contact_email")).map_err(|err| err.code()),
        );
        let mlps_level = e.check(
            "mlps_level",
            answer(answers, "mlps_level")
                .parse::<i16>()
                .ok()
                .filter(|l| (1..=4).contains(l))
                .ok_or("market-mlps-invalid"),
        );
        let username = e.check("username", username(answer(answers, "username")));
        let password = e.check(
            "password",
            NewPassword::parse(
                answers.get("password").map(String::as_str).unwrap_or(""),
                &[answer(answers, "contact_mobile")],
            )
            .map_err(|err| err.code()),
        );
        let value = match (
            name,
            credit_code,
            legal_rep,
            contact_name,
            contact_mobile,
            contact_email,
            mlps_level,
            username,
            password,
        ) {
            (Some(a), Some(b), Some(c), Some(d), Some(f), Some(g), Some(h), Some(i), Some(j)) => {
                Some(Self {
                    name: a,
                    credit_code: b,
                    legal_rep: c,
                    contact_name: d,
                    contact_mobile: f,
                    contact_email: g,
                    mlps_level: h,
                    data_in_mainland: checkbox(answers, "data_in_mainland"),
                    crypto_assessed: checkbox(answers, "crypto_assessed"),
                    username: i,
                    password: j,
                })
            }
            _ => None,
        };
        e.finish(value)
    }
}

/// A vendor admin adds a staff account to the organisation.
#[derive(Debug)]
pub struct VendorStaffForm {
    pub username: String,
    pub display_name: PersonName,
    pub password: NewPassword,
}

impl VendorStaffForm {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::default();
        let username = e.check("username", username(answer(answers, "username")));
        let display_name = e.check(
            "display_name",
            PersonName::parse(answer(answers, "display_name")),
        );
        let password = e.check(
            "password",
            NewPassword::parse(
                answers.get("password").map(String::as_str).unwrap_or(""),
                &[],
            )
            .map_err(|err| err.code()),
        );
        let value = match (username, display_name, password) {
            (Some(username), Some(display_name), Some(password)) => Some(Self {
                username,
                display_name,
                password,
            }),
            _ => None,
        };
        e.finish(value)
    }
}

/// Whole yuan (no decimals) into fen, within `1..=max_yuan`.
fn yuan(input: &str, max_yuan: i64) -> Result<i64, &'static str> {
    input
        .trim()
        .replace([',', '，'], "")
        .parse::<i64>()
        .ok()
        .filter(|v| (1..=max_yuan).contains(v))
        .map(|v| v * 100)
        .ok_or("market-problem-money")
}

/// A voucher programme as the operator defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgrammeForm {
    pub name_zh: String,
    pub name_en: String,
    pub budget_fen: i64,
    pub enterprise_cap_fen: i64,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub holding_days: i32,
    /// Category → subsidy in basis points; a category left empty is not eligible.
    pub categories: Vec<(Category, u32)>,
}

impl ProgrammeForm {
    /// Fields: `name_zh`, `name_en`, `budget` and `enterprise_cap` (whole yuan), `valid_from`,
    /// `valid_until` (YYYY-MM-DD), `holding_days`, and `subsidy.<category>` (whole percent).
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::default();
        let text = |field: &str| {
            let v = answer(answers, field);
            let n = v.chars().count();
            if (2..=100).contains(&n) && !v.chars().any(char::is_control) {
                Ok(v.to_string())
            } else {
                Err("market-programme-name")
            }
        };
        let name_zh = e.check("name_zh", text("name_zh"));
        let name_en = e.check("name_en", text("name_en"));
        let budget_fen = e.check("budget", yuan(answer(answers, "budget"), 10_000_000_000));
        let enterprise_cap_fen = e.check(
            "enterprise_cap",
            yuan(answer(answers, "enterprise_cap"), 100_000_000),
        );
        let date = |field: &str| {
            NaiveDate::parse_from_str(answer(answers, field), "%Y-%m-%d")
                .map_err(|_| "market-date-invalid")
        };
        let valid_from = e.check("valid_from", date("valid_from"));
        let valid_until = e.check("valid_until", date("valid_until"));
        if let (Some(from), Some(until)) = (valid_from, valid_until) {
            if until < from {
                e.0.push(FieldError::new("valid_until", "market-date-order"));
            }
        }
        let holding_days = e.check(
            "holding_days",
            answer(answers, "holding_days")
                .parse::<i32>()
                .ok()
                .filter(|d| (0..=366).contains(d))
                .ok_or("market-problem-number"),
        );
        let mut categories = Vec::new();
        for category in Category::ALL {
            let field = format!("subsidy.{}", category.as_str());
            let raw = answer(answers, &field);
            if raw.is_empty() {
                continue;
            }
            match raw.parse::<u32>().ok().filter(|p| (1..=100).contains(p)) {
                Some(percent) => categories.push((*category, percent * 100)),
                None => e.0.push(FieldError::new(&field, "market-subsidy-percent")),
            }
        }
        if categories.is_empty() {
            e.0.push(FieldError::new(
                "subsidy.accounting",
                "market-programme-no-category",
            ));
        }
        let value = match (
            name_zh,
            name_en,
            budget_fen,
            enterprise_cap_fen,
            valid_from,
            valid_until,
            holding_days,
        ) {
            (
                Some(name_zh),
                Some(name_en),
                Some(budget_fen),
                Some(cap),
                Some(from),
                Some(until),
                Some(holding_days),
            ) => Some(Self {
                name_zh,
                name_en,
                budget_fen,
                enterprise_cap_fen: cap,
                valid_from: from,
                valid_until: until,
                holding_days,
                categories,
            }),
            _ => None,
        };
        e.finish(value)
    }
}

/// Most seats one order may ask for (the listing's own bounds are narrower).
pub const MAX_QUANTITY: i32 = 100_000;

/// What an agent orders: a plan, a quantity, whether to use the voucher, and what they were
/// shown (the confirmation must match the price the server computes now).
#[derive(Clone, Debug, PartialEq)]
pub struct OrderForm {
    pub enterprise_id: uuid::Uuid,
    pub plan_code: String,
    pub quantity: i32,
    pub use_voucher: bool,
    pub listing_version: i32,
    pub expected_sme_fen: i64,
    pub expected_subsidy_fen: i64,
    pub idempotency_key: String,
}

impl OrderForm {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::default();
        let enterprise_id = e.check(
            "enterprise_id",
            answer(answers, "enterprise_id")
                .parse::<uuid::Uuid>()
                .map_err(|_| "market-enterprise-required"),
        );
        let plan_code = e.check(
            "plan",
            Some(answer(answers, "plan"))
                .filter(|p| !p.is_empty() && p.len() <= 32)
                .map(str::to_string)
                .ok_or("market-plan-required"),
        );
        let quantity = e.check(
            "quantity",
            answer(answers, "quantity")
                .parse::<i32>()
                .ok()
                .filter(|q| (1..=MAX_QUANTITY).contains(q))
                .ok_or("market-problem-plan-seats"),
        );
        let number = |field: &str| {
            answer(answers, field)
                .parse::<i64>()
                .ok()
                .filter(|v| *v >= 0)
        };
        let version = answer(answers, "listing_version").parse::<i32>().ok();
        let key = answer(answers, "idempotency_key");
        let key_ok = (8..=100).contains(&key.len())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        let expected = (
            number("expected_sme_fen"),
            number("expected_subsidy_fen"),
            version,
            key_ok,
        );
        let value = match (enterprise_id, plan_code, quantity, expected) {
            (
                Some(enterprise_id),
                Some(plan_code),
                Some(quantity),
                (Some(sme), Some(subsidy), Some(version), true),
            ) => Some(Self {
                enterprise_id,
                plan_code,
                quantity,
                use_voucher: checkbox(answers, "use_voucher"),
                listing_version: version,
                expected_sme_fen: sme,
                expected_subsidy_fen: subsidy,
                idempotency_key: key.to_string(),
            }),
            (_, _, _, (_, _, _, _)) if !e.0.is_empty() => None,
            _ => {
                // The hidden fields were tampered with or lost: ask to review the price again.
                e.0.push(FieldError::new("", "market-order-stale"));
                None
            }
        };
        e.finish(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_vendor_application_reports_every_bad_field() {
        let errors = VendorApplicationForm::parse(&answers(&[
            ("name", "x"),
            ("credit_code", "91350100M000100Y44"),
            ("mlps_level", "5"),
            ("username", "1bad"),
        ]))
        .err()
        .unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for field in [
            "name",
            "credit_code",
            "legal_rep",
            "contact_mobile",
            "contact_email",
            "mlps_level",
            "username",
            "password",
        ] {
            assert!(fields.contains(&field), "{field} not reported: {fields:?}");
        }
    }

    #[test]
    fn a_programme_needs_at_least_one_category_and_ordered_dates() {
        let errors = ProgrammeForm::parse(&answers(&[
            ("name_zh", "云服务券"),
            ("name_en", "Vouchers"),
            ("budget", "2000000"),
            ("enterprise_cap", "20000"),
            ("valid_from", "2026-12-31"),
            ("valid_until", "2026-01-01"),
            ("holding_days", "90"),
        ]))
        .err()
        .unwrap_or_default();
        let keys: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert!(keys.contains(&"market-date-order"));
        assert!(keys.contains(&"market-programme-no-category"));
        let ok = ProgrammeForm::parse(&answers(&[
            ("name_zh", "云服务券"),
            ("name_en", "Vouchers"),
            ("budget", "2,000,000"),
            ("enterprise_cap", "20000"),
            ("valid_from", "2026-01-01"),
            ("valid_until", "2026-12-31"),
            ("holding_days", "90"),
            ("subsidy.accounting", "50"),
        ]));
        let ok = ok.ok();
        assert_eq!(ok.as_ref().map(|p| p.budget_fen), Some(200_000_000));
        assert_eq!(
            ok.map(|p| p.categories),
            Some(vec![(Category::Accounting, 5000)])
        );
    }

    #[test]
    fn an_order_with_lost_hidden_fields_asks_to_review_the_price() {
        let errors = OrderForm::parse(&answers(&[
            ("enterprise_id", "00000000-0000-0000-0000-000000000001"),
            ("plan", "basic"),
            ("quantity", "3"),
        ]))
        .err()
        .unwrap_or_default();
        assert_eq!(
            errors.first().map(|e| e.code.as_str()),
            Some("market-order-stale")
        );
        let errors = OrderForm::parse(&answers(&[("quantity", "0")]))
            .err()
            .unwrap_or_default();
        assert!(errors.iter().any(|e| e.field == "quantity"));
    }

    #[test]
    fn reasons_are_bounded() {
        assert_eq!(parse_reason("  ", true), Err("market-reason-required"));
        assert_eq!(parse_reason("", false), Ok(None));
        assert_eq!(
            parse_reason(&"长".repeat(1001), true),
            Err("market-reason-too-long")
        );
    }
}
