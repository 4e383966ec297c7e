//! The append-only audit log: every staff view of a case's personal data, every staff file
//! download and every workbench claim and decision. Rows are hash-chained
//! ([`portal_types::domain::audit_chain`]); appends take one advisory lock and read the last hash in
//! the same transaction (one call of the SQL function `audit_lock_head`), so several instances
//! never fork the chain. A trigger refuses updates,
//! deletes and truncation.
use chrono::{DateTime, Utc};
use portal_types::domain::audit_chain::{AuditRow, ChainKey, GENESIS};
use portal_types::domain::roles::Role;
use portal_types::Text;
use sqlx::postgres::PgArguments;
use sqlx::{Acquire, Arguments, PgConnection, PgPool};
use uuid::Uuid;

mod verify;
pub use verify::{verify, ChainReport};

/// The advisory lock key serialising appends ("AUDITLOG" in ASCII).
const APPEND_LOCK: i64 = 0x4155_4449_544c_4f47;

/// The actor role of a department's own system (it reads cases and files over the protocol).
pub const DEPARTMENT_SYSTEM: &str = "department_system";

/// The most staff views an applicant's case page lists (newest first).
const VIEWS_LIMIT: i64 = 200;

/// The recorded actions.
pub mod actions {
    /// A staff member opened a case's page (its answers, files and applicant).
    pub const CASE_VIEW: &str = "case.view";
    /// A staff member downloaded (or previewed) an attachment.
    pub const FILE_DOWNLOAD: &str = "file.download";
    /// A clerk claimed a case.
    pub const CASE_CLAIM: &str = "case.claim";
    /// A supervisor assigned (or reassigned) a case to a clerk.
    pub const CASE_ASSIGN: &str = "case.assign";
    /// A staff member wrote an internal note or a message to the applicant.
    pub const CASE_NOTE: &str = "case.note";
    /// A clerk read a page of a queue (applicants' names and case numbers); the detail lists
    /// the queue, the filter and the cases shown.
    pub const QUEUE_VIEW: &str = "queue.view";
    /// The same with a search text (an applicant's name, a case number): the text is kept.
    pub const QUEUE_SEARCH: &str = "queue.search";
    /// A department's system read the base data of a case's applicant (the detail names the
    /// fields); shown on the applicant's "who viewed my data".
    pub const BASE_DATA_READ: &str = "base_data.read";
    /// A supervisor read the department's dashboard (its follow-ups name applicants).
    pub const DASHBOARD_VIEW: &str = "dashboard.view";

    /// Someone signed in to an account (any role).
    pub const LOGIN: &str = "account.login";
    /// A wrong password was given for an existing account.
    pub const LOGIN_FAILED: &str = "account.login_failed";
    /// A login to an existing account was refused for too many failures (slowed down).
    pub const LOGIN_THROTTLED: &str = "account.login_throttled";
    /// A member of staff enrolled a second factor (TOTP) and received recovery codes.
    pub const SECOND_FACTOR_ENROLLED: &str = "account.second_factor_enrolled";
    /// A login's second step passed (a TOTP or recovery code).
    pub const SECOND_FACTOR_PASSED: &str = "account.second_factor_passed";
    /// A wrong second-factor code was given after a correct password.
    pub const SECOND_FACTOR_FAILED: &str = "account.second_factor_failed";
    /// A new member of staff chose their password through their one-time enrolment link.
    pub const ENROLMENT_LINK_USED: &str = "account.enrolment_link_used";
    /// Someone signed out.
    pub const LOGOUT: &str = "account.logout";
    /// The holder changed the password (giving the current one); other sessions ended.
    pub const PASSWORD_CHANGE: &str = "account.password_change";
    /// The password was set anew with a code sent to the account's mobile; every session ended.
    pub const PASSWORD_RESET: &str = "account.password_reset";
    /// A citizen moved their account to a new mobile (proven with a code, with their password).
    pub const MOBILE_CHANGED: &str = "account.mobile_changed";
    /// A citizen registered (after proving their mobile with a code).
    pub const REGISTERED: &str = "account.registered";
    /// A citizen registered an enterprise as its legal representative and is its admin.
    pub const ENTERPRISE_REGISTERED: &str = "enterprise.registered";
    /// A citizen registered an enterprise that waits for its legal representative.
    pub const ENTERPRISE_REQUESTED: &str = "enterprise.registration_requested";
    /// The legal representative confirmed a waiting registration (the registrant is admin).
    pub const ENTERPRISE_CONFIRMED: &str = "enterprise.registration_confirmed";
    /// The legal representative declined a waiting registration.
    pub const ENTERPRISE_DECLINED: &str = "enterprise.registration_declined";
    /// Staff checked a person's identity document at a counter: the account is at level 3.
    pub const COUNTER_CHECK: &str = "identity.counter_check";
    /// Staff froze the account holding the ID number of the person checked at the counter.
    pub const IDENTITY_RECLAIMED: &str = "identity.reclaimed";
    /// The operator retried or abandoned a dead letter (`delivery.retry`, `delivery.abandon`).
    pub const DELIVERY_RETRY: &str = "delivery.retry";
    pub const DELIVERY_ABANDON: &str = "delivery.abandon";
    /// The operator created a staff account.
    pub const STAFF_CREATE: &str = "staff.create";
    /// The operator set where a department's cases go (`backend.set`) or a vendor's system
    /// (`vendor_system.set`); the key is never written here.
    pub const BACKEND_SET: &str = "backend.set";
    pub const VENDOR_SYSTEM_SET: &str = "vendor_system.set";
    /// The operator set or removed a day of the working calendar.
    pub const CALENDAR_SAVE: &str = "calendar.save";
    pub const CALENDAR_REMOVE: &str = "calendar.remove";

    /// A workbench decision: `case.decide.accept`, `case.decide.request_supplement`, …
    pub fn decide(decision: &str) -> String {
        format!("case.decide.{decision}")
    }
}

/// What to append; the time, id and hashes are added by [`record`].
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub actor_account_id: Uuid,
    pub actor_role: String,
    pub department_code: Option<String>,
    pub action: String,
    pub case_id: Option<Uuid>,
    pub detail: serde_json::Value,
}

impl Entry {
    /// A staff member's action on a case, with an empty detail.
    pub fn staff(
        account_id: Uuid,
        role: Role,
        department_code: Option<&str>,
        action: &str,
        case_id: Uuid,
    ) -> Self {
        Self {
            actor_account_id: account_id,
            actor_role: role.as_str().to_string(),
            department_code: department_code.map(str::to_string),
            action: action.to_string(),
            case_id: Some(case_id),
            detail: serde_json::json!({}),
        }
    }

    /// A staff member's read of a list of the department's cases (no one case).
    pub fn staff_list(account_id: Uuid, role: Role, department_code: &str, action: &str) -> Self {
        Self {
            actor_account_id: account_id,
            actor_role: role.as_str().to_string(),
            department_code: Some(department_code.to_string()),
            action: action.to_string(),
            case_id: None,
            detail: serde_json::json!({}),
        }
    }

    /// A department's own system read a case (`case.view`) or downloaded a file of it: the
    /// system has no account, so the nil account and the role `department_system`.
    pub fn department_system(department_code: &str, action: &str, case_id: Uuid) -> Self {
        Self {
            actor_account_id: Uuid::nil(),
            actor_role: DEPARTMENT_SYSTEM.to_string(),
            department_code: Some(department_code.to_string()),
            action: action.to_string(),
            case_id: Some(case_id),
            detail: serde_json::json!({}),
        }
    }

    /// An operator's action: by a signed-in operator, or (`None`) from the command line on the
    /// portal's machine, recorded with the nil account and `"via": "cli"`.
    pub fn operator(account_id: Option<Uuid>, action: &str) -> Self {
        Self {
            actor_account_id: account_id.unwrap_or_else(Uuid::nil),
            actor_role: Role::Operator.as_str().to_string(),
            department_code: None,
            action: action.to_string(),
            case_id: None,
            detail: match account_id {
                Some(_) => serde_json::json!({}),
                None => serde_json::json!({ "via": "cli" }),
            },
        }
    }

    /// Adds `key: value` to the detail.
    pub fn with(mut self, key: &str, value: serde_json::Value) -> Self {
        if let Some(map) = self.detail.as_object_mut() {
            map.insert(key.to_string(), value);
        }
        self
    }

    /// Something done to or with an account itself (sign-in and sign-out), by its holder.
    pub fn account(account_id: Uuid, role: &str, action: &str) -> Self {
        Self {
            actor_account_id: account_id,
            actor_role: role.to_string(),
            department_code: None,
            action: action.to_string(),
            case_id: None,
            detail: serde_json::json!({}),
        }
    }

    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// The key rows are chained with in this process, set once at startup from the portal's
/// secret ([`use_chain_key`]); every instance of one portal derives the same.
static CHAIN_KEY: std::sync::OnceLock<ChainKey> = std::sync::OnceLock::new();

/// Sets the chain key of this process (the first call wins: one portal, one secret).
pub fn use_chain_key(key: ChainKey) {
    let _ = CHAIN_KEY.set(key);
}

fn chain_key() -> ChainKey {
    CHAIN_KEY
        .get_or_init(|| {
            tracing::warn!("the audit chain key was not set; rows are keyed with an empty secret");
            ChainKey::derive(b"")
        })
        .clone()
}

/// Appends one row and returns its id. In the caller's transaction when `conn` is in one (a
/// savepoint; the lock is then held until that transaction ends), else in its own.
pub async fn record(conn: &mut PgConnection, entry: &Entry) -> Result<i64, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let rows = append(&mut tx, &[entry]).await?;
    tx.commit().await?;
    rows.first().map(|r| r.id).ok_or(sqlx::Error::RowNotFound)
}

/// Where the chain ends: its last row's id and hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub id: i64,
    pub hash: String,
}

/// Appends `entries` in order, in one transaction of their own: one lock, one head read, one
/// insert and one commit for all of them (see [`crate::audit_batch`]). Returns the new head.
pub async fn record_batch(pool: &PgPool, entries: &[&Entry]) -> Result<Option<Head>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let rows = append(&mut tx, entries).await?;
    tx.commit().await?;
    Ok(rows.last().map(|r| Head {
        id: r.id,
        hash: r.hash.clone(),
    }))
}

/// Appends `entries` after `head` in one statement (one round trip, committed on its own),
/// for an appender that knows where the chain ended: `None` when someone appended since, and
/// nothing was written (then [`record_batch`] takes the long way). The rows carry this
/// process's time, cut to the microseconds the database keeps.
pub async fn record_after(
    pool: &PgPool,
    head: &Head,
    entries: &[&Entry],
) -> Result<Option<Head>, sqlx::Error> {
    let Some(last) = entries.len().checked_sub(1) else {
        return Ok(Some(head.clone()));
    };
    let now = Utc::now();
    let at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
    let ids: Vec<i64> = (1..).map(|n| head.id + n).take(entries.len()).collect();
    let rows = chained(entries, &ids, at, head.hash.clone());
    let mut args = row_arguments(&rows)?;
    for added in [
        args.add(APPEND_LOCK),
        args.add(head.id),
        args.add(head.hash.clone()),
    ] {
        added.map_err(sqlx::Error::Encode)?;
    }
    let appended: bool = sqlx::query_scalar_with(
        "select audit_append_after($11, $12, $13, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        args,
    )
    .fetch_one(pool)
    .await?;
    Ok(appended.then(|| Head {
        id: ids[last],
        hash: rows[last].hash.clone(),
    }))
}

/// `entries` as rows with `ids`, all at `at`, each linked to the one before, the first to
/// `prev`.
fn chained(entries: &[&Entry], ids: &[i64], at: DateTime<Utc>, mut prev: String) -> Vec<AuditRow> {
    let key = chain_key();
    let mut rows = Vec::with_capacity(entries.len());
    for (entry, id) in entries.iter().zip(ids) {
        let mut row = AuditRow {
            id: *id,
            at,
            actor_account_id: entry.actor_account_id,
            actor_role: entry.actor_role.clone(),
            department_code: entry.department_code.clone(),
            action: entry.action.clone(),
            case_id: entry.case_id,
            detail: entry.detail.clone(),
            prev_hash: prev,
            hash: String::new(),
        };
        row.hash = row.expected_hash(&key);
        prev = row.hash.clone();
        rows.push(row);
    }
    rows
}

/// The rows' columns as the arrays `$1`..`$10` (id, at, actor, role, department, action,
/// case, detail, previous hash, hash), to which a statement may add its own.
fn row_arguments(rows: &[AuditRow]) -> Result<PgArguments, sqlx::Error> {
    let mut args = PgArguments::default();
    let add = |result: Result<(), sqlx::error::BoxDynError>| result.map_err(sqlx::Error::Encode);
    add(args.add(rows.iter().map(|r| r.id).collect::<Vec<_>>()))?;
    add(args.add(rows.iter().map(|r| r.at).collect::<Vec<_>>()))?;
    add(args.add(rows.iter().map(|r| r.actor_account_id).collect::<Vec<_>>()))?;
    add(args.add(
        rows.iter()
            .map(|r| r.actor_role.clone())
            .collect::<Vec<_>>(),
    ))?;
    add(args.add(
        rows.iter()
            .map(|r| r.department_code.clone())
            .collect::<Vec<_>>(),
    ))?;
    add(args.add(rows.iter().map(|r| r.action.clone()).collect::<Vec<_>>()))?;
    add(args.add(rows.iter().map(|r| r.case_id).collect::<Vec<_>>()))?;
    add(args.add(rows.iter().map(|r| r.detail.clone()).collect::<Vec<_>>()))?;
    add(args.add(rows.iter().map(|r| r.prev_hash.clone()).collect::<Vec<_>>()))?;
    add(args.add(rows.iter().map(|r| r.hash.clone()).collect::<Vec<_>>()))?;
    Ok(args)
}

/// Chains `entries` after the head under the append lock and inserts them; returns the rows.
async fn append(conn: &mut PgConnection, entries: &[&Entry]) -> Result<Vec<AuditRow>, sqlx::Error> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let n = i32::try_from(entries.len()).unwrap_or(i32::MAX);
    // Lock, ids and head in one round trip (see the migration of `audit_lock_head`).
    let (ids, at, last): (Vec<i64>, DateTime<Utc>, Option<String>) =
        sqlx::query_as("select ids, at, last_hash from audit_lock_head($1, $2)")
            .bind(APPEND_LOCK)
            .bind(n)
            .fetch_one(&mut *conn)
            .await?;
    let rows = chained(
        entries,
        &ids,
        at,
        last.unwrap_or_else(|| GENESIS.to_string()),
    );
    sqlx::query_with(
        "insert into audit_log (id, at, actor_account_id, actor_role, department_code, action,
                                case_id, detail, prev_hash, hash)
         select * from unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[],
                              $5::text[], $6::text[], $7::uuid[], $8::jsonb[], $9::text[],
                              $10::text[])",
        row_arguments(&rows)?,
    )
    .execute(&mut *conn)
    .await?;
    Ok(rows)
}

/// [`record`] on a connection of its own.
pub async fn record_in(pool: &PgPool, entry: &Entry) -> Result<i64, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    record(&mut conn, entry).await
}

/// Staff views of a case's page, downloads of its files and department systems' reads of its
/// applicant's base data, newest first: (time, department, role, what: the translation key of
/// what was seen) — never who.
pub async fn staff_views(
    pool: &PgPool,
    case_id: Uuid,
) -> Result<Vec<(DateTime<Utc>, Text, String, String)>, sqlx::Error> {
    let rows: Vec<(DateTime<Utc>, String, String, String, String)> = sqlx::query_as(
        "select l.at, coalesce(d.name_zh, ''), coalesce(d.name_en, ''), l.actor_role, l.action
         from audit_log l left join departments d on d.code = l.department_code
         where l.case_id = $1 and l.action = any($2)
         order by l.at desc, l.id desc
         limit $3",
    )
    .bind(case_id)
    .bind([
        actions::CASE_VIEW,
        actions::FILE_DOWNLOAD,
        actions::BASE_DATA_READ,
    ])
    .bind(VIEWS_LIMIT)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, zh, en, role, action)| {
            let what = match action.as_str() {
                actions::FILE_DOWNLOAD => "audit-viewed-by-file",
                actions::BASE_DATA_READ => "audit-viewed-by-base-data",
                _ => "audit-viewed-by-page",
            };
            (at, Text::new(zh, en), role, what.to_string())
        })
        .collect())
}
