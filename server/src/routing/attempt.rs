//! How one HTTP delivery attempt ended, per protocol v1.

/// The largest answer body read from a department system.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// How one HTTP attempt ended.
pub(super) enum Sent {
    Ok {
        status: u16,
    },
    /// Worth retrying: timeout, connection error, 408/425/429/5xx.
    Transient {
        status: Option<u16>,
        error: String,
    },
    /// Never going to work: other 4xx, a redirect, an unusable backend configuration.
    Permanent {
        status: Option<u16>,
        error: String,
    },
}

/// Protocol v1: 2xx delivered; 408/425/429/5xx retried; any other answer is permanent.
pub(super) fn classify(status: u16, body: &[u8]) -> (Sent, Option<String>) {
    let snippet = || String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
    match status {
        200..=299 => {
            let reference = serde_json::from_slice::<portal_protocol::DeliveryReceipt>(body)
                .ok()
                .and_then(|r| r.reference);
            (Sent::Ok { status }, reference)
        }
        408 | 425 | 429 | 500..=599 => (
            Sent::Transient {
                status: Some(status),
                error: format!("HTTP {status}: {}", snippet()),
            },
            None,
        ),
        _ => (
            Sent::Permanent {
                status: Some(status),
                error: format!("HTTP {status}: {}", snippet()),
            },
            None,
        ),
    }
}

pub(super) async fn read_limited(mut response: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        body.extend_from_slice(&chunk);
        if body.len() >= MAX_ANSWER_BYTES {
            break;
        }
    }
    body
}

/// The error and its causes ("error sending request: … Connection refused"), without the URL.
pub(super) fn error_text(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() { "timeout: " } else { "" };
    let mut text = format!(
        "{kind}{}",
        error.to_string().split(" for url").next().unwrap_or("")
    );
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_as_the_protocol_says() {
        let ok = classify(201, br#"{"received":true,"reference":"R-1"}"#);
        assert!(matches!(ok, (Sent::Ok { status: 201 }, Some(ref r)) if r == "R-1"));
        for retry in [408, 425, 429, 500, 503] {
            assert!(
                matches!(classify(retry, b"").0, Sent::Transient { .. }),
                "{retry}"
            );
        }
        for dead in [301, 400, 401, 404, 409, 422] {
            assert!(
                matches!(classify(dead, b"").0, Sent::Permanent { .. }),
                "{dead}"
            );
        }
    }
}
