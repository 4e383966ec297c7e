use super::errors;
use app::domain::registration::Answers;
use app::i18n::Locale;
use axum::body::{to_bytes, Body};
use axum::response::Response;

/// Reads an `application/x-www-form-urlencoded` body into answers. Repeated names keep the
/// last value. Malformed bodies are a 400, oversized ones a 413.
pub async fn read_answers(body: Body, locale: Locale) -> Result<Answers, Response> {
    let bytes = to_bytes(body, usize::MAX)
        .await
        .map_err(|_| errors::payload_too_large(locale))?;
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .map(|pairs| pairs.into_iter().collect())
        .map_err(|_| errors::bad_request(locale))
}

/// Only same-site paths may be redirected to after a form (no open redirects).
pub fn safe_next(next: Option<&String>, default: &str) -> String {
    match next.map(|n| n.trim()) {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => default.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_stay_on_the_site() {
        assert_eq!(safe_next(Some(&"/account".into()), "/"), "/account");
        assert_eq!(safe_next(Some(&"//evil.example".into()), "/"), "/");
        assert_eq!(safe_next(Some(&"https://evil.example".into()), "/"), "/");
        assert_eq!(safe_next(Some(&"/\\evil.example".into()), "/"), "/");
        assert_eq!(safe_next(None, "/x"), "/x");
    }
}
