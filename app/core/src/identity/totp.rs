//! Time-based one-time passwords (RFC 6238, HOTP of RFC 4226 over 30-second steps) for staff
//! second factors: six digits, HMAC-SHA1 as every authenticator app computes them, one step of
//! clock drift either way, and a step once accepted never accepted again (a code seen over a
//! shoulder cannot be replayed).
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha512};

pub const STEP_SECS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Steps accepted either side of now (clock drift of the phone).
pub const DRIFT_STEPS: i64 = 1;

/// The hash an authenticator uses; SHA-1 is what the apps default to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

fn mac<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length: the `Err` arm cannot happen.
    <M as KeyInit>::new_from_slice(key)
        .map(|mut m| {
            Mac::update(&mut m, message);
            m.finalize().into_bytes().to_vec()
        })
        .unwrap_or_default()
}

fn hmac_of(algorithm: Algorithm, key: &[u8], message: &[u8]) -> Vec<u8> {
    match algorithm {
        Algorithm::Sha1 => mac::<Hmac<Sha1>>(key, message),
        Algorithm::Sha256 => mac::<Hmac<Sha256>>(key, message),
        Algorithm::Sha512 => mac::<Hmac<Sha512>>(key, message),
    }
}

/// HOTP (RFC 4226 §5.3): dynamic truncation of the HMAC of the counter, `digits` digits.
pub fn hotp(algorithm: Algorithm, key: &[u8], counter: u64, digits: u32) -> String {
    let mac = hmac_of(algorithm, key, &counter.to_be_bytes());
    let offset = mac.last().map_or(0, |b| usize::from(b & 0x0f));
    let part = |i: usize| u32::from(mac.get(offset + i).copied().unwrap_or(0));
    let binary = ((part(0) & 0x7f) << 24) | (part(1) << 16) | (part(2) << 8) | part(3);
    let modulus = 10u32.saturating_pow(digits.min(9));
    format!("{:0width$}", binary % modulus, width = digits as usize)
}

/// The step a unix time falls in.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECS)
}

/// The code of the step `unix` falls in.
pub fn code_at(algorithm: Algorithm, key: &[u8], unix: i64, digits: u32) -> String {
    hotp(algorithm, key, step_of(unix).max(0).unsigned_abs(), digits)
}

/// The step `given` belongs to, when it is the code of now or a step either side and that step
/// is later than `last_used_step` (the caller stores it as the new last used step).
pub fn verify(key: &[u8], given: &str, now: i64, last_used_step: Option<i64>) -> Option<i64> {
    let given = given.trim();
    if given.len() != DIGITS as usize || !given.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now_step = step_of(now);
    (now_step - DRIFT_STEPS..=now_step + DRIFT_STEPS)
        .filter(|step| *step >= 0 && last_used_step.is_none_or(|last| *step > last))
        .find(|step| {
            let expected = hotp(Algorithm::Sha1, key, step.unsigned_abs(), DIGITS);
            subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), given.as_bytes()).into()
        })
}

/// A new secret: 20 random bytes (the size RFC 4226 recommends for SHA-1).
pub fn new_secret() -> [u8; 20] {
    rand::random()
}

/// Base32 (RFC 4648, no padding): how authenticator apps take a secret.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The bytes of a base32 secret as typed from the enrolment page (any case, spaces ignored);
/// `None` when it is not base32.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let (mut buffer, mut bits) = (0u32, 0u32);
    let mut out = Vec::new();
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The `otpauth://` URI an authenticator app reads from a QR code.
pub fn provisioning_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        encode(issuer),
        encode(account),
        base32(secret),
        encode(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: the seeds and the 8-digit codes for each time and algorithm.
    #[test]
    fn rfc_6238_test_vectors() {
        let sha1_key = b"12345678901234567890";
        let sha256_key = b"12345678901234567890123456789012";
        let sha512_key = b"1234567890123456789012345678901234567890123456789012345678901234";
        let vectors: [(i64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ];
        for (time, sha1, sha256, sha512) in vectors {
            assert_eq!(code_at(Algorithm::Sha1, sha1_key, time, 8), sha1, "{time}");
            assert_eq!(
                code_at(Algorithm::Sha256, sha256_key, time, 8),
                sha256,
                "{time}"
            );
            assert_eq!(
                code_at(Algorithm::Sha512, sha512_key, time, 8),
                sha512,
                "{time}"
            );
        }
    }

    #[test]
    fn a_code_works_within_one_step_of_drift_and_only_once() {
        let key = b"12345678901234567890";
        let now = 1_111_111_111;
        let code = code_at(Algorithm::Sha1, key, now, DIGITS);
        let step = step_of(now);
        assert_eq!(verify(key, &code, now, None), Some(step));
        assert_eq!(
            verify(key, &code, now + STEP_SECS, None),
            Some(step),
            "a late phone"
        );
        assert_eq!(
            verify(key, &code, now - STEP_SECS, None),
            Some(step),
            "an early one"
        );
        assert_eq!(
            verify(key, &code, now + 2 * STEP_SECS, None),
            None,
            "too late"
        );
        // Once used, that step (and every earlier one) is spent.
        assert_eq!(verify(key, &code, now, Some(step)), None);
        assert_eq!(verify(key, "12345", now, None), None);
        assert_eq!(verify(key, "abcdef", now, None), None);
    }

    #[test]
    fn secrets_travel_as_base32_in_an_otpauth_uri() {
        // RFC 4648 §10.
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(
            base32_decode("mzxw 6ytb oi").as_deref(),
            Some(&b"foobar"[..])
        );
        assert_eq!(
            base32_decode("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ").as_deref(),
            Some(&b"12345678901234567890"[..])
        );
        assert_eq!(base32_decode("GEZD1"), None);
        let uri = provisioning_uri("一网通办", "clerk.ga", b"12345678901234567890");
        assert!(uri.starts_with("otpauth://totp/%E4%B8%80"), "{uri}");
        assert!(uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        assert!(uri.contains(":clerk.ga?"));
    }
}
