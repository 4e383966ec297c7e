//! Real-name levels (实名等级): how sure the portal is that an account's holder is the person
//! named. L1: the mobile was proven with a code. L2: the name and ID number also match a live
//! person in the population register. L3: a clerk checked the identity in person at a counter.
//! A service may require a level to submit. Plain rules, tested without a database.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RealNameLevel {
    L1,
    L2,
    L3,
}

impl RealNameLevel {
    /// As stored (`people.real_name_level`, `services.required_level`): 1, 2 or 3; anything
    /// else is the lowest.
    pub fn from_number(n: i16) -> Self {
        match n {
            3 => Self::L3,
            2 => Self::L2,
            _ => Self::L1,
        }
    }

    pub fn number(self) -> i16 {
        match self {
            Self::L1 => 1,
            Self::L2 => 2,
            Self::L3 => 3,
        }
    }

    /// The message key naming the level.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::L1 => "real-name-level-1",
            Self::L2 => "real-name-level-2",
            Self::L3 => "real-name-level-3",
        }
    }
}

/// What a level rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LevelSource {
    /// A code sent to the mobile was entered.
    Mobile,
    /// Name and ID number match a live record of the population register.
    BaseData,
    /// A clerk checked the identity document in person.
    Counter,
}

impl LevelSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mobile => "mobile",
            Self::BaseData => "base_data",
            Self::Counter => "counter",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "base_data" => Self::BaseData,
            "counter" => Self::Counter,
            _ => Self::Mobile,
        }
    }

    /// The message key saying where the level came from.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Mobile => "real-name-source-mobile",
            Self::BaseData => "real-name-source-base-data",
            Self::Counter => "real-name-source-counter",
        }
    }
}

/// The population register's record of an ID number, as far as registration looks at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PopulationRecord<'a> {
    pub name: &'a str,
    /// `live`, `deceased` or `cancelled`.
    pub status: &'a str,
}

/// Why the register refuses a registration's name and ID number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityRefusal {
    /// The register knows the ID number under another name.
    NameMismatch,
    /// The register's person is deceased, or the number was cancelled.
    NotLive,
}

impl IdentityRefusal {
    /// The message key, shown on the ID number field.
    pub fn code(self) -> &'static str {
        match self {
            Self::NameMismatch => "identity-name-mismatch",
            Self::NotLive => "identity-not-live",
        }
    }
}

/// The level a new citizen account starts at, given what the register holds for its ID
/// number: L2 when the name matches a live person, L1 when the register has no record (a
/// person it does not cover yet), refused when the record says otherwise.
pub fn level_at_registration(
    name: &str,
    record: Option<PopulationRecord<'_>>,
) -> Result<(RealNameLevel, LevelSource), IdentityRefusal> {
    let Some(record) = record else {
        return Ok((RealNameLevel::L1, LevelSource::Mobile));
    };
    if record.status != "live" {
        return Err(IdentityRefusal::NotLive);
    }
    if record.name.trim() != name.trim() {
        return Err(IdentityRefusal::NameMismatch);
    }
    Ok((RealNameLevel::L2, LevelSource::BaseData))
}

/// Whether a holder at `held` may submit a service that requires `required`.
pub fn may_submit(held: RealNameLevel, required: RealNameLevel) -> bool {
    held >= required
}

/// The level a person must hold for an e-certificate to be issued to them: a certificate says
/// the government vouches for who holds it, which a proven mobile alone cannot carry.
pub const CERTIFICATE_LEVEL: RealNameLevel = RealNameLevel::L2;

/// Whether a person at `held` may hold an e-certificate (else it waits until the level rises).
pub fn may_hold_certificate(held: RealNameLevel) -> bool {
    held >= CERTIFICATE_LEVEL
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificates_need_a_register_match_or_a_counter_check() {
        assert!(!may_hold_certificate(RealNameLevel::L1));
        assert!(may_hold_certificate(RealNameLevel::L2));
        assert!(may_hold_certificate(RealNameLevel::L3));
    }

    fn record<'a>(name: &'a str, status: &'a str) -> Option<PopulationRecord<'a>> {
        Some(PopulationRecord { name, status })
    }

    #[test]
    fn a_live_match_is_level_two_and_an_unknown_number_level_one() {
        assert_eq!(
            level_at_registration("王伟敏", record("王伟敏", "live")),
            Ok((RealNameLevel::L2, LevelSource::BaseData))
        );
        assert_eq!(
            level_at_registration(" 王伟敏 ", record("王伟敏", "live")),
            Ok((RealNameLevel::L2, LevelSource::BaseData)),
            "spaces around a name are not a mismatch"
        );
        assert_eq!(
            level_at_registration("王伟敏", None),
            Ok((RealNameLevel::L1, LevelSource::Mobile))
        );
    }

    #[test]
    fn another_name_or_a_dead_record_is_refused() {
        assert_eq!(
            level_at_registration("李四", record("王伟敏", "live")),
            Err(IdentityRefusal::NameMismatch)
        );
        assert_eq!(
            level_at_registration("王伟敏", record("王伟敏", "deceased")),
            Err(IdentityRefusal::NotLive)
        );
        assert_eq!(
            level_at_registration("王伟敏", record("王伟敏", "cancelled")),
            Err(IdentityRefusal::NotLive)
        );
    }

    #[test]
    fn levels_order_and_round_trip() {
        assert!(may_submit(RealNameLevel::L2, RealNameLevel::L1));
        assert!(may_submit(RealNameLevel::L2, RealNameLevel::L2));
        assert!(!may_submit(RealNameLevel::L1, RealNameLevel::L2));
        assert!(!may_submit(RealNameLevel::L2, RealNameLevel::L3));
        for level in [RealNameLevel::L1, RealNameLevel::L2, RealNameLevel::L3] {
            assert_eq!(RealNameLevel::from_number(level.number()), level);
        }
        assert_eq!(RealNameLevel::from_number(0), RealNameLevel::L1);
        assert_eq!(LevelSource::parse("counter"), LevelSource::Counter);
        assert_eq!(LevelSource::parse("?"), LevelSource::Mobile);
    }
}
