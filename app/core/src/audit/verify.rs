//! Verifying the audit log: the whole chain walked in id order under the chain key, and
//! compared with the checkpoint an earlier verification kept outside the database.
use chrono::{DateTime, Utc};
use portal_types::domain::audit_chain::{self, AuditRow, ChainKey, ChainState, Checkpoint};
use sqlx::PgPool;
use uuid::Uuid;

/// How many rows `verify` reads at a time.
const VERIFY_BATCH: i64 = 1000;

/// The result of walking the whole chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainReport {
    pub rows: u64,
    /// `None`: the chain is intact.
    pub first_broken_id: Option<i64>,
    /// Where the chain now ends: the next checkpoint to keep.
    pub head: Option<Checkpoint>,
    /// The chain no longer reaches the checkpoint it was compared with (cut or rewritten).
    pub checkpoint_missed: bool,
}

impl ChainReport {
    pub fn intact(&self) -> bool {
        self.first_broken_id.is_none() && !self.checkpoint_missed
    }
}

#[derive(sqlx::FromRow)]
struct DbRow {
    id: i64,
    at: DateTime<Utc>,
    actor_account_id: Uuid,
    actor_role: String,
    department_code: Option<String>,
    action: String,
    case_id: Option<Uuid>,
    detail: serde_json::Value,
    prev_hash: String,
    hash: String,
}

impl From<DbRow> for AuditRow {
    fn from(r: DbRow) -> Self {
        Self {
            id: r.id,
            at: r.at,
            actor_account_id: r.actor_account_id,
            actor_role: r.actor_role,
            department_code: r.department_code,
            action: r.action,
            case_id: r.case_id,
            detail: r.detail,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

/// Walks the table in id order and checks every row's hash (under `key`) and link, and that
/// the chain still reaches `checkpoint`, the head an earlier verification saw.
pub async fn verify(
    pool: &PgPool,
    key: &ChainKey,
    checkpoint: Option<&Checkpoint>,
) -> Result<ChainReport, sqlx::Error> {
    let mut state = ChainState::default();
    let mut after = i64::MIN;
    loop {
        let batch: Vec<AuditRow> = sqlx::query_as::<_, DbRow>(
            "select id, at, actor_account_id, actor_role, department_code, action, case_id,
                    detail, prev_hash, hash
             from audit_log where id > $1 order by id limit $2",
        )
        .bind(after)
        .bind(VERIFY_BATCH)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(AuditRow::from)
        .collect();
        let Some(last) = batch.last() else { break };
        after = last.id;
        state.feed(&batch, key);
    }
    let checkpoint_missed = match checkpoint {
        Some(checkpoint) => {
            let found: Option<String> =
                sqlx::query_scalar("select hash from audit_log where id = $1")
                    .bind(checkpoint.last_id)
                    .fetch_optional(pool)
                    .await?;
            !audit_chain::reaches(checkpoint, state.rows, found.as_deref())
        }
        None => false,
    };
    Ok(ChainReport {
        rows: state.rows,
        first_broken_id: state.first_broken_id,
        head: state.checkpoint(),
        checkpoint_missed,
    })
}
