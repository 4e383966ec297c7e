//! The SMS gateway's HTTP contract, as the portal's SMS adapter speaks it and the reference
//! gateway answers it: `POST {gateway}/v1/messages` with `Authorization: Bearer {token}` and
//! an `Idempotency-Key` (a retried message is accepted once), body [`SmsRequest`]; the answer
//! is 202 (200 for a repeat) with [`SmsAccepted`], or 4xx with [`SmsError`].
use serde::{Deserialize, Serialize};

pub const MESSAGES_PATH: &str = "/v1/messages";
/// The longest text a message may carry, in characters (a few SMS segments).
pub const MAX_TEXT_CHARS: usize = 500;
/// The longest Idempotency-Key accepted.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 128;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsRequest {
    /// A mainland mobile number, 11 digits.
    pub to: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsAccepted {
    pub id: String,
}

/// `code`: `unauthorized`, `malformed`, `invalid_mobile`, `invalid_text`,
/// `invalid_idempotency_key`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsError {
    pub code: String,
    pub message: String,
}

/// Whether `to` is a mainland mobile number (1, then 3–9, then nine digits).
pub fn is_mobile(to: &str) -> bool {
    let bytes = to.as_bytes();
    bytes.len() == 11
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1])
        && bytes.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_are_eleven_digits_starting_1_3_to_9() {
        assert!(is_mobile("13800138000"));
        assert!(is_mobile("19912345678"));
        assert!(!is_mobile("12800138000"));
        assert!(!is_mobile("1380013800"));
        assert!(!is_mobile("1380013800a"));
        assert!(!is_mobile(""));
    }
}
