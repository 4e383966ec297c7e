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

/// Where to go after a form: only a path on this site (no open redirects). `next` is parsed
/// as a browser would, against a stand-in origin, rather than pattern-matched, so that tabs,
/// newlines, backslashes or encoded tricks that browsers drop or rewrite cannot turn it into
/// another host. The result is the parsed path and query, re-serialised.
pub fn safe_next(next: Option<&String>, default: &str) -> String {
    next.and_then(|next| same_site_path(next))
        .unwrap_or_else(|| default.to_string())
}

fn same_site_path(next: &str) -> Option<String> {
    // Only absolute paths: a relative or scheme-relative `next` is not a path on this site.
    if !next.starts_with('/') {
        return None;
    }
    let base = url::Url::parse("https://portal.invalid/").ok()?;
    let parsed = base.join(next).ok()?;
    let same_origin = parsed.origin() == base.origin()
        && parsed.username().is_empty()
        && parsed.password().is_none();
    if !same_origin {
        return None;
    }
    let path = &parsed[url::Position::BeforePath..url::Position::AfterQuery];
    // After parsing the path must still be a single-slash path, never `//host`.
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
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
        for evil in [
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r/evil.example",
            " //evil.example",
            "\t//evil.example",
            "/\u{0}/evil.example",
            "/\\/evil.example",
            "/%2F/evil.example",
            "https:/evil.example",
            "relative",
            "",
        ] {
            let next = safe_next(Some(&evil.to_string()), "/");
            assert!(
                next.starts_with('/') && !next.starts_with("//") && !next.contains('\\'),
                "{evil:?} gave {next:?}"
            );
        }
        assert_eq!(
            safe_next(Some(&"/services?topic=hunyin".into()), "/"),
            "/services?topic=hunyin"
        );
    }
}
