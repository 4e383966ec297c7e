//! The city's shared base data (基础信息库): people (人口) and legal entities (法人), fed by the
//! departments that hold them by law, so that nobody is asked again for what the government
//! already knows. Each record carries its source's version: a replayed or older record never
//! overwrites a newer one. Plain rules, tested without a database.
use super::credit_code::CreditCode;
use super::resident_id::ResidentId;
use chrono::NaiveDate;

/// The longest name, address, type or industry kept (characters).
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_ADDRESS_CHARS: usize = 200;

/// Which register a record belongs to, and the one department that feeds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseDataKind {
    People,
    Entities,
}

impl BaseDataKind {
    /// The authoritative department: 公安局 keeps the population register, 市场监管局 the
    /// register of legal entities.
    pub fn authority(self) -> &'static str {
        match self {
            BaseDataKind::People => "GA",
            BaseDataKind::Entities => "SCJG",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BaseDataKind::People => "person",
            BaseDataKind::Entities => "entity",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    /// The sex a resident ID number encodes: its 17th digit, odd for men.
    pub fn of(id: &ResidentId) -> Option<Self> {
        let digit = id.as_str().as_bytes().get(16)?;
        digit.is_ascii_digit().then(|| {
            if (digit - b'0') % 2 == 1 {
                Sex::Male
            } else {
                Sex::Female
            }
        })
    }
}

/// A person's status in the register: only a live person can hold a real-name account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonStatus {
    Live,
    Deceased,
    /// The registration was cancelled (moved away, duplicate number withdrawn).
    Cancelled,
}

impl PersonStatus {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "live" => Some(Self::Live),
            "deceased" => Some(Self::Deceased),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Deceased => "deceased",
            Self::Cancelled => "cancelled",
        }
    }
}

/// A legal entity's status: only an active one can be registered on the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityStatus {
    Active,
    Deregistered,
    Revoked,
}

impl EntityStatus {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "active" => Some(Self::Active),
            "deregistered" => Some(Self::Deregistered),
            "revoked" => Some(Self::Revoked),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Deregistered => "deregistered",
            Self::Revoked => "revoked",
        }
    }
}

/// Why a fed record was not taken (each a machine-readable code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordError {
    IdNumber,
    Name,
    /// The sex does not match the one the ID number encodes.
    Sex,
    /// The birth date does not match the one the ID number encodes.
    BirthDate,
    Address,
    Status,
    CreditCode,
    EntityType,
    Industry,
    LegalRepresentative,
    /// A version is a positive number.
    Version,
}

impl RecordError {
    pub fn code(self) -> &'static str {
        match self {
            Self::IdNumber => "invalid_id_number",
            Self::Name => "invalid_name",
            Self::Sex => "sex_does_not_match_id_number",
            Self::BirthDate => "birth_date_does_not_match_id_number",
            Self::Address => "invalid_address",
            Self::Status => "invalid_status",
            Self::CreditCode => "invalid_credit_code",
            Self::EntityType => "invalid_entity_type",
            Self::Industry => "invalid_industry",
            Self::LegalRepresentative => "invalid_legal_representative",
            Self::Version => "invalid_version",
        }
    }
}

/// A person as the register keeps them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id_number: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub household_address: String,
    pub status: PersonStatus,
}

/// A legal entity as the register keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub credit_code: String,
    pub name: String,
    pub entity_type: String,
    pub industry: String,
    pub legal_rep_id_number: String,
    pub legal_rep_name: String,
    pub registered_address: String,
    pub status: EntityStatus,
}

/// A person's fields as a department sends them.
#[derive(Clone, Copy, Debug)]
pub struct PersonInput<'a> {
    pub id_number: &'a str,
    pub name: &'a str,
    pub sex: &'a str,
    pub birth_date: NaiveDate,
    pub household_address: &'a str,
    pub status: &'a str,
}

/// A legal entity's fields as a department sends them.
#[derive(Clone, Copy, Debug)]
pub struct EntityInput<'a> {
    pub credit_code: &'a str,
    pub name: &'a str,
    pub entity_type: &'a str,
    pub industry: &'a str,
    pub legal_rep_id_number: &'a str,
    pub legal_rep_name: &'a str,
    pub registered_address: &'a str,
    pub status: &'a str,
}

/// A trimmed text of 1 to `max` characters without control characters.
fn text(value: &str, max: usize, error: RecordError) -> Result<String, RecordError> {
    let value = value.trim();
    let fits = !value.is_empty() && value.chars().count() <= max;
    if fits && !value.chars().any(char::is_control) {
        Ok(value.to_string())
    } else {
        Err(error)
    }
}

/// Checks a person's record: a valid ID number whose encoded sex and birth date agree.
pub fn person(input: PersonInput<'_>) -> Result<Person, RecordError> {
    let id = ResidentId::parse(input.id_number).map_err(|_| RecordError::IdNumber)?;
    let sex = Sex::parse(input.sex).ok_or(RecordError::Sex)?;
    if Sex::of(&id) != Some(sex) {
        return Err(RecordError::Sex);
    }
    if id.birth_date() != input.birth_date {
        return Err(RecordError::BirthDate);
    }
    Ok(Person {
        name: text(input.name, MAX_NAME_CHARS, RecordError::Name)?,
        household_address: text(
            input.household_address,
            MAX_ADDRESS_CHARS,
            RecordError::Address,
        )?,
        status: PersonStatus::parse(input.status).ok_or(RecordError::Status)?,
        sex,
        birth_date: input.birth_date,
        id_number: id.into_inner(),
    })
}

/// Checks a legal entity's record: a valid credit code and a legal representative with a
/// valid ID number.
pub fn entity(input: EntityInput<'_>) -> Result<Entity, RecordError> {
    let code = CreditCode::parse(input.credit_code).map_err(|_| RecordError::CreditCode)?;
    let representative = ResidentId::parse(input.legal_rep_id_number)
        .map_err(|_| RecordError::LegalRepresentative)?;
    Ok(Entity {
        credit_code: code.into_inner(),
        name: text(input.name, MAX_NAME_CHARS, RecordError::Name)?,
        entity_type: text(input.entity_type, MAX_NAME_CHARS, RecordError::EntityType)?,
        industry: text(input.industry, MAX_NAME_CHARS, RecordError::Industry)?,
        legal_rep_id_number: representative.into_inner(),
        legal_rep_name: text(
            input.legal_rep_name,
            MAX_NAME_CHARS,
            RecordError::LegalRepresentative,
        )?,
        registered_address: text(
            input.registered_address,
            MAX_ADDRESS_CHARS,
            RecordError::Address,
        )?,
        status: EntityStatus::parse(input.status).ok_or(RecordError::Status)?,
    })
}

/// What a fed record does to the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionDecision {
    /// New, or newer than the one held: it replaces it (and is kept in the history).
    Apply,
    /// The version already held: a replay, with no effect.
    Unchanged,
    /// Older than the one held: ignored, so a late batch never undoes a newer change.
    Stale,
}

/// Compares the incoming source version with the one held (`None`: no record yet).
pub fn decide(held: Option<i64>, incoming: i64) -> VersionDecision {
    match held {
        None => VersionDecision::Apply,
        Some(held) if incoming > held => VersionDecision::Apply,
        Some(held) if incoming == held => VersionDecision::Unchanged,
        Some(_) => VersionDecision::Stale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 11010519491231002X: born 1949-12-31, 17th digit 2 (female).
    const WOMAN: &str = "11010519491231002X";

    fn input<'a>(id: &'a str, sex: &'a str, birth: NaiveDate) -> PersonInput<'a> {
        PersonInput {
            id_number: id,
            name: " 王芳 ",
            sex,
            birth_date: birth,
            household_address: "北京市东城区东华门街道",
            status: "live",
        }
    }

    fn birth() -> NaiveDate {
        NaiveDate::from_ymd_opt(1949, 12, 31).unwrap_or_default()
    }

    #[test]
    fn versions_only_move_forward() {
        assert_eq!(decide(None, 1), VersionDecision::Apply);
        assert_eq!(decide(Some(5), 6), VersionDecision::Apply);
        assert_eq!(decide(Some(5), 5), VersionDecision::Unchanged);
        assert_eq!(decide(Some(5), 4), VersionDecision::Stale);
        assert_eq!(decide(Some(i64::MAX), 1), VersionDecision::Stale);
    }

    #[test]
    fn a_person_agrees_with_their_id_number() {
        let person = person(input(WOMAN, "female", birth())).expect("valid");
        assert_eq!(person.name, "王芳");
        assert_eq!(person.sex, Sex::Female);
        assert_eq!(
            super::person(input(WOMAN, "male", birth())),
            Err(RecordError::Sex)
        );
        let other_day = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default();
        assert_eq!(
            super::person(input(WOMAN, "female", other_day)),
            Err(RecordError::BirthDate)
        );
        assert_eq!(
            super::person(input("110105194912310021", "female", birth())),
            Err(RecordError::IdNumber)
        );
        let blank = PersonInput {
            name: "  ",
            ..input(WOMAN, "female", birth())
        };
        assert_eq!(super::person(blank), Err(RecordError::Name));
        let dead = PersonInput {
            status: "deceased",
            ..input(WOMAN, "female", birth())
        };
        assert_eq!(
            super::person(dead).map(|p| p.status),
            Ok(PersonStatus::Deceased)
        );
        let unknown = PersonInput {
            status: "missing",
            ..input(WOMAN, "female", birth())
        };
        assert_eq!(super::person(unknown), Err(RecordError::Status));
    }

    #[test]
    fn an_entity_names_a_valid_code_and_representative() {
        let code = CreditCode::complete("91110000600037341").unwrap_or_default();
        let good = EntityInput {
            credit_code: &code,
            name: "示例科技有限公司",
            entity_type: "有限责任公司",
            industry: "软件和信息技术服务业",
            legal_rep_id_number: WOMAN,
            legal_rep_name: "王芳",
            registered_address: "北京市海淀区",
            status: "active",
        };
        assert_eq!(entity(good).map(|e| e.status), Ok(EntityStatus::Active));
        let bad_code = EntityInput {
            credit_code: "91110000600037341Z",
            ..good
        };
        assert_eq!(entity(bad_code), Err(RecordError::CreditCode));
        let bad_rep = EntityInput {
            legal_rep_id_number: "123",
            ..good
        };
        assert_eq!(entity(bad_rep), Err(RecordError::LegalRepresentative));
        let gone = EntityInput {
            status: "deregistered",
            ..good
        };
        assert_eq!(
            entity(gone).map(|e| e.status),
            Ok(EntityStatus::Deregistered)
        );
    }
}
