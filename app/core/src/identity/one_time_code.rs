//! The 6-digit codes sent by SMS to prove a mobile number (registration, password reset, a new
//! mobile): valid 5 minutes, at most 5 tries, a new one no sooner than 60 s after the last, and
//! stored only as a keyed hash (whoever reads the database cannot try the million codes
//! offline without the portal's secret).
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

pub const DIGITS: usize = 6;
pub const VALID_FOR_SECS: i64 = 300;
pub const MAX_TRIES: u32 = 5;
pub const RESEND_AFTER_SECS: i64 = 60;

/// What a code proves, part of its hash: a registration code does not reset a password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Registration,
    PasswordReset,
    MobileChange,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Registration => "registration",
            Purpose::PasswordReset => "password_reset",
            Purpose::MobileChange => "mobile_change",
        }
    }
}

/// A fresh code: six uniformly random digits (leading zeros kept).
pub fn new_code() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32))
}

/// The stored form of `code` sent to `mobile` for `purpose`, keyed with `key`.
pub fn hash(key: &[u8], purpose: Purpose, mobile: &str, code: &str) -> String {
    // HMAC accepts any key length; the fallback only keeps this free of panics.
    let mut mac = Hmac::<Sha256>::new_from_slice(key)
        .unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()));
    mac.update(format!("{}\n{mobile}\n{code}", purpose.as_str()).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A code as stored: its hash, when it was sent, how often it was tried, whether it was used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    pub hash: String,
    pub issued_at: i64,
    pub tries: u32,
    pub used: bool,
}

/// The verdict on one try; every try but an accepted one counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    Wrong { tries_left: u32 },
    Expired,
    TooManyTries,
    AlreadyUsed,
}

/// Judges `given` against `issued` at unix time `now`. The caller records the try (and marks
/// an accepted code used) in the same transaction that read it.
pub fn judge(issued: &Issued, given_hash: &str, now: i64) -> Verdict {
    if issued.used {
        return Verdict::AlreadyUsed;
    }
    if issued.tries >= MAX_TRIES {
        return Verdict::TooManyTries;
    }
    if now - issued.issued_at > VALID_FOR_SECS || now < issued.issued_at {
        return Verdict::Expired;
    }
    let matches: bool =
        subtle::ConstantTimeEq::ct_eq(issued.hash.as_bytes(), given_hash.as_bytes()).into();
    if matches {
        Verdict::Accepted
    } else {
        Verdict::Wrong {
            tries_left: MAX_TRIES.saturating_sub(issued.tries + 1),
        }
    }
}

/// Whether a new code may be sent now; else how many seconds to wait.
pub fn may_resend(last_issued_at: Option<i64>, now: i64) -> Result<(), i64> {
    match last_issued_at {
        Some(at) if now - at < RESEND_AFTER_SECS => Err(RESEND_AFTER_SECS - (now - at)),
        _ => Ok(()),
    }
}

/// Only six ASCII digits can be a code (anything else is a wrong try without hashing).
pub fn looks_like_a_code(given: &str) -> bool {
    given.len() == DIGITS && given.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"portal secret for the tests, 32b";

    fn issued(code: &str, at: i64) -> Issued {
        Issued {
            hash: hash(KEY, Purpose::Registration, "13800138000", code),
            issued_at: at,
            tries: 0,
            used: false,
        }
    }

    fn given(code: &str) -> String {
        hash(KEY, Purpose::Registration, "13800138000", code)
    }

    #[test]
    fn a_code_works_once_within_five_minutes() {
        let code = issued("042517", 1_000);
        assert_eq!(
            judge(&code, &given("042517"), 1_000 + 300),
            Verdict::Accepted
        );
        assert_eq!(
            judge(&code, &given("042517"), 1_000 + 301),
            Verdict::Expired
        );
        assert_eq!(judge(&code, &given("042517"), 999), Verdict::Expired);
        let used = Issued { used: true, ..code };
        assert_eq!(judge(&used, &given("042517"), 1_010), Verdict::AlreadyUsed);
    }

    #[test]
    fn five_tries_then_none() {
        let mut code = issued("042517", 1_000);
        for left in (0..5).rev() {
            assert_eq!(
                judge(&code, &given("000000"), 1_010),
                Verdict::Wrong { tries_left: left }
            );
            code.tries += 1;
        }
        // Even the right code is refused now.
        assert_eq!(judge(&code, &given("042517"), 1_010), Verdict::TooManyTries);
    }

    #[test]
    fn a_code_is_bound_to_its_purpose_mobile_and_key() {
        let code = issued("042517", 1_000);
        let reset = hash(KEY, Purpose::PasswordReset, "13800138000", "042517");
        let other_mobile = hash(KEY, Purpose::Registration, "13900139000", "042517");
        let other_key = hash(b"another", Purpose::Registration, "13800138000", "042517");
        for wrong in [reset, other_mobile, other_key] {
            assert!(matches!(judge(&code, &wrong, 1_010), Verdict::Wrong { .. }));
        }
        assert!(!code.hash.contains("042517"), "never stored in clear");
    }

    #[test]
    fn resending_waits_a_minute_and_codes_are_six_digits() {
        assert_eq!(may_resend(None, 5), Ok(()));
        assert_eq!(may_resend(Some(100), 130), Err(30));
        assert_eq!(may_resend(Some(100), 160), Ok(()));
        for _ in 0..200 {
            assert!(looks_like_a_code(&new_code()));
        }
        assert!(!looks_like_a_code("12345"));
        assert!(!looks_like_a_code("12345a"));
        assert!(!looks_like_a_code("１２３４５６"));
    }
}
