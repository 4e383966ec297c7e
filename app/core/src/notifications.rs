//! In-app notifications and the e-mails that go with them. Written in the caller's transaction
//! (the same one as the case change that causes them); the mail worker sends the e-mails later.
use super::error::InternalError;
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// What a notification or e-mail about a case needs to say.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseNotice {
    pub case_number: String,
    pub service_zh: String,
    pub service_en: String,
    pub reason: String,
    pub case_path: String,
}

/// Tells `account_id` about a case, while it can still see the case: one in-app notification
/// and, when the account has an e-mail address, one e-mail in the account's language. An
/// enterprise's case whose filing agent has since been revoked is told to the enterprise's
/// active admins instead (its reasons are the enterprise's business, no longer theirs).
pub async fn notify(
    conn: &mut PgConnection,
    account_id: Uuid,
    case_id: Uuid,
    template: &str,
    notice: &CaseNotice,
) -> Result<(), InternalError> {
    let recipients = sqlx::query_scalar!(
        r#"with revoked as (
             select c.enterprise_id from cases c
             where c.id = $2 and c.enterprise_id is not null and c.applicant_account_id = $1
               and not exists (select 1 from enterprise_agents g
                               where g.enterprise_id = c.enterprise_id and g.account_id = $1
                                 and g.status = 'active'))
           select a.id as "id!" from accounts a
           where a.id = $1 and not a.disabled and not exists (select 1 from revoked)
           union
           select g.account_id from revoked r
           join enterprise_agents g on g.enterprise_id = r.enterprise_id
           join accounts a on a.id = g.account_id
           where g.is_admin and g.status = 'active' and not a.disabled"#,
        account_id,
        case_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    for recipient in recipients {
        notify_one(conn, recipient, case_id, template, notice).await?;
    }
    Ok(())
}

async fn notify_one(
    conn: &mut PgConnection,
    account_id: Uuid,
    case_id: Uuid,
    template: &str,
    notice: &CaseNotice,
) -> Result<(), InternalError> {
    let params = serde_json::to_value(notice).unwrap_or_default();
    let notification_id: i64 = sqlx::query_scalar(
        "insert into notifications (account_id, case_id, template, params)
         values ($1, $2, $3, $4) returning id",
    )
    .bind(account_id)
    .bind(case_id)
    .bind(template)
    .bind(&params)
    .fetch_one(&mut *conn)
    .await?;
    let queued = sqlx::query(
        "insert into email_outbox (notification_id, to_address, locale, template, params)
         select $1, email, coalesce(locale, 'zh-CN'), $2, $3
         from accounts where id = $4 and email is not null",
    )
    .bind(notification_id)
    .bind(template)
    .bind(&params)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    if queued.rows_affected() > 0 {
        wake_mail_worker(conn).await?;
    }
    Ok(())
}

/// Tells every active operator (an alert about the portal itself, about no case): one in-app
/// notification each and, for those with an address, one e-mail in their language.
pub async fn notify_operators(
    conn: &mut PgConnection,
    template: &str,
    notice: &CaseNotice,
) -> Result<(), sqlx::Error> {
    let params = serde_json::to_value(notice).unwrap_or_default();
    let queued = sqlx::query!(
        "with alerted as (
             insert into notifications (account_id, case_id, template, params)
             select id, null, $1, $2 from accounts where role = 'operator' and not disabled
             returning id, account_id)
         insert into email_outbox (notification_id, to_address, locale, template, params)
         select n.id, a.email, coalesce(a.locale, 'zh-CN'), $1, $2
         from alerted n join accounts a on a.id = n.account_id where a.email is not null",
        template,
        params,
    )
    .execute(&mut *conn)
    .await?;
    if queued.rows_affected() > 0 {
        wake_mail_worker(conn).await?;
    }
    Ok(())
}

/// Wakes the mail worker when the transaction commits.
async fn wake_mail_worker(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    // Runtime SQL: the macros cannot describe pg_notify's `void` result.
    sqlx::query("select pg_notify('email_outbox', '')")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationRow {
    pub id: i64,
    pub case_id: Option<Uuid>,
    #[serde(default)]
    pub subscription_id: Option<Uuid>,
    pub template: String,
    pub notice: CaseNotice,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read: bool,
}

pub async fn unread_count(pool: &PgPool, account_id: Uuid) -> Result<i64, InternalError> {
    let count = sqlx::query_scalar(
        "select count(*) from notifications where account_id = $1 and read_at is null",
    )
    .bind(account_id)
    .fetch_one(pool)
    .await?;
    Ok(count)
}

/// Id, case, template, parameters, time, and whether it was read.
type StoredNotification = (
    i64,
    Option<Uuid>,
    Option<Uuid>,
    String,
    serde_json::Value,
    chrono::DateTime<chrono::Utc>,
    bool,
);

/// The latest notifications of an account, newest first.
pub async fn recent(
    pool: &PgPool,
    account_id: Uuid,
    limit: i64,
) -> Result<Vec<NotificationRow>, InternalError> {
    let rows: Vec<StoredNotification> = sqlx::query_as(
        "select id, case_id, subscription_id, template, params, created_at, read_at is not null
             from notifications where account_id = $1
             order by created_at desc, id desc limit $2",
    )
    .bind(account_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, case_id, subscription_id, template, params, created_at, read)| NotificationRow {
                id,
                case_id,
                subscription_id,
                template,
                notice: serde_json::from_value(params).unwrap_or_default(),
                created_at,
                read,
            },
        )
        .collect())
}

/// Marks every notification of the account read (opening the list reads them).
pub async fn mark_all_read(pool: &PgPool, account_id: Uuid) -> Result<(), InternalError> {
    sqlx::query(
        "update notifications set read_at = now() where account_id = $1 and read_at is null",
    )
    .bind(account_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Marks the notifications about one case read (opening the case reads them).
pub async fn mark_case_read(
    pool: &PgPool,
    account_id: Uuid,
    case_id: Uuid,
) -> Result<(), InternalError> {
    sqlx::query(
        "update notifications set read_at = now()
         where account_id = $1 and case_id = $2 and read_at is null",
    )
    .bind(account_id)
    .bind(case_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// The row as the notifications page shows it.
impl From<NotificationRow> for portal_types::views::notifications::NotificationItem {
    fn from(row: NotificationRow) -> Self {
        Self {
            id: row.id,
            case_id: row.case_id,
            subscription_id: row.subscription_id,
            template: row.template,
            case_number: row.notice.case_number,
            service: portal_types::Text::new(row.notice.service_zh, row.notice.service_en),
            reason: row.notice.reason,
            created_at: row.created_at,
            read: row.read,
        }
    }
}

/// What a notification about a case says, linking to `path`.
pub async fn notice_of(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
    path: String,
) -> Result<CaseNotice, sqlx::Error> {
    let (number, zh, en): (Option<String>, String, String) = sqlx::query_as(
        "select c.case_number, s.name_zh, s.name_en
         from cases c join services s on s.code = c.service_code where c.id = $1",
    )
    .bind(case_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(CaseNotice {
        case_number: number.unwrap_or_default(),
        service_zh: zh,
        service_en: en,
        reason: String::new(),
        case_path: path,
    })
}
