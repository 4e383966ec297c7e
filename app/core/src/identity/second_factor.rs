//! Staff second factors: every account that is not a citizen's (clerks, supervisors, the
//! operator, vendors' staff) proves a TOTP code ([`super::totp`]) or a recovery code after its
//! password, before any of its pages. The secret is sealed at rest under a key derived from
//! PORTAL_SECRET for this purpose; a code's time step, once accepted, is never accepted again.
//! Wrong codes count in the login throttle of the account, as wrong passwords do.
use super::totp;
use crate::error::InternalError;
use crate::sealing::Sealer;
use crate::throttle::{self, ThrottlePolicy};
use portal_types::domain::roles::Role;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

const PURPOSE: &str = "second-factor-secrets";
/// Recovery codes given at enrolment; each works once.
pub const RECOVERY_CODES: usize = 10;
/// How long an enrolment that was started but not confirmed keeps its secret (the QR code
/// shown stays valid across reloads of the page).
const PENDING_MINUTES: i64 = 30;

/// Whether accounts of `role` need a second factor: all but citizens (who prove their mobile).
pub fn required_for(role: Role) -> bool {
    role.needs_second_factor()
}

/// The sealers of second-factor secrets: this portal's secret and those it replaced.
pub struct Sealers {
    current: Sealer,
    previous: Vec<Sealer>,
}

static SEALERS: std::sync::OnceLock<Sealers> = std::sync::OnceLock::new();

/// Sets this process's sealers, once at start.
pub fn install(master: &[u8], previous: &[Vec<u8>]) {
    let _ = SEALERS.set(Sealers {
        current: Sealer::derive(master, PURPOSE),
        previous: previous
            .iter()
            .map(|m| Sealer::derive(m, PURPOSE))
            .collect(),
    });
}

fn sealers() -> &'static Sealers {
    SEALERS.get_or_init(|| Sealers {
        current: Sealer::derive(b"", PURPOSE),
        previous: Vec::new(),
    })
}

fn seal(account_id: Uuid, secret: &[u8]) -> Vec<u8> {
    sealers()
        .current
        .seal(secret, account_id.as_bytes().as_slice())
}

fn open(account_id: Uuid, sealed: &[u8]) -> Option<Vec<u8>> {
    let s = sealers();
    std::iter::once(&s.current)
        .chain(&s.previous)
        .find_map(|sealer| sealer.open(sealed, account_id.as_bytes().as_slice()))
}

/// Where an account stands with its second factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Enrolled,
    NotEnrolled,
}

pub async fn standing(pool: &PgPool, account_id: Uuid) -> Result<Standing, InternalError> {
    let enrolled: Option<bool> = sqlx::query_scalar(
        "select enrolled_at is not null from second_factors where account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    Ok(if enrolled == Some(true) {
        Standing::Enrolled
    } else {
        Standing::NotEnrolled
    })
}

/// What the enrolment page shows: the secret, for the QR code and for typing in, and the
/// account's username, which the authenticator app lists it under.
#[derive(Clone, Debug)]
pub struct Enrolment {
    pub secret: Vec<u8>,
    pub username: String,
}

/// The account's username, its sealed secret if any, whether it is enrolled, and whether an
/// unconfirmed secret is still fresh.
type EnrolmentRow = (Option<String>, Option<Vec<u8>>, bool, bool);

/// The secret of an enrolment in progress (the same one while it is fresh, so reloading the
/// page keeps the QR code already scanned); `None` when the account is already enrolled.
pub async fn begin_enrolment(
    pool: &PgPool,
    account_id: Uuid,
) -> Result<Option<Enrolment>, InternalError> {
    let existing: Option<EnrolmentRow> = sqlx::query_as(
        "select a.username, f.secret_sealed, coalesce(f.enrolled_at is not null, false),
                coalesce(f.created_at > now() - make_interval(mins => $2::int), false)
         from accounts a left join second_factors f on f.account_id = a.id
         where a.id = $1",
    )
    .bind(account_id)
    .bind(PENDING_MINUTES as i32)
    .fetch_optional(pool)
    .await?;
    let Some((username, sealed, enrolled, fresh)) = existing else {
        return Ok(None);
    };
    let username = username.unwrap_or_default();
    if enrolled {
        return Ok(None);
    }
    if let (Some(sealed), true) = (sealed, fresh) {
        if let Some(secret) = open(account_id, &sealed) {
            return Ok(Some(Enrolment { secret, username }));
        }
    }
    let secret = totp::new_secret().to_vec();
    // Only an unconfirmed enrolment is replaced; an enrolled factor is never overwritten here.
    let written = sqlx::query(
        "insert into second_factors (account_id, secret_sealed) values ($1, $2)
         on conflict (account_id) do update
            set secret_sealed = excluded.secret_sealed, created_at = now(), last_used_step = null
            where second_factors.enrolled_at is null",
    )
    .bind(account_id)
    .bind(seal(account_id, &secret))
    .execute(pool)
    .await?;
    Ok((written.rows_affected() == 1).then_some(Enrolment { secret, username }))
}

#[derive(Debug, thiserror::Error)]
pub enum SecondFactorError {
    /// Not the code of now (or already used), nor an unused recovery code.
    #[error("wrong code")]
    WrongCode,
    /// Too many wrong codes lately: wait this many seconds.
    #[error("throttled")]
    Throttled { seconds: i64 },
    /// There is nothing to confirm or check (no enrolment started, or already enrolled).
    #[error("no enrolment")]
    NoEnrolment,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for SecondFactorError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

/// Confirms an enrolment with the first code the app shows: the factor is enrolled and its
/// recovery codes returned (shown once, stored only as hashes). Audited.
pub async fn confirm_enrolment(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    account_id: Uuid,
    code: &str,
    address: &str,
    now: i64,
) -> Result<Vec<String>, SecondFactorError> {
    let attempt = reserve(pool, policy, account_id, address).await?;
    let mut tx = pool.begin().await?;
    let Some((sealed, last, role)) = locked_factor(&mut tx, account_id, false).await? else {
        throttle::release(pool, attempt).await?;
        return Err(SecondFactorError::NoEnrolment);
    };
    let step = open(account_id, &sealed).and_then(|secret| totp::verify(&secret, code, now, last));
    let Some(step) = step else {
        drop(tx);
        throttle::failed(pool, attempt).await?;
        return Err(SecondFactorError::WrongCode);
    };
    sqlx::query(
        "update second_factors set enrolled_at = now(), last_used_step = $2 where account_id = $1",
    )
    .bind(account_id)
    .bind(step)
    .execute(&mut *tx)
    .await?;
    let codes = new_recovery_codes();
    sqlx::query("delete from recovery_codes where account_id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    for code in &codes {
        sqlx::query("insert into recovery_codes (account_id, code_hash) values ($1, $2)")
            .bind(account_id)
            .bind(recovery_hash(code))
            .execute(&mut *tx)
            .await?;
    }
    let entry = crate::audit::Entry::account(
        account_id,
        &role,
        crate::audit::actions::SECOND_FACTOR_ENROLLED,
    );
    crate::audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    throttle::succeeded(pool, attempt).await?;
    Ok(codes)
}

/// Checks the second step of a login: a TOTP code (its step then spent) or an unused recovery
/// code (then used). Audited either way.
pub async fn check(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    account_id: Uuid,
    code: &str,
    address: &str,
    now: i64,
) -> Result<(), SecondFactorError> {
    let attempt = reserve(pool, policy, account_id, address).await?;
    let mut tx = pool.begin().await?;
    let Some((sealed, last, role)) = locked_factor(&mut tx, account_id, true).await? else {
        throttle::release(pool, attempt).await?;
        return Err(SecondFactorError::NoEnrolment);
    };
    let accepted = match open(account_id, &sealed).and_then(|s| totp::verify(&s, code, now, last)) {
        Some(step) => {
            sqlx::query("update second_factors set last_used_step = $2 where account_id = $1")
                .bind(account_id)
                .bind(step)
                .execute(&mut *tx)
                .await?;
            true
        }
        None => match normalise_recovery(code) {
            Some(recovery) => {
                sqlx::query(
                    "update recovery_codes set used_at = now()
                     where account_id = $1 and code_hash = $2 and used_at is null",
                )
                .bind(account_id)
                .bind(recovery_hash(&recovery))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1
            }
            None => false,
        },
    };
    let action = if accepted {
        crate::audit::actions::SECOND_FACTOR_PASSED
    } else {
        crate::audit::actions::SECOND_FACTOR_FAILED
    };
    let entry = crate::audit::Entry::account(account_id, &role, action)
        .with_detail(serde_json::json!({ "address": address }));
    crate::audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    if accepted {
        throttle::succeeded(pool, attempt).await?;
        Ok(())
    } else {
        throttle::failed(pool, attempt).await?;
        Err(SecondFactorError::WrongCode)
    }
}

/// The sealed secret, last used step and role of an active account's factor, enrolled or
/// (`enrolled: false`) still to be confirmed; locked until the transaction ends, so that two
/// posts of one code cannot both spend its step.
async fn locked_factor(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    account_id: Uuid,
    enrolled: bool,
) -> Result<Option<(Vec<u8>, Option<i64>, String)>, sqlx::Error> {
    sqlx::query_as(
        "select f.secret_sealed, f.last_used_step, a.role
         from second_factors f join accounts a on a.id = f.account_id
         where f.account_id = $1 and (f.enrolled_at is not null) = $2 and not a.disabled
         for update of f",
    )
    .bind(account_id)
    .bind(enrolled)
    .fetch_optional(&mut **tx)
    .await
}

async fn reserve(
    pool: &PgPool,
    policy: &ThrottlePolicy,
    account_id: Uuid,
    address: &str,
) -> Result<throttle::Attempt, SecondFactorError> {
    throttle::reserve(
        pool,
        policy,
        &format!("second-factor:{account_id}"),
        address,
    )
    .await?
    .map_err(|seconds| SecondFactorError::Throttled { seconds })
}

/// Enrols `secret` at once (the demo's staff, whose shared secret the README gives, and
/// tests): no first code, no recovery codes.
pub async fn enrol_known_secret(
    pool: &PgPool,
    account_id: Uuid,
    secret: &[u8],
) -> Result<(), InternalError> {
    sqlx::query(
        "insert into second_factors (account_id, secret_sealed, enrolled_at) values ($1, $2, now())
         on conflict (account_id) do update
            set secret_sealed = excluded.secret_sealed, enrolled_at = now(), last_used_step = null",
    )
    .bind(account_id)
    .bind(seal(account_id, secret))
    .execute(pool)
    .await?;
    Ok(())
}

/// Accounts that need a second factor and have not begun to enrol one (the demo enrols its
/// own seeded accounts).
pub async fn without_second_factor(pool: &PgPool) -> Result<Vec<Uuid>, InternalError> {
    Ok(sqlx::query_scalar(
        "select a.id from accounts a
         where a.role <> 'citizen' and a.created_by is null
           and not exists (select 1 from second_factors f where f.account_id = a.id)",
    )
    .fetch_all(pool)
    .await?)
}

/// Ten codes of 16 base32 characters (80 random bits) in groups of four: `ABCD-EFGH-…`.
fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let bytes: [u8; 10] = rand::random();
            let plain = totp::base32(&bytes);
            group(&plain)
        })
        .collect()
}

fn group(plain: &str) -> String {
    plain
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A recovery code as typed (any case, spaces or dashes) in its stored form, when it can be one.
pub fn normalise_recovery(typed: &str) -> Option<String> {
    let plain: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = plain.len() == 16
        && plain
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b));
    valid.then(|| group(&plain))
}

/// What is stored of a recovery code: 80 random bits need no slow hash.
pub fn recovery_hash(code: &str) -> Vec<u8> {
    Sha256::digest(code.as_bytes()).to_vec()
}

/// A QR code of `text` as an SVG image (dark modules on white, a quiet zone around).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    // Inside an HTML page the XML declaration is noise.
    let start = svg.find("<svg")?;
    Some(svg[start..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_but_citizens_needs_a_second_factor() {
        assert!(!required_for(Role::Citizen));
        for role in [
            Role::Clerk,
            Role::Supervisor,
            Role::Operator,
            Role::VendorAdmin,
            Role::VendorStaff,
        ] {
            assert!(required_for(role), "{role:?}");
        }
    }

    #[test]
    fn recovery_codes_are_long_random_and_typed_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert_eq!(code.len(), 19, "{code}");
        assert_eq!(normalise_recovery(code).as_deref(), Some(code.as_str()));
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalise_recovery(&typed).as_deref(), Some(code.as_str()));
        assert_eq!(normalise_recovery("123456"), None);
        assert_eq!(
            normalise_recovery("ABCD-EFGH-IJKL-MNO1"),
            None,
            "1 is not base32"
        );
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_account() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let sealed = seal(a, b"12345678901234567890");
        assert_eq!(
            open(a, &sealed).as_deref(),
            Some(&b"12345678901234567890"[..])
        );
        assert_eq!(open(b, &sealed), None);
    }

    #[test]
    fn the_qr_code_is_an_svg_image() {
        let svg = qr_svg("otpauth://totp/x:y?secret=GEZDGNBV").unwrap_or_default();
        assert!(svg.starts_with("<svg"), "{svg}");
    }
}
