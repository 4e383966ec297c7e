//! Certificates kept back because their holder is below the certificate level: the approval
//! stands, the certificate waits, and it is issued (and the applicant told) in the transaction
//! that raises the person's level, by the population register or at a counter.
use super::{issue_for_case, IssuedCertificate};
use crate::error::InternalError;
use crate::notifications::{self, CaseNotice};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The notification and e-mail template of a certificate issued after the approval.
pub const RELEASED_TEMPLATE: &str = "case-certificate-issued";

pub(super) async fn withhold(
    conn: &mut PgConnection,
    case_id: Uuid,
    valid_until: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into withheld_certificates (case_id, valid_until) values ($1, $2)
         on conflict (case_id) do nothing",
    )
    .bind(case_id)
    .bind(valid_until)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the case's certificate waits for its applicant's level.
pub async fn is_withheld(pool: &PgPool, case_id: Uuid) -> Result<bool, InternalError> {
    let waiting: bool = sqlx::query_scalar(
        "select exists (select 1 from withheld_certificates
                        where case_id = $1 and released_at is null)",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await?;
    Ok(waiting)
}

#[derive(sqlx::FromRow)]
struct Waiting {
    case_id: Uuid,
    valid_until: Option<NaiveDate>,
    applicant_account_id: Uuid,
    case_number: Option<String>,
    service_zh: String,
    service_en: String,
}

/// Issues the certificates withheld from `person_id`'s cases, in the caller's transaction,
/// after it raised the person's level; each applicant is told. Returns what was issued
/// (nothing while the level is still too low).
pub async fn release(
    conn: &mut PgConnection,
    person_id: Uuid,
) -> Result<Vec<IssuedCertificate>, InternalError> {
    let waiting = sqlx::query_as::<_, Waiting>(
        "select w.case_id, w.valid_until, c.applicant_account_id, c.case_number,
                s.name_zh as service_zh, s.name_en as service_en
         from withheld_certificates w
         join cases c on c.id = w.case_id
         join services s on s.code = c.service_code
         join accounts a on a.id = c.applicant_account_id
         where a.person_id = $1 and w.released_at is null and c.enterprise_id is null
         order by w.withheld_at
         for update of w",
    )
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut issued = Vec::with_capacity(waiting.len());
    for case in waiting {
        let Some(certificate) = issue_for_case(conn, case.case_id, case.valid_until).await? else {
            continue;
        };
        sqlx::query("update withheld_certificates set released_at = now() where case_id = $1")
            .bind(case.case_id)
            .execute(&mut *conn)
            .await?;
        let notice = CaseNotice {
            case_number: case.case_number.unwrap_or_default(),
            service_zh: case.service_zh,
            service_en: case.service_en,
            reason: String::new(),
            case_path: format!("/cases/{}", case.case_id),
        };
        notifications::notify(
            conn,
            case.applicant_account_id,
            case.case_id,
            RELEASED_TEMPLATE,
            &notice,
        )
        .await?;
        issued.push(certificate);
    }
    Ok(issued)
}
