//! Deliveries to department systems as the operator (dead letters) and staff (the ledger of a
//! case) see them.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Which outbox a dead letter is in: a case delivery to a department's system, or an
/// operation for a vendor's system (the routing layer's two kinds of destination).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeadLetterId {
    Case(i64),
    Operation(Uuid),
}

impl DeadLetterId {
    /// `case:12` or `operation:<uuid>`; a bare number is a case delivery, a bare UUID an
    /// operation (as the CLI has always taken them).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        match text.split_once(':') {
            Some(("case", id)) => id.parse().ok().map(Self::Case),
            Some(("operation", id)) => id.parse().ok().map(Self::Operation),
            Some(_) => None,
            None => text
                .parse()
                .ok()
                .map(Self::Case)
                .or_else(|| text.parse().ok().map(Self::Operation)),
        }
    }
}

impl std::fmt::Display for DeadLetterId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Case(id) => write!(f, "case:{id}"),
            Self::Operation(id) => write!(f, "operation:{id}"),
        }
    }
}

/// A delivery given up on: the operator retries or abandons it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub id: DeadLetterId,
    /// The case number, or the subscription's product and enterprise.
    pub subject: String,
    /// Where the operator looks at it.
    pub subject_href: String,
    /// The department's code, or the vendor's name.
    pub destination: String,
    /// The case event, or the operation type.
    pub event: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub dead_at: DateTime<Utc>,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::DeadLetterId;
    use uuid::Uuid;

    #[test]
    fn dead_letter_ids_read_back_what_they_print() {
        let op = DeadLetterId::Operation(Uuid::from_u128(5));
        for id in [DeadLetterId::Case(12), op] {
            assert_eq!(DeadLetterId::parse(&id.to_string()), Some(id));
        }
        assert_eq!(DeadLetterId::parse("12"), Some(DeadLetterId::Case(12)));
        assert_eq!(
            DeadLetterId::parse(&Uuid::from_u128(5).to_string()),
            Some(op)
        );
        for bad in ["", "case:x", "operation:12", "other:1", "x"] {
            assert_eq!(DeadLetterId::parse(bad), None, "{bad}");
        }
    }
}

/// One row of the delivery ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryAttempt {
    pub attempted_at: DateTime<Utc>,
    pub event: String,
    pub backend_kind: String,
    pub url: Option<String>,
    pub status_code: Option<i32>,
    pub latency_ms: i32,
    pub error: Option<String>,
    /// `delivered`, `retry` or `dead`.
    pub outcome: String,
}
impl DeliveryAttempt {
    /// Translation key of the outcome.
    pub fn outcome_key(&self) -> &'static str {
        match self.outcome.as_str() {
            "delivered" => "delivery-outcome-delivered",
            "dead" => "delivery-outcome-dead",
            _ => "delivery-outcome-retry",
        }
    }
}
