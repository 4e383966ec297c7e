//! E-certificates (电子证照): issued when a case of a certifying service is approved, verified
//! publicly by their code (with the holder's data masked), and listed in the holder's wallet.
//!
//! A verification code is 16 characters of Crockford's base32 alphabet (no I, L, O, U), random.
//! People may type it in lower case, with spaces or hyphens, and confuse O/0 and I/L/1: the
//! code is normalised before it is looked up. It is shown grouped, `ABCD-EFGH-JKMN-PQRS`.
pub mod withheld;

use super::error::InternalError;
use chrono::NaiveDate;
use portal_types::domain::real_name::{may_hold_certificate, RealNameLevel};
use portal_types::domain::resident_id::ResidentId;
use portal_types::Text;
use rand::Rng;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Crockford's base32 alphabet: digits and letters without I, L, O and U.
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const CODE_LENGTH: usize = 16;

/// How often a fresh code is drawn when it collides with an existing one (2^-80 each time).
const CODE_ATTEMPTS: usize = 5;

/// A certificate just issued (or found already issued) for a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedCertificate {
    pub id: Uuid,
    pub verification_code: String,
    pub cert_type: String,
    pub name: Text,
    pub holder_name: String,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// Whether a certificate can be relied on today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertificateStatus {
    Valid,
    /// Past its `valid_until` date.
    Expired,
    /// Withdrawn by the issuing department (`revoked_at` set), whatever its dates.
    Revoked,
}

impl CertificateStatus {
    pub fn of(revoked: bool, valid_until: Option<NaiveDate>, today: NaiveDate) -> Self {
        if revoked {
            Self::Revoked
        } else if valid_until.is_some_and(|until| until < today) {
            Self::Expired
        } else {
            Self::Valid
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

    /// Fluent id of the status' name (`app/locales/*/documents.ftl`).
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Valid => "doc-status-valid",
            Self::Expired => "doc-status-expired",
            Self::Revoked => "doc-status-revoked",
        }
    }
}

/// What the public verification page may show: nothing beyond masked personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedCertificate {
    pub verification_code: String,
    pub cert_type: String,
    pub name: Text,
    /// A person's name masked (`张*`); an enterprise's name in full (it is public).
    pub holder_name: String,
    /// Resident ID `110***********002X`, credit code `9111***X2`.
    pub holder_id_number: String,
    pub holder_is_enterprise: bool,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub status: CertificateStatus,
}

/// One certificate in a holder's wallet (their own data, unmasked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletEntry {
    pub id: Uuid,
    pub verification_code: String,
    pub cert_type: String,
    pub name: Text,
    pub holder_name: String,
    pub holder_is_enterprise: bool,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub status: CertificateStatus,
    pub case_id: Option<Uuid>,
}

/// The name of a certificate type; `None` for a type this map does not know yet.
pub fn type_name(cert_type: &str) -> Option<Text> {
    let (zh, en) = match cert_type {
        "business_licence" => ("营业执照", "Business licence"),
        "food_business_permit" => ("食品经营许可证", "Food business permit"),
        "birth_certificate" => ("出生医学证明", "Medical birth certificate"),
        "social_security_card" => ("社会保障卡", "Social security card"),
        "resident_id_card" => ("居民身份证", "Resident identity card"),
        "household_register" => ("居民户口簿", "Household register"),
        "marriage_certificate" => ("结婚证", "Marriage certificate"),
        "no_criminal_record" => ("无犯罪记录证明", "Certificate of no criminal record"),
        "public_place_hygiene_permit" => ("公共场所卫生许可证", "Public place hygiene permit"),
        "construction_permit" => ("建筑工程施工许可证", "Construction permit"),
        _ => return None,
    };
    Some(Text::new(zh, en))
}

/// A fresh random verification code.
pub fn new_code() -> String {
    let mut rng = rand::thread_rng();
    (0..CODE_LENGTH)
        .map(|_| char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// The code as stored: upper case, without spaces and hyphens, with the letters people confuse
/// with digits read as those digits (O → 0, I/L → 1). `None` if it cannot be a code.
pub fn normalise_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let well_formed = code.len() == CODE_LENGTH && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    well_formed.then_some(code)
}

/// The code in groups of four for people to read and type: `ABCD-EFGH-JKMN-PQRS`.
pub fn display_code(code: &str) -> String {
    code.chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A person's name with all but its first character hidden: 张三 → 张*, 欧阳娜娜 → 欧***.
pub fn mask_person_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// A resident ID number with all but the first 3 and last 4 characters hidden.
pub fn mask_id_number(id_number: &str) -> String {
    match ResidentId::parse(id_number) {
        Ok(id) => id.masked(),
        Err(_) => mask_keeping(id_number.trim(), 3, 4),
    }
}

/// A unified social credit code shown as its first 4 and last 2 characters: `9111***X2`.
pub fn mask_credit_code(code: &str) -> String {
    let chars: Vec<char> = code.trim().chars().collect();
    if chars.len() <= 6 {
        return "***".to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}***{tail}")
}

fn mask_keeping(text: &str, head: usize, tail: usize) -> String {
    let count = text.chars().count();
    if count <= head + tail {
        return "*".repeat(count.max(3));
    }
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if i < head || i + tail >= count {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct CaseForIssue {
    state: String,
    issues_cert_type: Option<String>,
    service_zh: String,
    service_en: String,
    enterprise_id: Option<Uuid>,
    enterprise_name: Option<String>,
    credit_code: Option<String>,
    person_id: Option<Uuid>,
    real_name: Option<String>,
    id_number: Option<String>,
    real_name_level: Option<i16>,
    today: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct CertificateRow {
    id: Uuid,
    verification_code: String,
    cert_type: String,
    name_zh: String,
    name_en: String,
    holder_enterprise_id: Option<Uuid>,
    holder_name: String,
    holder_id_number: String,
    case_id: Option<Uuid>,
    issued_on: NaiveDate,
    valid_until: Option<NaiveDate>,
    revoked: bool,
    today: NaiveDate,
}

const CERTIFICATE_COLUMNS: &str = "id, verification_code, cert_type, name_zh, name_en,
    holder_enterprise_id, holder_name, holder_id_number, case_id, issued_on, valid_until,
    revoked_at is not null as revoked, (now() at time zone 'Asia/Shanghai')::date as today";

impl CertificateRow {
    fn status(&self) -> CertificateStatus {
        CertificateStatus::of(self.revoked, self.valid_until, self.today)
    }

    fn issued(self) -> IssuedCertificate {
        IssuedCertificate {
            id: self.id,
            verification_code: self.verification_code,
            cert_type: self.cert_type,
            name: Text::new(self.name_zh, self.name_en),
            holder_name: self.holder_name,
            issued_on: self.issued_on,
            valid_until: self.valid_until,
        }
    }

    fn wallet_entry(self) -> WalletEntry {
        let status = self.status();
        WalletEntry {
            id: self.id,
            verification_code: self.verification_code,
            cert_type: self.cert_type,
            name: Text::new(self.name_zh, self.name_en),
            holder_name: self.holder_name,
            holder_is_enterprise: self.holder_enterprise_id.is_some(),
            issued_on: self.issued_on,
            valid_until: self.valid_until,
            status,
            case_id: self.case_id,
        }
    }
}

/// Issues the e-certificate of an approved case, in the caller's transaction (the one that
/// applies `Approve`, on `Effect::IssueResult`). The holder is the case's enterprise when it was
/// filed for one, else the applicant. `None` when the case's service issues no certificate (or
/// the case is not approved: call this after applying `Approve`), and when the applicant is
/// below the certificate level: then it is withheld until the level rises ([`withheld`]). Issuing twice for one case returns the certificate issued the first time.
pub async fn issue_for_case(
    conn: &mut PgConnection,
    case_id: Uuid,
    valid_until: Option<NaiveDate>,
) -> Result<Option<IssuedCertificate>, InternalError> {
    let Some(case) = sqlx::query_as::<_, CaseForIssue>(
        "select c.state, s.issues_cert_type, s.name_zh as service_zh, s.name_en as service_en,
                c.enterprise_id, e.name as enterprise_name, e.credit_code,
                p.id as person_id, p.real_name, p.id_number, p.real_name_level,
                (now() at time zone 'Asia/Shanghai')::date as today
         from cases c
         join services s on s.code = c.service_code
         join accounts a on a.id = c.applicant_account_id
         left join people p on p.id = a.person_id
         left join enterprises e on e.id = c.enterprise_id
         where c.id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        tracing::warn!(%case_id, "certificate requested for an unknown case");
        return Ok(None);
    };
    let Some(cert_type) = case.issues_cert_type else {
        return Ok(None);
    };
    if case.state != "approved" {
        tracing::warn!(%case_id, state = %case.state, "certificate requested for an unapproved case");
        return Ok(None);
    }
    let existing = sqlx::query_as::<_, CertificateRow>(&format!(
        "select {CERTIFICATE_COLUMNS} from certificates where case_id = $1
         order by issued_on, id limit 1"
    ))
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(existing) = existing {
        return Ok(Some(existing.issued()));
    }
    let holder = match (case.enterprise_id, case.enterprise_name, case.credit_code) {
        (Some(id), Some(name), Some(code)) => Some((None, Some(id), name, code)),
        _ => match (case.person_id, case.real_name, case.id_number) {
            (Some(id), Some(name), Some(number)) => Some((Some(id), None, name, number)),
            _ => None,
        },
    };
    let Some((person_id, enterprise_id, holder_name, holder_id_number)) = holder else {
        tracing::warn!(%case_id, "the case has no holder for a certificate");
        return Ok(None);
    };
    let level = RealNameLevel::from_number(case.real_name_level.unwrap_or_default());
    if person_id.is_some() && !may_hold_certificate(level) {
        withheld::withhold(conn, case_id, valid_until).await?;
        return Ok(None);
    }
    let name = type_name(&cert_type).unwrap_or_else(|| {
        Text::new(
            format!("{}电子证照", case.service_zh),
            format!("{} e-certificate", case.service_en),
        )
    });
    for _ in 0..CODE_ATTEMPTS {
        let code = new_code();
        let id: Option<Uuid> = sqlx::query_scalar(
            "insert into certificates
                (verification_code, cert_type, name_zh, name_en, holder_person_id,
                 holder_enterprise_id, holder_name, holder_id_number, case_id, issued_on, valid_until)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             on conflict (verification_code) do nothing
             returning id",
        )
        .bind(&code)
        .bind(&cert_type)
        .bind(&name.zh)
        .bind(&name.en)
        .bind(person_id)
        .bind(enterprise_id)
        .bind(&holder_name)
        .bind(&holder_id_number)
        .bind(case_id)
        .bind(case.today)
        .bind(valid_until)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = id {
            return Ok(Some(IssuedCertificate {
                id,
                verification_code: code,
                cert_type,
                name,
                holder_name,
                issued_on: case.today,
                valid_until,
            }));
        }
    }
    Err(InternalError::Database(sqlx::Error::Protocol(
        "no unused certificate verification code found".into(),
    )))
}

/// Looks a certificate up by the code a person typed (normalised, see [`normalise_code`]).
pub async fn verify(
    pool: &PgPool,
    code: &str,
) -> Result<Option<VerifiedCertificate>, InternalError> {
    let Some(code) = normalise_code(code) else {
        return Ok(None);
    };
    let row = sqlx::query_as::<_, CertificateRow>(&format!(
        "select {CERTIFICATE_COLUMNS} from certificates where verification_code = $1"
    ))
    .bind(&code)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        let status = row.status();
        let enterprise = row.holder_enterprise_id.is_some();
        VerifiedCertificate {
            verification_code: row.verification_code,
            cert_type: row.cert_type,
            name: Text::new(row.name_zh, row.name_en),
            holder_name: if enterprise {
                row.holder_name
            } else {
                mask_person_name(&row.holder_name)
            },
            holder_id_number: if enterprise {
                mask_credit_code(&row.holder_id_number)
            } else {
                mask_id_number(&row.holder_id_number)
            },
            holder_is_enterprise: enterprise,
            issued_on: row.issued_on,
            valid_until: row.valid_until,
            status,
        }
    }))
}

/// The certificates an account holds: its person's, and those of the enterprises it is an
/// active agent of. Newest first.
pub async fn wallet(pool: &PgPool, account_id: Uuid) -> Result<Vec<WalletEntry>, InternalError> {
    let rows = sqlx::query_as::<_, CertificateRow>(&format!(
        "select {CERTIFICATE_COLUMNS} from certificates
         where holder_person_id = (select person_id from accounts where id = $1)
            or holder_enterprise_id in (select enterprise_id from enterprise_agents
                                        where account_id = $1 and status = 'active')
         order by issued_on desc, name_zh, id"
    ))
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(CertificateRow::wallet_entry).collect())
}

/// The certificates issued for a case. The caller has checked that the reader may reach it.
pub async fn of_case(pool: &PgPool, case_id: Uuid) -> Result<Vec<WalletEntry>, InternalError> {
    let rows = sqlx::query_as::<_, CertificateRow>(&format!(
        "select {CERTIFICATE_COLUMNS} from certificates where case_id = $1 order by issued_on, id"
    ))
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(CertificateRow::wallet_entry).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        for _ in 0..200 {
            let code = new_code();
            assert_eq!(code.len(), CODE_LENGTH);
            assert!(!code.contains(['I', 'L', 'O', 'U']), "{code}");
            assert_eq!(normalise_code(&code).as_deref(), Some(code.as_str()));
        }
        assert_ne!(new_code(), new_code());
    }

    #[test]
    fn typed_codes_are_normalised() {
        let code = "ABCD0123EFGH4567";
        assert_eq!(normalise_code("abcd-0123-efgh-4567").as_deref(), Some(code));
        assert_eq!(
            normalise_code(" ABCD 0123 EFGH 4567 ").as_deref(),
            Some(code)
        );
        assert_eq!(
            normalise_code("ABCDO123EFGH4567").as_deref(),
            Some(code),
            "O is 0"
        );
        assert_eq!(
            normalise_code("abcd-l1i1-efgh").as_deref(),
            None,
            "too short"
        );
        assert_eq!(
            normalise_code("ABCD0123EFGH456U"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(normalise_code("ABCD0123EFGH456é"), None);
        assert_eq!(normalise_code(""), None);
        assert_eq!(display_code(code), "ABCD-0123-EFGH-4567");
    }

    #[test]
    fn holder_data_is_masked() {
        assert_eq!(mask_person_name("张三"), "张*");
        assert_eq!(mask_person_name("李小龙"), "李**");
        assert_eq!(mask_person_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_person_name(""), "");
        assert_eq!(mask_id_number("11010519491231002X"), "110***********002X");
        assert_eq!(mask_id_number("110105194912310021"), "110***********0021");
        assert_eq!(mask_credit_code("91350100MA2XYZ1234"), "9135***34");
        assert_eq!(mask_credit_code("123"), "***");
    }

    #[test]
    fn status_follows_revocation_then_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        let yesterday = today.pred_opt().unwrap_or_default();
        assert_eq!(
            CertificateStatus::of(false, None, today),
            CertificateStatus::Valid
        );
        assert_eq!(
            CertificateStatus::of(false, Some(today), today),
            CertificateStatus::Valid,
            "valid through its last day"
        );
        assert_eq!(
            CertificateStatus::of(false, Some(yesterday), today),
            CertificateStatus::Expired
        );
        assert_eq!(
            CertificateStatus::of(true, None, today),
            CertificateStatus::Revoked
        );
    }

    #[test]
    fn every_seeded_type_has_a_name() {
        for cert_type in [
            "business_licence",
            "food_business_permit",
            "birth_certificate",
            "social_security_card",
            "resident_id_card",
            "marriage_certificate",
            "no_criminal_record",
            "public_place_hygiene_permit",
            "construction_permit",
        ] {
            assert!(type_name(cert_type).is_some(), "{cert_type}");
        }
        assert!(type_name("unknown").is_none());
    }
}
