//! The audit log's hash chain, in plain Rust: each row's hash is
//! `HMAC-SHA256(key, prev_hash || canonical(row))`, hex-encoded, under a [`ChainKey`] kept
//! outside the database (so whoever can write the database cannot re-hash a changed chain);
//! the first row's `prev_hash` is [`GENESIS`]. Rows written before the chain was keyed carry
//! `sha256(prev_hash || canonical(row))` and are accepted only before the first keyed row. The canonical serialisation is a JSON array in a fixed order — id, time
//! (UTC, microseconds, as Postgres stores it), actor, role, department, action, case, detail
//! (objects with their keys sorted) — so the same row always gives the same bytes.
//!
//! A changed field breaks its own row's hash; a deleted or moved row breaks the next row's link;
//! a chain cut at its end is found by comparing it with a [`Checkpoint`] kept elsewhere.
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
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

/// The key of the chain, derived from the portal's secret (never stored in the database).
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl std::fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChainKey")
    }
}

impl ChainKey {
    /// HMAC-SHA256(master, "audit-chain"): a key for this purpose only.
    pub fn derive(master: &[u8]) -> Self {
        Self(mac(master, &[b"audit-chain"]))
    }
}

fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            for part in parts {
                mac.update(part);
            }
            mac.finalize().into_bytes().into()
        }
        // HMAC takes keys of any length; this arm is unreachable.
        Err(_) => [0; 32],
    }
}

impl AuditRow {
    /// The hash this row must carry given its `prev_hash`.
    pub fn expected_hash(&self, key: &ChainKey) -> String {
        hex::encode(mac(
            &key.0,
            &[self.prev_hash.as_bytes(), canonical(self).as_bytes()],
        ))
    }

    /// The hash of a row written before the chain was keyed.
    pub fn legacy_hash(&self) -> String {
        hash_of(&self.prev_hash, &canonical(self))
    }
}

/// The chain's head as last verified, kept outside the database (a file the operator keeps
/// elsewhere): the rows then, the last row's id and hash. A chain that no longer reaches it
/// was cut or rewritten.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub rows: u64,
    pub last_id: i64,
    pub hash: String,
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
    pub last_id: Option<i64>,
    pub rows: u64,
    pub first_broken_id: Option<i64>,
    /// A keyed row was seen: unkeyed (legacy) rows after it are breaks.
    keyed: bool,
}

impl Default for ChainState {
    fn default() -> Self {
        Self {
            last_hash: GENESIS.to_string(),
            last_id: None,
            rows: 0,
            first_broken_id: None,
            keyed: false,
        }
    }
}

impl ChainState {
    /// Checks the next rows (in id order). After a break, counting goes on and the chain is
    /// followed from each row's own hash, so the first break stays the one reported.
    pub fn feed(&mut self, rows: &[AuditRow], key: &ChainKey) {
        for row in rows {
            self.rows += 1;
            let linked = row.prev_hash == self.last_hash;
            let keyed = row.hash == row.expected_hash(key);
            let legacy = !self.keyed && !keyed && row.hash == row.legacy_hash();
            self.keyed |= keyed;
            if (!linked || !(keyed || legacy)) && self.first_broken_id.is_none() {
                self.first_broken_id = Some(row.id);
            }
            self.last_hash = row.hash.clone();
            self.last_id = Some(row.id);
        }
    }

    /// Where the chain stands now, to keep as the next checkpoint.
    pub fn checkpoint(&self) -> Option<Checkpoint> {
        Some(Checkpoint {
            rows: self.rows,
            last_id: self.last_id?,
            hash: self.last_hash.clone(),
        })
    }
}

/// Whether a chain still holds what `checkpoint` saw: at least as many rows, and the row it
/// ended with unchanged (`found`: that row's hash now, if the row is still there).
pub fn reaches(checkpoint: &Checkpoint, rows_now: u64, found: Option<&str>) -> bool {
    rows_now >= checkpoint.rows && found == Some(checkpoint.hash.as_str())
}

/// Verifies a whole chain from [`GENESIS`]: `None` when intact, else the first broken row's id.
pub fn first_broken(rows: &[AuditRow], key: &ChainKey) -> Option<i64> {
    let mut state = ChainState::default();
    state.feed(rows, key);
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

    fn key() -> ChainKey {
        ChainKey::derive(b"portal secret")
    }

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
                row.hash = row.expected_hash(&key());
                prev = row.hash.clone();
                row
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        assert_eq!(first_broken(&chain(5), &key()), None);
        assert_eq!(first_broken(&[], &key()), None);
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
            assert_eq!(first_broken(&rows, &key()), Some(3), "change {change}");
        }
    }

    #[test]
    fn a_deleted_row_breaks_the_next() {
        let mut rows = chain(5);
        rows.remove(2);
        assert_eq!(first_broken(&rows, &key()), Some(4));
        let mut rows = chain(5);
        rows.remove(0);
        assert_eq!(first_broken(&rows, &key()), Some(2));
    }

    #[test]
    fn a_reordered_row_breaks_the_chain() {
        let mut rows = chain(5);
        rows.swap(1, 3);
        assert_eq!(first_broken(&rows, &key()), Some(4));
        // Swapping the contents but keeping the ids in order breaks too.
        let mut rows = chain(5);
        let (one, three) = (rows[1].clone(), rows[3].clone());
        rows[1] = AuditRow { id: 2, ..three };
        rows[3] = AuditRow { id: 4, ..one };
        assert_eq!(first_broken(&rows, &key()), Some(2));
    }

    #[test]
    fn a_recomputed_row_still_breaks_the_next_link() {
        let mut rows = chain(5);
        rows[2].detail = json!({"forged": true});
        rows[2].hash = rows[2].expected_hash(&key());
        assert_eq!(first_broken(&rows, &key()), Some(4));
    }

    #[test]
    fn feeding_in_batches_is_the_same_as_at_once() {
        let mut rows = chain(7);
        rows[5].action = "case.claim".into();
        let mut state = ChainState::default();
        state.feed(&rows[..3], &key());
        state.feed(&rows[3..], &key());
        assert_eq!(state.first_broken_id, Some(6));
        assert_eq!(state.rows, 7);
    }

    #[test]
    fn a_row_rehashed_without_the_key_breaks_the_chain() {
        let mut rows = chain(5);
        // Someone with write access changes row 3 and re-hashes from there, without the key.
        rows[2].action = "case.decide".into();
        for i in 2..5 {
            if i > 2 {
                rows[i].prev_hash = rows[i - 1].hash.clone();
            }
            rows[i].hash = rows[i].legacy_hash();
        }
        assert_eq!(first_broken(&rows, &key()), Some(3));
        // Another key is no better.
        assert_eq!(
            first_broken(&chain(2), &ChainKey::derive(b"other")),
            Some(1)
        );
    }

    #[test]
    fn legacy_rows_verify_only_before_the_first_keyed_row() {
        let mut rows = chain(4);
        // Rows 1 and 2 were written before the chain was keyed.
        rows[0].hash = rows[0].legacy_hash();
        rows[1].prev_hash = rows[0].hash.clone();
        rows[1].hash = rows[1].legacy_hash();
        rows[2].prev_hash = rows[1].hash.clone();
        rows[2].hash = rows[2].expected_hash(&key());
        rows[3].prev_hash = rows[2].hash.clone();
        rows[3].hash = rows[3].expected_hash(&key());
        assert_eq!(first_broken(&rows, &key()), None);
        rows[3].hash = rows[3].legacy_hash();
        assert_eq!(first_broken(&rows, &key()), Some(4));
    }

    #[test]
    fn a_checkpoint_finds_a_cut_chain() {
        let rows = chain(5);
        let mut state = ChainState::default();
        state.feed(&rows, &key());
        let checkpoint = state.checkpoint().unwrap_or_else(|| unreachable!());
        assert_eq!((checkpoint.rows, checkpoint.last_id), (5, 5));
        assert!(reaches(&checkpoint, 5, Some(&rows[4].hash)));
        assert!(reaches(&checkpoint, 7, Some(&rows[4].hash)));
        // The newest rows cut: the checkpointed row is gone, and fewer rows remain.
        assert!(!reaches(&checkpoint, 3, None));
        assert!(!reaches(&checkpoint, 5, Some("changed")));
    }
}
