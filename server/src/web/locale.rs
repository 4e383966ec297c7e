use super::cookies::{self, LANG_COOKIE};
use app::i18n::Locale;
use http::{header::ACCEPT_LANGUAGE, HeaderMap};

/// The language of this request: the remembered choice (cookie), else what the browser
/// asks for, else zh-CN. (At login the account's saved choice is written into the cookie.)
pub fn request_locale(headers: &HeaderMap) -> Locale {
    cookies::get(headers, LANG_COOKIE)
        .and_then(|tag| Locale::from_tag(&tag))
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or_default()
}
