//! Attachment rows: who may download a file, the files of a case's fields, their removal and
//! recording, and the wallet certificates chosen for a file field. The stored objects
//! themselves are the caller's (server::files).
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A file the requesting user may download.
#[derive(sqlx::FromRow)]
pub struct ReachableFile {
    pub case_id: Uuid,
    pub field_key: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
}

/// The file, when its case is within reach of the user (`kind`: `applicant` or `clerk`, see
/// [`crate::cases::reach_condition`]).
pub async fn reachable(
    pool: &PgPool,
    kind: &str,
    account_id: Uuid,
    department: Option<&str>,
    attachment_id: Uuid,
) -> Result<Option<ReachableFile>, sqlx::Error> {
    // Runtime SQL: the reach condition is shared text, spliced in.
    let sql = format!(
        "select a.case_id, a.field_key, a.original_name, a.content_type, a.size_bytes, a.storage_key
         from attachments a join cases c on c.id = a.case_id
         where a.id = $4 and {}",
        crate::cases::reach_condition(1, 2, 3)
    );
    sqlx::query_as::<_, ReachableFile>(&sql)
        .bind(kind)
        .bind(account_id)
        .bind(department)
        .bind(attachment_id)
        .fetch_optional(pool)
        .await
}

/// A file as a department system downloads it.
pub struct DepartmentFile {
    pub case_id: Uuid,
    pub department_code: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
}

/// The file with the department its case belongs to: one of the case's, or one replaced in a
/// supplement and not yet pruned (a URL handed out for it works until it expires).
pub async fn for_department(
    pool: &PgPool,
    attachment_id: Uuid,
) -> Result<Option<DepartmentFile>, sqlx::Error> {
    sqlx::query_as!(
        DepartmentFile,
        r#"select a.case_id as "case_id!", c.department_code as "department_code!",
                  a.content_type as "content_type!", a.size_bytes as "size_bytes!",
                  a.storage_key as "storage_key!"
           from attachments a join cases c on c.id = a.case_id where a.id = $1
           union all
           select case_id, department_code, content_type, size_bytes, storage_key
           from retired_attachments where id = $1
           limit 1"#,
        attachment_id,
    )
    .fetch_optional(pool)
    .await
}

/// Forgets files replaced more than `max_age_secs` ago (every URL handed out for them has
/// expired); returns the storage keys no case's file uses any more, to delete.
pub async fn prune_retired(pool: &PgPool, max_age_secs: f64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"with pruned as (
             delete from retired_attachments
             where retired_at < now() - make_interval(secs => $1) returning storage_key)
           select distinct p.storage_key as "storage_key!" from pruned p
           where not exists (select 1 from attachments a where a.storage_key = p.storage_key)
             -- The statement sees the table as before its delete: only the kept rows count.
             and not exists (select 1 from retired_attachments r
                             where r.storage_key = p.storage_key
                               and r.retired_at >= now() - make_interval(secs => $1))"#,
        max_age_secs,
    )
    .fetch_all(pool)
    .await
}

/// The fields of the case that have files.
pub async fn fields_with_files(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "select distinct field_key from attachments where case_id = $1",
        case_id,
    )
    .fetch_all(&mut *conn)
    .await
}

/// The field of each of these files that belongs to the case (others are left out).
pub async fn fields_of(
    conn: &mut PgConnection,
    case_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "select id, field_key from attachments where case_id = $1 and id = any($2)",
        case_id,
        ids,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.field_key)).collect())
}

/// Removes the case's rows of these files; returns the storage keys no other row uses (a
/// bundle's children share the files uploaded once on the combined form).
pub async fn remove_unshared(
    conn: &mut PgConnection,
    case_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"with removed as (
             delete from attachments where case_id = $1 and id = any($2) returning storage_key)
         select distinct r.storage_key as "storage_key!" from removed r
         where not exists (select 1 from attachments a where a.storage_key = r.storage_key
                             and not (a.case_id = $1 and a.id = any($2)))"#,
        case_id,
        ids,
    )
    .fetch_all(&mut *conn)
    .await
}

/// Removes the case's rows of these files; returns their storage keys.
pub async fn remove(
    conn: &mut PgConnection,
    case_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "delete from attachments where case_id = $1 and id = any($2) returning storage_key",
        case_id,
        ids,
    )
    .fetch_all(&mut *conn)
    .await
}

/// How many files the case has in the field.
pub async fn count_in_field(
    conn: &mut PgConnection,
    case_id: Uuid,
    field_key: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "count!" from attachments where case_id = $1 and field_key = $2"#,
        case_id,
        field_key,
    )
    .fetch_one(&mut *conn)
    .await
}

/// A stored file to record on a case.
pub struct NewAttachment<'a> {
    pub case_id: Uuid,
    pub field_key: &'a str,
    pub original_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub uploaded_by: Uuid,
}

/// Records the file under a new random id.
pub async fn insert(conn: &mut PgConnection, file: &NewAttachment<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into attachments (id, case_id, field_key, original_name, content_type,
                                  size_bytes, sha256, storage_key, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        uuid::Builder::from_random_bytes(rand::random()).into_uuid(),
        file.case_id,
        file.field_key,
        file.original_name,
        file.content_type,
        file.size_bytes,
        file.sha256,
        file.storage_key,
        file.uploaded_by,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces the wallet certificates attached to a file field by the chosen ones that are the
/// applicant's (or the case's enterprise's) own, of `cert_type`, valid and not revoked.
pub async fn set_wallet_certificates(
    conn: &mut PgConnection,
    case_id: Uuid,
    field_key: &str,
    chosen: &[Uuid],
    cert_type: &str,
    account_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from case_certificates where case_id = $1 and field_key = $2",
        case_id,
        field_key,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into case_certificates (case_id, field_key, certificate_id)
         select $1, $2, c.id from certificates c
         where c.id = any($3) and c.cert_type = $4 and c.revoked_at is null
           and (c.valid_until is null or c.valid_until >= (now() at time zone 'Asia/Shanghai')::date)
           and (c.holder_person_id = (select person_id from accounts where id = $5)
                or c.holder_enterprise_id = (select enterprise_id from cases where id = $1))",
        case_id,
        field_key,
        chosen,
        cert_type,
        account_id,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
