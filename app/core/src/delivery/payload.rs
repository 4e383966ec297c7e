//! The case data a department system receives with an outbox row, read as the case is now
//! (server::routing::payload turns it into the protocol's JSON).
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// A case as the payload describes it.
pub struct PayloadCase {
    pub case_number: Option<String>,
    pub service_code: String,
    pub name_zh: String,
    pub department_code: String,
    pub submitted_at: DateTime<Utc>,
    pub promised_days: i32,
    pub answers: serde_json::Value,
    pub person_name: Option<String>,
    pub id_number: Option<String>,
    pub mobile: Option<String>,
    pub enterprise_name: Option<String>,
    pub credit_code: Option<String>,
}

/// A file attached to the case.
pub struct PayloadFile {
    pub id: Uuid,
    pub field_key: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// When the case event happened and its reason (`RowNotFound` when it is gone).
pub async fn case_event(
    conn: &mut PgConnection,
    case_event_id: i64,
) -> Result<(DateTime<Utc>, String), sqlx::Error> {
    let row = sqlx::query!(
        r#"select occurred_at as "occurred_at: DateTime<Utc>", reason
           from case_events where id = $1"#,
        case_event_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.occurred_at, row.reason))
}

/// The case with its service and applicant (`RowNotFound` when it is gone).
pub async fn case_for_payload(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> Result<PayloadCase, sqlx::Error> {
    sqlx::query_as!(
        PayloadCase,
        r#"select c.case_number, c.service_code, s.name_zh, c.department_code,
                coalesce(c.submitted_at, c.created_at) as "submitted_at!: DateTime<Utc>", s.promised_days,
                c.answers, p.real_name as "person_name?", p.id_number as "id_number?",
                p.mobile as "mobile?", e.name as "enterprise_name?",
                e.credit_code as "credit_code?"
         from cases c
         join services s on s.code = c.service_code
         join accounts a on a.id = c.applicant_account_id
         left join people p on p.id = a.person_id
         left join enterprises e on e.id = c.enterprise_id
         where c.id = $1"#,
        case_id,
    )
    .fetch_one(&mut *conn)
    .await
}

/// The case's files in upload order.
pub async fn case_files(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> Result<Vec<PayloadFile>, sqlx::Error> {
    sqlx::query_as!(
        PayloadFile,
        "select id, field_key, original_name, content_type, size_bytes, sha256
         from attachments where case_id = $1 order by uploaded_at, id",
        case_id,
    )
    .fetch_all(&mut *conn)
    .await
}

/// A wallet certificate given for a file field of the case.
pub struct PayloadCertificate {
    pub field_key: String,
    pub cert_type: String,
    pub name_zh: String,
    pub holder_name: String,
    pub verification_code: String,
    pub issued_on: chrono::NaiveDate,
    pub valid_until: Option<chrono::NaiveDate>,
}

/// The wallet certificates given for the case's file fields, by field.
pub async fn case_certificates(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> Result<Vec<PayloadCertificate>, sqlx::Error> {
    sqlx::query_as!(
        PayloadCertificate,
        r#"select cc.field_key, c.cert_type, c.name_zh, c.holder_name, c.verification_code,
                  c.issued_on as "issued_on: chrono::NaiveDate",
                  c.valid_until as "valid_until: chrono::NaiveDate"
           from case_certificates cc join certificates c on c.id = cc.certificate_id
           where cc.case_id = $1 order by cc.field_key, c.verification_code"#,
        case_id,
    )
    .fetch_all(&mut *conn)
    .await
}
