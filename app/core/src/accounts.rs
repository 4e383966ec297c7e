//! Citizen registration, login and the logged-in user's summary.
use super::error::{unique_violation, InternalError};
use super::passwords::{HashError, Hasher};
use super::throttle::{self, ThrottlePolicy};
use portal_types::domain::mobile::MobileNumber;
use portal_types::domain::real_name::{
    level_at_registration, IdentityRefusal, LevelSource, PopulationRecord, RealNameLevel,
};
use portal_types::domain::registration::CitizenRegistration;
use portal_types::domain::resident_id::ResidentId;
use portal_types::domain::roles::Role;
use portal_types::i18n::Locale;
use portal_types::page_context::SessionUser;
use sqlx::{PgPool, Postgres, Transaction};
use thiserror::Error;
use uuid::Uuid;

#[derive(Debug, Error)]
pub enum RegistrationError {
    /// Someone already registered this value; `field` names the form field.
    #[error("{field} already registered")]
    Taken {
        field: &'static str,
        code: &'static str,
    },
    /// The code sent to the mobile was not given right.
    #[error(transparent)]
    Code(#[from] crate::error::CodeRefusal),
    /// The population register knows the ID number otherwise (another name, not live).
    #[error("the population register refuses this name and ID number: {0:?}")]
    Identity(IdentityRefusal),
    /// The legal-entity register knows the credit code otherwise, or not at all.
    #[error("the legal-entity register refuses this enterprise: {0:?}")]
    Entity(portal_types::domain::registration::entity_check::EntityRefusal),
    /// No password-hashing slot came free in time: try again later.
    #[error("password hashing is busy")]
    Busy,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<HashError> for RegistrationError {
    fn from(error: HashError) -> Self {
        match error {
            HashError::Busy => Self::Busy,
            HashError::Internal(error) => Self::Internal(error),
        }
    }
}

impl From<sqlx::Error> for RegistrationError {
    fn from(error: sqlx::Error) -> Self {
        match unique_violation(&error) {
            Some("people_id_number_key") => Self::Taken {
                field: "id_number",
                code: "id-number-taken",
            },
            Some("people_mobile_key") => Self::Taken {
                field: "mobile",
                code: "mobile-taken",
            },
            Some("enterprises_credit_code_key") => Self::Taken {
                field: "credit_code",
                code: "credit-code-taken",
            },
            _ => Self::Internal(error.into()),
        }
    }
}

/// Registers a citizen: verified base data (person) and login account, in one transaction.
/// Uniqueness of ID number and mobile is enforced by the database, so concurrent
/// registrations of the same person cannot both succeed.
pub async fn register_citizen(
    pool: &PgPool,
    hasher: &Hasher,
    reg: &CitizenRegistration,
) -> Result<Uuid, RegistrationError> {
    // Checked before hashing, so that a taken value costs no hash; the constraints still
    // decide between concurrent registrations.
    let (level, source) = {
        let mut conn = pool.acquire().await?;
        check_person_free(&mut conn, reg).await?;
        identity_level(&mut conn, reg).await?
    };
    let hash = hasher.hash(reg.password.expose().to_string()).await?;
    let mut tx = pool.begin().await?;
    let account_id = insert_citizen(&mut tx, reg, &hash, level, source).await?;
    tx.commit().await?;
    Ok(account_id)
}

/// Refuses a registration whose ID number or mobile is already registered.
pub(crate) async fn check_person_free(
    conn: &mut sqlx::PgConnection,
    reg: &CitizenRegistration,
) -> Result<(), RegistrationError> {
    // A reclaimed person row no longer holds its number (see identity::counter::reclaim).
    let (id_number_taken, mobile_taken): (bool, bool) = sqlx::query_as(
        "select exists(select 1 from people where id_number = $1 and reclaimed_at is null),
                exists(select 1 from people where mobile = $2)",
    )
    .bind(reg.id_number.as_str())
    .bind(reg.mobile.as_str())
    .fetch_one(conn)
    .await?;
    if id_number_taken {
        return Err(RegistrationError::Taken {
            field: "id_number",
            code: "id-number-taken",
        });
    }
    if mobile_taken {
        return Err(RegistrationError::Taken {
            field: "mobile",
            code: "mobile-taken",
        });
    }
    Ok(())
}

/// The level a registration starts at, from the population register's record of its ID
/// number (see [`level_at_registration`]); a record that says otherwise refuses it.
pub(crate) async fn identity_level(
    conn: &mut sqlx::PgConnection,
    reg: &CitizenRegistration,
) -> Result<(RealNameLevel, LevelSource), RegistrationError> {
    let record: Option<(String, String)> =
        sqlx::query_as("select name, status from base_people where id_number = $1")
            .bind(reg.id_number.as_str())
            .fetch_optional(conn)
            .await?;
    let record = record.as_ref().map(|(name, status)| PopulationRecord {
        name: name.as_str(),
        status: status.as_str(),
    });
    level_at_registration(reg.real_name.as_str(), record).map_err(RegistrationError::Identity)
}

pub(crate) async fn insert_citizen(
    tx: &mut Transaction<'_, Postgres>,
    reg: &CitizenRegistration,
    password_hash: &str,
    level: RealNameLevel,
    source: LevelSource,
) -> Result<Uuid, RegistrationError> {
    let person_id: Uuid = sqlx::query_scalar(
        "insert into people (real_name, id_number, mobile, real_name_level, level_source)
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(reg.real_name.as_str())
    .bind(reg.id_number.as_str())
    .bind(reg.mobile.as_str())
    .bind(level.number())
    .bind(source.as_str())
    .fetch_one(&mut **tx)
    .await?;
    let account_id = sqlx::query_scalar!(
        "insert into accounts (role, display_name, person_id, password_hash)
         values ('citizen', $1, $2, $3) returning id",
        reg.real_name.as_str(),
        person_id,
        password_hash,
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(account_id)
}

#[derive(Debug, Error)]
pub enum LoginError {
    #[error("too many failed attempts; retry in {seconds} s")]
    Throttled { seconds: i64 },
    /// No password-hashing slot came free in time: try again later.
    #[error("password hashing is busy")]
    Busy,
    /// Unknown account or wrong password: deliberately the same.
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for LoginError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

pub struct LoggedIn {
    pub account_id: Uuid,
    pub locale: Option<Locale>,
    /// Staff (every role but citizens) must still give their second factor.
    pub second_factor: bool,
    /// Where the login lands unless a page sent it (the role's own home).
    pub home: &'static str,
}

/// Checks a login. `account` is a mobile number or resident ID (citizens) or a username (staff).
///
/// The identifier is resolved to its account first, so that an account has one throttling
/// budget whichever identifier is typed; an identifier of no account has a budget of its own,
/// throttled alike, so the answers do not tell which accounts exist.
pub async fn authenticate(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    hasher: &Hasher,
    account: &str,
    password: &str,
    address: &str,
) -> Result<LoggedIn, LoginError> {
    let key = account_key(account);
    let found = sqlx::query!(
        r#"
        select a.id, a.password_hash, a.locale, a.role
        from accounts a left join people p on p.id = a.person_id
        where not a.disabled
          and (a.username = $1 or p.mobile = $1 or p.id_number = $1)
        "#,
        key
    )
    .fetch_optional(pool)
    .await?;
    let throttle_key = match &found {
        Some(row) => format!("account:{}", row.id),
        None => format!("unknown:{key}"),
    };
    // Sign-ins, failures and refusals of existing accounts are audited (an unknown name has no
    // one to attribute them to).
    let audit = |action: &'static str| {
        found.as_ref().map(|row| {
            crate::audit::Entry::account(row.id, &row.role, action)
                .with_detail(serde_json::json!({ "address": address }))
        })
    };
    let attempt = match throttle::reserve(pool, policy, &throttle_key, address).await? {
        Ok(attempt) => attempt,
        Err(seconds) => {
            if let Some(entry) = audit(crate::audit::actions::LOGIN_THROTTLED) {
                crate::audit::record_in(pool, &entry).await?;
            }
            return Err(LoginError::Throttled { seconds });
        }
    };
    let succeeded = audit(crate::audit::actions::LOGIN);
    let failed = audit(crate::audit::actions::LOGIN_FAILED);
    let (stored, account_id, locale, role) = match found {
        Some(row) => (
            Some(row.password_hash),
            Some(row.id),
            row.locale,
            Some(row.role),
        ),
        None => (None, None, None, None),
    };
    let verified = match hasher.verify(password.to_string(), stored).await {
        Ok(verified) => verified,
        Err(HashError::Busy) => {
            throttle::release(pool, attempt).await?;
            return Err(LoginError::Busy);
        }
        Err(HashError::Internal(error)) => return Err(error.into()),
    };
    match account_id {
        Some(account_id) if verified => {
            throttle::succeeded(pool, attempt).await?;
            if let Some(entry) = succeeded {
                crate::audit::record_in(pool, &entry).await?;
            }
            let role = role.as_deref().and_then(Role::parse);
            Ok(LoggedIn {
                account_id,
                locale: locale.as_deref().and_then(Locale::from_tag),
                // An unknown role is treated as staff: the stricter way in.
                second_factor: role.is_none_or(Role::needs_second_factor),
                home: role.map_or("/account", Role::home_path),
            })
        }
        _ => {
            throttle::failed(pool, attempt).await?;
            if let Some(entry) = failed {
                crate::audit::record_in(pool, &entry).await?;
            }
            Err(LoginError::InvalidCredentials)
        }
    }
}

/// The normalised form of what the user typed as account, so that `138 0013 8000`,
/// `13800138000` and `+86 13800138000` count as one account for throttling and lookup.
pub fn account_key(account: &str) -> String {
    if let Ok(mobile) = MobileNumber::parse(account) {
        return mobile.as_str().to_string();
    }
    if let Ok(id) = ResidentId::parse(account) {
        return id.as_str().to_string();
    }
    account.trim().to_lowercase()
}

/// (id, display name, role, department, vendor, unread notifications)
type SessionRow = (Uuid, String, String, Option<String>, Option<Uuid>, i64);

/// The header's view of the logged-in user; `None` when the account is gone or disabled.
/// The user of a session signed in to `account_id` at `signed_in_micros` (Unix microseconds):
/// `None` when the account is gone or disabled, or its sessions signed in before a password
/// change or reset were ended.
pub async fn session_user(
    pool: &PgPool,
    account_id: Uuid,
    signed_in_micros: i64,
) -> Result<Option<SessionUser>, InternalError> {
    let row: Option<SessionRow> = sqlx::query_as(
        "select a.id, a.display_name, a.role, a.department_code, a.vendor_id,
                (select count(*) from notifications n where n.account_id = a.id and n.read_at is null)
         from accounts a where a.id = $1 and not a.disabled
           and (a.sessions_valid_from is null
                or (extract(epoch from a.sessions_valid_from) * 1000000)::bigint <= $2)",
    )
    .bind(account_id)
    .bind(signed_in_micros)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(
        |(account_id, display_name, role, department_code, vendor_id, unread)| {
            Some(SessionUser {
                account_id,
                display_name,
                role: Role::parse(&role)?,
                department_code,
                vendor_id,
                unread_notifications: unread,
            })
        },
    ))
}

/// What the account's password must not contain: its mobile, ID number or username.
pub async fn personal_words(pool: &PgPool, account_id: Uuid) -> Result<Vec<String>, InternalError> {
    let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "select p.mobile, p.id_number, a.username
         from accounts a left join people p on p.id = a.person_id where a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    Ok(row
        .map(|(mobile, id_number, username)| {
            [mobile, id_number, username]
                .into_iter()
                .flatten()
                .collect()
        })
        .unwrap_or_default())
}

pub async fn set_locale(
    pool: &PgPool,
    account_id: Uuid,
    locale: Locale,
) -> Result<(), InternalError> {
    sqlx::query!(
        "update accounts set locale = $2 where id = $1",
        account_id,
        locale.tag()
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Sets or clears the account's e-mail address. Only future notifications go to the new
/// address; mails already queued keep theirs.
pub async fn set_email(
    pool: &PgPool,
    account_id: Uuid,
    email: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update accounts set email = $1 where id = $2",
        email,
        account_id
    )
    .execute(pool)
    .await?;
    Ok(())
}
