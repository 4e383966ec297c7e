//! What the printable receipt of a submitted case shows (server::web::receipt renders it): the
//! case, its uploaded files and the wallet certificates attached instead of files.
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// The case facts of a receipt.
#[derive(sqlx::FromRow)]
pub struct ReceiptCase {
    pub case_number: Option<String>,
    pub service_code: String,
    pub form_version: i32,
    pub state: String,
    pub service_zh: String,
    pub service_en: String,
    pub department_zh: String,
    pub department_en: String,
    pub promised_days: i32,
    pub statutory_days: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub accepted_on: Option<NaiveDate>,
    pub decided_at: Option<DateTime<Utc>>,
    pub enterprise_name: Option<String>,
    pub credit_code: Option<String>,
    pub applicant_name: String,
    pub applicant_id_number: Option<String>,
}

/// The case, when it is submitted (not a draft) and the account is its applicant or an active
/// agent of its enterprise.
pub async fn submitted_case(
    pool: &PgPool,
    account_id: Uuid,
    case_id: Uuid,
) -> Result<Option<ReceiptCase>, sqlx::Error> {
    // Runtime SQL: the reach condition is shared text, spliced in.
    let sql = format!(
        "select c.case_number, c.service_code, c.form_version, c.state,
                s.name_zh as service_zh, s.name_en as service_en,
                d.name_zh as department_zh, d.name_en as department_en, s.promised_days, s.statutory_days,
                c.submitted_at, c.accepted_on, c.decided_at,
                e.name as enterprise_name, e.credit_code,
                coalesce(p.real_name, a.display_name) as applicant_name,
                p.id_number as applicant_id_number
         from cases c
         join services s on s.code = c.service_code
         join departments d on d.code = c.department_code
         join accounts a on a.id = c.applicant_account_id
         left join people p on p.id = a.person_id
         left join enterprises e on e.id = c.enterprise_id
         where c.id = $4 and c.state <> 'draft' and {}",
        crate::cases::reach_condition(1, 2, 3)
    );
    sqlx::query_as::<_, ReceiptCase>(&sql)
        .bind("applicant")
        .bind(account_id)
        .bind(Option::<String>::None)
        .bind(case_id)
        .fetch_optional(pool)
        .await
}

/// (field, file name, size in bytes) of each uploaded file, in upload order.
pub async fn files(
    pool: &PgPool,
    case_id: Uuid,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        "select field_key, original_name, size_bytes from attachments
         where case_id = $1 order by uploaded_at, id",
        case_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.field_key, r.original_name, r.size_bytes))
        .collect())
}

/// (field, name in Chinese, name in English, verification code) of each wallet certificate
/// attached to a field, oldest first.
pub async fn wallet_certificates(
    pool: &PgPool,
    case_id: Uuid,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "select cc.field_key, c.name_zh, c.name_en, c.verification_code
         from case_certificates cc join certificates c on c.id = cc.certificate_id
         where cc.case_id = $1 order by c.issued_on, c.id",
        case_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.field_key, r.name_zh, r.name_en, r.verification_code))
        .collect())
}
