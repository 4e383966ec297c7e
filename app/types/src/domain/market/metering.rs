//! Metered usage: whether one record a vendor submits counts, judged on its own so that one bad
//! record never fails the others in its batch.
use super::subscription::SubscriptionState;
use chrono::{DateTime, Duration, Utc};

/// Records up to this late are accepted.
pub const LATE_HOURS: i64 = 72;
/// Clocks differ: a record this far in the future still counts as now.
const CLOCK_SKEW_SECS: i64 = 300;

/// Why a record does not count (the protocol's result codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Invalid,
    OutOfWindow,
    NotEntitled,
    UnknownDimension,
}

/// What the portal knows of the subscription a record names (`None` in [`judge`]: not this
/// vendor's, or no such subscription).
pub struct Entitlement<'a> {
    pub state: SubscriptionState,
    /// The metered dimensions of its plan, by code.
    pub dimensions: &'a [String],
}

/// Checks one record: its shape, its time, the subscription, then the dimension.
pub fn judge(
    record_id: &str,
    quantity: i64,
    used_at: DateTime<Utc>,
    dimension: &str,
    entitlement: Option<&Entitlement<'_>>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let id_len = record_id.chars().count();
    if quantity < 1 || id_len == 0 || id_len > 100 {
        return Err(Refusal::Invalid);
    }
    if used_at < now - Duration::hours(LATE_HOURS)
        || used_at > now + Duration::seconds(CLOCK_SKEW_SECS)
    {
        return Err(Refusal::OutOfWindow);
    }
    let Some(entitlement) = entitlement else {
        return Err(Refusal::NotEntitled);
    };
    // Usage is billed while the service runs (a suspension pauses the service, not the meter of
    // what ran before it, so suspended still counts within the window).
    if !entitlement.state.is_live() {
        return Err(Refusal::NotEntitled);
    }
    if !entitlement.dimensions.iter().any(|d| d == dimension) {
        return Err(Refusal::UnknownDimension);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours_ago: i64, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::hours(hours_ago)
    }

    #[test]
    fn each_rule_refuses_on_its_own() {
        let now = Utc::now();
        let dims = vec!["receipt_ocr".to_string()];
        let live = Entitlement {
            state: SubscriptionState::Active,
            dimensions: &dims,
        };
        let ok = judge("r1", 3, at(1, now), "receipt_ocr", Some(&live), now);
        assert_eq!(ok, Ok(()));
        assert_eq!(
            judge("r1", 3, at(71, now), "receipt_ocr", Some(&live), now),
            Ok(())
        );
        assert_eq!(
            judge("r1", 3, at(73, now), "receipt_ocr", Some(&live), now),
            Err(Refusal::OutOfWindow)
        );
        assert_eq!(
            judge(
                "r1",
                3,
                now + Duration::hours(1),
                "receipt_ocr",
                Some(&live),
                now
            ),
            Err(Refusal::OutOfWindow)
        );
        assert_eq!(
            judge("r1", 0, at(1, now), "receipt_ocr", Some(&live), now),
            Err(Refusal::Invalid)
        );
        assert_eq!(
            judge("", 1, at(1, now), "receipt_ocr", Some(&live), now),
            Err(Refusal::Invalid)
        );
        assert_eq!(
            judge("r1", 1, at(1, now), "receipt_ocr", None, now),
            Err(Refusal::NotEntitled)
        );
        let closed = Entitlement {
            state: SubscriptionState::Closed,
            dimensions: &dims,
        };
        assert_eq!(
            judge("r1", 1, at(1, now), "receipt_ocr", Some(&closed), now),
            Err(Refusal::NotEntitled)
        );
        assert_eq!(
            judge("r1", 1, at(1, now), "storage", Some(&live), now),
            Err(Refusal::UnknownDimension)
        );
    }
}
