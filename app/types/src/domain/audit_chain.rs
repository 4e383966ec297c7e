//! The audit log's hash chain, in plain Rust: each row's hash is
//! `sha256(prev_hash || canonical(row))`, hex-encoded; the first row's `prev_hash` is
//! [`GENESIS`]. The canonical serialisation is a JSON array in a fixed order — id, time
//! (UTC, microseconds, as Postgres stores it), actor, role, department, action, case, detail
//! (objects with their keys sorted) — so the same row always gives the same bytes.
//!
//! A changed field breaks its own row's hash; a deleted or moved row breaks the next row's link.
//! (A chain cut at its end still verifies; compare the row count with an earlier report.)
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One row of `audit_log`.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_account_id: Uuid,
    pub actor_role: String,
    pub department_code: Option<String>,
    pub action: String,
    pub case_id: Option<Uuid>,
    pub detail: Value,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The hash this row must carry given its `prev_hash`.
    pub fn expected_hash(&self) -> String {
        hash_of(&self.prev_hash, &canonical(self))
    }
}

/// The row's fields (hashes excluded) as fixed-order JSON.
pub fn canonical(row: &AuditRow) -> String {
    let mut out = String::from("[");
    out.push_str(&row.id.to_string());
    out.push(',');
    push_string(&mut out, &timestamp(row.at));
    out.push(',');
    push_string(&mut out, &row.actor_account_id.to_string());
    out.push(',');
    push_string(&mut out, &row.actor_role);
    out.push(',');
    match &row.department_code {
        Some(code) => push_string(&mut out, code),
        None => out.push_str("null"),
    }
    out.push(',');
    push_string(&mut out, &row.action);
    out.push(',');
    match row.case_id {
        Some(id) => push_string(&mut out, &id.to_string()),
        None => out.push_str("null"),
    }
    out.push(',');
    push_value(&mut out, &row.detail);
    out.push(']');
    out
}

/// `sha256(prev_hash || canonical)`, lower-case hex.
pub fn hash_of(prev_hash: &str, canonical: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(canonical.as_bytes());
    hex::encode(hasher.finalize())
}

/// Microsecond precision, as `timestamptz` keeps it (finer digits are cut, not rounded).
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Where a chain stands after some rows: the hash the next row must link to, the rows seen and
/// the first row that breaks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainState {
    pub last_hash: String,
    pub rows: u64,
    pub first_broken_id: Option<i64>,
}

impl Default for ChainState {
    fn default() -> Self {
        Self {
            last_hash: GENESIS.to_string(),
            rows: 0,
            first_broken_id: None,
        }
    }
}

impl ChainState {
    /// Checks the next rows (in id order). After a break, counting goes on and the chain is
    /// followed from each row's own hash, so the first break stays the one reported.
    pub fn feed(&mut self, rows: &[AuditRow]) {
        for row in rows {
            self.rows += 1;
            let linked = row.prev_hash == self.last_hash;
            let intact = row.hash == row.expected_hash();
            if (!linked || !intact) && self.first_broken_id.is_none() {
                self.first_broken_id = Some(row.id);
            }
            self.last_hash = row.hash.clone();
        }
    }
}

/// Verifies a whole chain from [`GENESIS`]: `None` when intact, else the first broken row's id.
pub fn first_broken(rows: &[AuditRow]) -> Option<i64> {
    let mut state = ChainState::default();
    state.feed(rows);
    state.first_broken_id
}

fn push_string(out: &mut String, s: &str) {
    // serde_json escapes strings the same way every time.
    out.push_str(&Value::String(s.to_string()).to_string());
}

fn push_value(out: &mut String, value: &Value) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, key);
                out.push(':');
                if let Some(v) = map.get(key) {
                    push_value(out, v);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_value(out, item);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: i64) -> Vec<AuditRow> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|id| {
                let mut row = AuditRow {
                    id,
                    at: DateTime::from_timestamp_micros(1_790_000_000_000_000 + id * 1_234_567)
                        .unwrap_or_default(),
                    actor_account_id: Uuid::from_u128(id as u128),
                    actor_role: "clerk".into(),
                    department_code: Some("GA".into()),
                    action: "case.view".into(),
                    case_id: (id % 2 == 0).then(|| Uuid::from_u128(1000 + id as u128)),
                    detail: json!({"b": id, "a": ["x", {"z": 1, "y": null}]}),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                row.hash = row.expected_hash();
                prev = row.hash.clone();
                row
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        assert_eq!(first_broken(&chain(5)), None);
        assert_eq!(first_broken(&[]), None);
    }

    #[test]
    fn serialisation_is_deterministic_and_key_order_free() {
        let mut a = chain(1).remove(0);
        let b = a.clone();
        a.detail =
            serde_json::from_str(r#"{"a":["x",{"y":null,"z":1}],"b":1}"#).unwrap_or_default();
        assert_eq!(canonical(&a), canonical(&b));
        assert!(
            canonical(&a).starts_with(r#"[1,"2026-"#),
            "{}",
            canonical(&a)
        );
        assert_eq!(a.hash.len(), 64);
    }

    #[test]
    fn timestamps_keep_microseconds() {
        let at = DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap_or_default();
        assert!(timestamp(at).ends_with(".123456Z"), "{}", timestamp(at));
    }

    #[test]
    fn a_changed_field_breaks_its_row() {
        for change in 0..4 {
            let mut rows = chain(5);
            match change {
                0 => rows[2].detail = json!({"b": 99}),
                1 => rows[2].actor_role = "supervisor".into(),
                2 => rows[2].at += chrono::Duration::microseconds(1),
                _ => rows[2].case_id = Some(Uuid::nil()),
            }
            assert_eq!(first_broken(&rows), Some(3), "change {change}");
        }
    }

    #[test]
    fn a_deleted_row_breaks_the_next() {
        let mut rows = chain(5);
        rows.remove(2);
        assert_eq!(first_broken(&rows), Some(4));
        let mut rows = chain(5);
        rows.remove(0);
        assert_eq!(first_broken(&rows), Some(2));
    }

    #[test]
    fn a_reordered_row_breaks_the_chain() {
        let mut rows = chain(5);
        rows.swap(1, 3);
        assert_eq!(first_broken(&rows), Some(4));
        // Swapping the contents but keeping the ids in order breaks too.
        let mut rows = chain(5);
        let (one, three) = (rows[1].clone(), rows[3].clone());
        rows[1] = AuditRow { id: 2, ..three };
        rows[3] = AuditRow { id: 4, ..one };
        assert_eq!(first_broken(&rows), Some(2));
    }

    #[test]
    fn a_recomputed_row_still_breaks_the_next_link() {
        let mut rows = chain(5);
        rows[2].detail = json!({"forged": true});
        rows[2].hash = rows[2].expected_hash();
        assert_eq!(first_broken(&rows), Some(4));
    }

    #[test]
    fn feeding_in_batches_is_the_same_as_at_once() {
        let mut rows = chain(7);
        rows[5].action = "case.claim".into();
        let mut state = ChainState::default();
        state.feed(&rows[..3]);
        state.feed(&rows[3..]);
        assert_eq!(state.first_broken_id, Some(6));
        assert_eq!(state.rows, 7);
    }
}
