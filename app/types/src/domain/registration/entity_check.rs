//! An enterprise registration checked against the legal-entity register (法人基础信息库, fed by
//! 市场监管局): the credit code must name a live entity, with the name and legal representative
//! typed; the registrant becomes its admin at once only as its legal representative (by ID
//! number) at real-name level 2 or more, else the registration waits for the representative.
use crate::domain::real_name::RealNameLevel;

/// The register's record of a credit code, as far as registration looks at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntityRecord<'a> {
    pub name: &'a str,
    pub legal_rep_name: &'a str,
    pub legal_rep_id_number: &'a str,
    /// `active`, `deregistered` or `revoked`.
    pub status: &'a str,
}

/// Why the register refuses a registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityRefusal {
    /// No entity has this credit code.
    NotInRegister,
    /// The entity was deregistered or its licence revoked.
    NotActive,
    /// The register knows the credit code under another name.
    NameMismatch,
    /// The register names another legal representative.
    LegalRepMismatch,
}

impl EntityRefusal {
    /// The form field the refusal is shown on.
    pub fn field(self) -> &'static str {
        match self {
            Self::NotInRegister | Self::NotActive => "credit_code",
            Self::NameMismatch => "enterprise_name",
            Self::LegalRepMismatch => "legal_rep",
        }
    }

    /// The message key.
    pub fn code(self) -> &'static str {
        match self {
            Self::NotInRegister => "entity-not-in-register",
            Self::NotActive => "entity-not-active",
            Self::NameMismatch => "entity-name-mismatch",
            Self::LegalRepMismatch => "entity-legal-rep-mismatch",
        }
    }
}

/// Who registers the enterprise, as far as the register tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registrant {
    /// Its legal representative, proven at level 2 or more: admin at once.
    LegalRepresentative,
    /// Anyone else: the registration waits until the legal representative confirms it.
    Other,
}

/// The registrant's own identity: their ID number and real-name level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegistrantIdentity<'a> {
    pub id_number: &'a str,
    pub level: RealNameLevel,
}

/// Checks the typed name and legal representative against the register's record, and says
/// whether the registrant is the proven legal representative.
pub fn check_registration(
    name: &str,
    legal_rep: &str,
    record: Option<EntityRecord<'_>>,
    registrant: RegistrantIdentity<'_>,
) -> Result<Registrant, EntityRefusal> {
    let record = record.ok_or(EntityRefusal::NotInRegister)?;
    if record.status != "active" {
        return Err(EntityRefusal::NotActive);
    }
    if record.name.trim() != name.trim() {
        return Err(EntityRefusal::NameMismatch);
    }
    if record.legal_rep_name.trim() != legal_rep.trim() {
        return Err(EntityRefusal::LegalRepMismatch);
    }
    Ok(if may_confirm(record, registrant) {
        Registrant::LegalRepresentative
    } else {
        Registrant::Other
    })
}

/// Whether `person` may act as the entity's legal representative: the register's ID number,
/// at level 2 or more (a number the population register has not confirmed proves nothing).
pub fn may_confirm(record: EntityRecord<'_>, person: RegistrantIdentity<'_>) -> bool {
    record.legal_rep_id_number == person.id_number && person.level >= RealNameLevel::L2
}

/// The most characters a legal representative's reason may have.
pub const MAX_REASON_CHARS: usize = 500;

/// The legal representative's answer to a waiting registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Confirm,
    Decline { reason: String },
}

impl Answer {
    /// From the posted `decision` (`confirm` or `decline`) and optional `reason`: `Ok(None)` for
    /// an unknown decision (not a form this portal renders), `Err` with the message key when
    /// the reason is too long.
    pub fn parse(decision: &str, reason: &str) -> Result<Option<Self>, &'static str> {
        let reason = reason.trim();
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err("registration-reason-too-long");
        }
        Ok(match decision {
            "confirm" => Some(Self::Confirm),
            "decline" => Some(Self::Decline {
                reason: reason.to_string(),
            }),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_confirm_or_decline_with_a_bounded_reason() {
        assert_eq!(Answer::parse("confirm", ""), Ok(Some(Answer::Confirm)));
        assert_eq!(
            Answer::parse("decline", "  不认识此人 "),
            Ok(Some(Answer::Decline {
                reason: "不认识此人".into()
            }))
        );
        assert_eq!(Answer::parse("approve", ""), Ok(None));
        let long = "长".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(
            Answer::parse("decline", &long),
            Err("registration-reason-too-long")
        );
    }

    const REP: &str = "350102196001010004";
    const OTHER: &str = "11010519491231002X";

    fn record(status: &'static str) -> Option<EntityRecord<'static>> {
        Some(EntityRecord {
            name: "福州鼓楼示例餐饮1号有限公司",
            legal_rep_name: "王伟敏",
            legal_rep_id_number: REP,
            status,
        })
    }

    fn who(id_number: &'static str, level: RealNameLevel) -> RegistrantIdentity<'static> {
        RegistrantIdentity { id_number, level }
    }

    #[test]
    fn the_proven_legal_representative_registers_at_once_and_anyone_else_waits() {
        let check = |registrant| {
            check_registration(
                "福州鼓楼示例餐饮1号有限公司",
                "王伟敏",
                record("active"),
                registrant,
            )
        };
        assert_eq!(
            check(who(REP, RealNameLevel::L2)),
            Ok(Registrant::LegalRepresentative)
        );
        assert_eq!(
            check(who(REP, RealNameLevel::L3)),
            Ok(Registrant::LegalRepresentative)
        );
        // The representative's number at level 1 is unproven: it waits like anyone's.
        assert_eq!(check(who(REP, RealNameLevel::L1)), Ok(Registrant::Other));
        assert_eq!(check(who(OTHER, RealNameLevel::L3)), Ok(Registrant::Other));
    }

    #[test]
    fn what_the_register_contradicts_is_refused_on_its_field() {
        let me = who(REP, RealNameLevel::L2);
        let refused = |name, rep, record| check_registration(name, rep, record, me).unwrap_err();
        let name = "福州鼓楼示例餐饮1号有限公司";
        assert_eq!(refused(name, "王伟敏", None), EntityRefusal::NotInRegister);
        assert_eq!(
            refused(name, "王伟敏", record("deregistered")),
            EntityRefusal::NotActive
        );
        assert_eq!(
            refused("另一家公司", "王伟敏", record("active")),
            EntityRefusal::NameMismatch
        );
        assert_eq!(
            refused(name, "李伟勇", record("active")),
            EntityRefusal::LegalRepMismatch
        );
        assert_eq!(EntityRefusal::NameMismatch.field(), "enterprise_name");
        assert_eq!(EntityRefusal::LegalRepMismatch.field(), "legal_rep");
        assert_eq!(EntityRefusal::NotActive.field(), "credit_code");
    }
}
