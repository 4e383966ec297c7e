//! One-time codes as stored and sent: [`request`] writes a code (and, for a mobile that has an
//! account, the text message carrying it) and [`redeem`] judges a try, in the caller's
//! transaction. The rules themselves are [`super::one_time_code`]'s.
use super::one_time_code::{self, Issued, Purpose, Verdict};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::PgConnection;
use uuid::Uuid;

/// The key codes are hashed under, derived from the portal's secret for this use alone.
fn code_key(secret: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret)
        .unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()));
    mac.update(b"portal-one-time-codes");
    mac.finalize().into_bytes().to_vec()
}

/// What [`request`] did; the caller answers both the same way whether an account exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requested {
    /// A code was written (and sent, when an account uses the mobile).
    Issued,
    /// The last code for this mobile is younger than the resend interval: wait this long.
    TooSoon { seconds: i64 },
}

/// Whom a code is for: the account the mobile belongs to (a reset), anyone holding the mobile
/// (a registration), or nobody (a reset asked for a mobile without an account).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient {
    Account(Uuid),
    Holder,
    Nobody,
}

/// Issues a code for `purpose` to `mobile`, sent by SMS in `locale` unless the recipient is
/// nobody: then a code nobody receives is written, so that timing and resend limits behave the
/// same for every mobile.
pub async fn request(
    conn: &mut PgConnection,
    secret: &[u8],
    purpose: Purpose,
    mobile: &str,
    recipient: Recipient,
    locale: &str,
) -> Result<Requested, sqlx::Error> {
    let account = match recipient {
        Recipient::Account(account) => Some(account),
        Recipient::Holder | Recipient::Nobody => None,
    };
    // Two requests for one mobile at once: one waits, then sees the other's code.
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1, 17))")
        .bind(format!("{}:{mobile}", purpose.as_str()))
        .execute(&mut *conn)
        .await?;
    // The resend interval holds back a new code while one is pending; once a code was used,
    // the next step (another registration, a reset) may begin at once.
    let (now, last): (DateTime<Utc>, Option<DateTime<Utc>>) = sqlx::query_as(
        "select now(), (select max(issued_at) from one_time_codes
                         where purpose = $1 and mobile = $2 and used_at is null)",
    )
    .bind(purpose.as_str())
    .bind(mobile)
    .fetch_one(&mut *conn)
    .await?;
    if let Err(seconds) = one_time_code::may_resend(last.map(|t| t.timestamp()), now.timestamp()) {
        return Ok(Requested::TooSoon { seconds });
    }
    let code = one_time_code::new_code();
    let hash = one_time_code::hash(&code_key(secret), purpose, mobile, &code);
    sqlx::query(
        "insert into one_time_codes (purpose, mobile, account_id, code_hash, issued_at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(purpose.as_str())
    .bind(mobile)
    .bind(account)
    .bind(&hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if recipient != Recipient::Nobody {
        crate::sms_outbox::queue(
            conn,
            mobile,
            locale,
            purpose.as_str(),
            serde_json::json!({ "code": code }),
            one_time_code::VALID_FOR_SECS,
        )
        .await?;
    }
    Ok(Requested::Issued)
}

/// The outcome of a try: the verdict, and the account the code was sent for when accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redeemed {
    Accepted {
        account: Option<Uuid>,
    },
    Refused(Verdict),
    /// No code was asked for this mobile.
    NoCode,
}

pub use crate::error::CodeRefusal;

/// The refusal a verdict is; `None` for an accepted code.
pub fn refusal_of(verdict: Verdict) -> Option<CodeRefusal> {
    match verdict {
        Verdict::Accepted => None,
        Verdict::Wrong { tries_left } => Some(CodeRefusal::Wrong { tries_left }),
        Verdict::Expired => Some(CodeRefusal::Expired),
        Verdict::TooManyTries => Some(CodeRefusal::TooManyTries),
        Verdict::AlreadyUsed => Some(CodeRefusal::AlreadyUsed),
    }
}

/// (id, hash, issued at, tries, used, account, now)
type CodeRow = (
    i64,
    String,
    DateTime<Utc>,
    i32,
    bool,
    Option<Uuid>,
    DateTime<Utc>,
);

/// Judges `given` against the latest code for `purpose` and `mobile`, counting the try. An
/// accepted code is used up. The caller commits even a refused try (tries must count).
pub async fn redeem(
    conn: &mut PgConnection,
    secret: &[u8],
    purpose: Purpose,
    mobile: &str,
    given: &str,
) -> Result<Redeemed, sqlx::Error> {
    let row: Option<CodeRow> = sqlx::query_as(
        "select id, code_hash, issued_at, tries, used_at is not null, account_id, now()
             from one_time_codes where purpose = $1 and mobile = $2
             order by issued_at desc, id desc limit 1
             for update",
    )
    .bind(purpose.as_str())
    .bind(mobile)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, hash, issued_at, tries, used, account, now)) = row else {
        return Ok(Redeemed::NoCode);
    };
    let issued = Issued {
        hash,
        issued_at: issued_at.timestamp(),
        tries: u32::try_from(tries).unwrap_or(u32::MAX),
        used,
    };
    // Anything but six digits is wrong without hashing (and still a try).
    let given_hash = if one_time_code::looks_like_a_code(given) {
        one_time_code::hash(&code_key(secret), purpose, mobile, given)
    } else {
        String::new()
    };
    let verdict = one_time_code::judge(&issued, &given_hash, now.timestamp());
    match verdict {
        Verdict::Accepted => {
            sqlx::query("update one_time_codes set used_at = now() where id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(Redeemed::Accepted { account })
        }
        Verdict::Wrong { .. } => {
            sqlx::query("update one_time_codes set tries = tries + 1 where id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(Redeemed::Refused(verdict))
        }
        other => Ok(Redeemed::Refused(other)),
    }
}
