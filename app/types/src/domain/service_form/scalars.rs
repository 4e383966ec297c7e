//! Checks of single values: text cleaning, numbers, dates, phones, e-mails, address halves.
use chrono::NaiveDate;

use super::problem::Problem;
use super::{
    code, district, DateRule, FieldKind, MAX_ADDRESS_DETAIL_CHARS, MAX_EMAIL_CHARS,
    MAX_NUMBER_CHARS,
};
use crate::domain::credit_code::CreditCode;
use crate::domain::mobile::MobileNumber;
use crate::domain::resident_id::ResidentId;

/// A number as people write it: `12`, `3.5`, `0.25`; never `12.0`, `1e3` or `inf`.
pub(super) fn plain_number(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else {
        // `Display` for floats prints the shortest round-tripping decimal, never an exponent.
        format!("{x}")
    }
}

/// Full-width ASCII (typed with a Chinese IME) to ASCII, ideographic space to space.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

pub(super) fn clean_line(s: &str) -> String {
    let line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    line.trim().to_string()
}

fn clean_multiline(s: &str) -> String {
    let text: String = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect();
    text.trim().to_string()
}

pub(super) fn clean_structured(s: &str) -> String {
    halfwidth(s).trim().to_string()
}

fn check_number(
    value: &str,
    min: Option<f64>,
    max: Option<f64>,
    integer: bool,
) -> Result<String, Problem> {
    let (sign, body) = match value.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", value.strip_prefix('+').unwrap_or(value)),
    };
    let well_formed = body.len() <= MAX_NUMBER_CHARS
        && body.bytes().any(|b| b.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().filter(|&b| b == b'.').count() <= 1;
    if !well_formed {
        return Err(Problem::new(code::NUMBER_INVALID));
    }
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let whole = if whole.is_empty() { "0" } else { whole };
    let text = if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    };
    let x: f64 = text
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite())
        .ok_or(Problem::new(code::NUMBER_INVALID))?;
    if integer && x.fract() != 0.0 {
        return Err(Problem::new(code::NUMBER_NOT_INTEGER));
    }
    if let Some(min) = min.filter(|&min| x < min) {
        return Err(Problem::with(
            code::NUMBER_BELOW_MIN,
            "min",
            plain_number(min),
        ));
    }
    if let Some(max) = max.filter(|&max| x > max) {
        return Err(Problem::with(
            code::NUMBER_ABOVE_MAX,
            "max",
            plain_number(max),
        ));
    }
    Ok(text)
}

/// `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    let [year, month, day] = *parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(year, 4..=4) && digits(month, 1..=2) && digits(day, 1..=2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn check_date(
    value: &str,
    min: Option<DateRule>,
    max: Option<DateRule>,
    today: NaiveDate,
) -> Result<String, Problem> {
    let date = parse_date(value).ok_or(Problem::new(code::DATE_INVALID))?;
    if let Some(min) = min.and_then(|r| r.resolve(today)).filter(|&m| date < m) {
        return Err(Problem::with(code::DATE_BEFORE_MIN, "date", min));
    }
    if let Some(max) = max.and_then(|r| r.resolve(today)).filter(|&m| date > m) {
        return Err(Problem::with(code::DATE_AFTER_MAX, "date", max));
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

/// A landline: area code (`010`, `02x`: three digits; other `0xxx`: four) and a 7–8 digit
/// subscriber number starting 2–9, with optional spaces, hyphens or parentheses.
/// Normalised to `0591-87654321`.
fn parse_landline(s: &str) -> Option<String> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    if digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let area_len = if digits.starts_with("010") || digits.starts_with("02") {
        3
    } else if digits.starts_with('0') && !digits.starts_with("00") && !digits.starts_with("01") {
        4
    } else {
        return None;
    };
    let (area, local) = (digits.get(..area_len)?, digits.get(area_len..)?);
    let local_ok = (7..=8).contains(&local.len()) && !local.starts_with(['0', '1']);
    local_ok.then(|| format!("{area}-{local}"))
}

fn parse_phone(s: &str) -> Option<String> {
    match MobileNumber::parse(s) {
        Ok(mobile) => Some(mobile.into_inner()),
        Err(_) => parse_landline(s),
    }
}

/// A sane address: one `@`, a non-empty local part without spaces or special characters, a
/// dotted domain of letters, digits and hyphens. The domain is lower-cased.
fn parse_email(s: &str) -> Option<String> {
    if s.chars().count() > MAX_EMAIL_CHARS || s.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local.contains(['@', '<', '>', '(', ')', '[', ']', '\\', ',', ';', ':', '"']);
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    (local_ok && domain_ok).then(|| format!("{local}@{}", domain.to_lowercase()))
}

fn required_code(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::SingleChoice { .. } | FieldKind::MultiChoice { .. } => code::CHOICE_REQUIRED,
        FieldKind::File { .. } => code::FILE_REQUIRED,
        FieldKind::Address => code::ADDRESS_DISTRICT_REQUIRED,
        _ => code::REQUIRED,
    }
}

/// A field with a single value (everything but multi-choice, file, address and group):
/// `Ok(None)` when it is empty and may be.
pub(super) fn check_scalar(
    kind: &FieldKind,
    required: bool,
    raw: &str,
    today: NaiveDate,
) -> Result<Option<String>, Problem> {
    let value = match kind {
        FieldKind::ShortText { .. } | FieldKind::SingleChoice { .. } => clean_line(raw),
        FieldKind::LongText { .. } => clean_multiline(raw),
        _ => clean_structured(raw),
    };
    if value.is_empty() {
        return if required {
            Err(Problem::new(required_code(kind)))
        } else {
            Ok(None)
        };
    }
    let clean = match kind {
        FieldKind::ShortText { max_chars } | FieldKind::LongText { max_chars } => {
            if value.chars().count() > *max_chars as usize {
                return Err(Problem::with(code::TOO_LONG, "max", max_chars));
            }
            value
        }
        FieldKind::Number { min, max, integer } => check_number(&value, *min, *max, *integer)?,
        FieldKind::Date { min, max } => check_date(&value, *min, *max, today)?,
        FieldKind::SingleChoice { options } => {
            if !options.iter().any(|o| o.value == value) {
                return Err(Problem::new(code::CHOICE_INVALID));
            }
            value
        }
        FieldKind::ResidentId => ResidentId::parse_on(&value, today)
            .map_err(|e| Problem::new(e.code()))?
            .into_inner(),
        FieldKind::CreditCode => CreditCode::parse(&value)
            .map_err(|e| Problem::new(e.code()))?
            .into_inner(),
        FieldKind::Phone => parse_phone(&value).ok_or(Problem::new(code::PHONE_INVALID))?,
        FieldKind::Email => parse_email(&value).ok_or(Problem::new(code::EMAIL_INVALID))?,
        FieldKind::MultiChoice { .. }
        | FieldKind::Address
        | FieldKind::File { .. }
        | FieldKind::Group { .. } => return Ok(None),
    };
    Ok(Some(clean))
}

pub(super) fn check_district(needed: bool, raw: &str) -> Result<Option<String>, Problem> {
    let code = clean_structured(raw);
    if code.is_empty() {
        return if needed {
            Err(Problem::new(code::ADDRESS_DISTRICT_REQUIRED))
        } else {
            Ok(None)
        };
    }
    match district(&code) {
        Some(d) => Ok(Some(d.code.to_string())),
        None => Err(Problem::new(code::ADDRESS_DISTRICT_INVALID)),
    }
}

pub(super) fn check_detail(needed: bool, raw: &str) -> Result<Option<String>, Problem> {
    let detail = clean_line(raw);
    if detail.is_empty() {
        return if needed {
            Err(Problem::new(code::ADDRESS_DETAIL_REQUIRED))
        } else {
            Ok(None)
        };
    }
    if detail.chars().count() > MAX_ADDRESS_DETAIL_CHARS {
        return Err(Problem::with(
            code::TOO_LONG,
            "max",
            MAX_ADDRESS_DETAIL_CHARS,
        ));
    }
    Ok(Some(detail))
}
