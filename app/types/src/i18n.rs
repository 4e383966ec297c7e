//! Translations live in `app/locales/{zh-CN,en}/*.ftl` (Fluent); this module only looks them up.
//! zh-CN is the default and the fallback.
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

// Every translation file, on the server.
#[cfg(not(target_arch = "wasm32"))]
fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../locales",
        fallback_language: "zh-CN",
        // Bidi isolation marks would end up inside <input value> and e-mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

// In the browser only the islands translate (form fields, the application form): they need
// the files below, not the marketplace's, the e-mails' or the workbench's, whose text would
// be a fifth of the WebAssembly.
#[cfg(target_arch = "wasm32")]
static LOCALES: std::sync::LazyLock<fluent_templates::StaticLoader> =
    std::sync::LazyLock::new(browser::loader);

/// The translation files the browser carries, per language.
pub mod browser {
    use fluent_templates::fluent_bundle::FluentResource;
    use fluent_templates::{LanguageIdentifier, StaticLoader};
    use std::collections::HashMap;
    use std::sync::LazyLock;

    pub const FILES: [(&str, [&str; 4]); 2] = [
        (
            "zh-CN",
            [
                include_str!("../../locales/zh-CN/main.ftl"),
                include_str!("../../locales/zh-CN/forms.ftl"),
                include_str!("../../locales/zh-CN/cases.ftl"),
                include_str!("../../locales/zh-CN/identity.ftl"),
            ],
        ),
        (
            "en",
            [
                include_str!("../../locales/en/main.ftl"),
                include_str!("../../locales/en/forms.ftl"),
                include_str!("../../locales/en/cases.ftl"),
                include_str!("../../locales/en/identity.ftl"),
            ],
        ),
    ];

    /// A loader of [`FILES`] that behaves as the server's (zh-CN the fallback, no isolation
    /// marks).
    pub fn loader() -> StaticLoader {
        static RESOURCES: LazyLock<HashMap<LanguageIdentifier, Vec<FluentResource>>> =
            LazyLock::new(|| {
                FILES
                    .iter()
                    .filter_map(|(tag, files)| {
                        let lang = tag.parse::<LanguageIdentifier>().ok()?;
                        let resources = files
                            .iter()
                            .map(|text| match FluentResource::try_new(text.to_string()) {
                                Ok(resource) | Err((resource, _)) => resource,
                            })
                            .collect();
                        Some((lang, resources))
                    })
                    .collect()
            });
        static BUNDLES: LazyLock<
            HashMap<LanguageIdentifier, fluent_templates::FluentBundle<&'static FluentResource>>,
        > = LazyLock::new(|| {
            fluent_templates::loader::build_bundles(&RESOURCES, None, |bundle| {
                bundle.set_use_isolating(false)
            })
        });
        static FALLBACKS: LazyLock<HashMap<LanguageIdentifier, Vec<LanguageIdentifier>>> =
            LazyLock::new(|| {
                fluent_templates::loader::build_fallbacks(
                    &RESOURCES.keys().cloned().collect::<Vec<_>>(),
                )
            });
        StaticLoader::new(&BUNDLES, &FALLBACKS, fluent_templates::langid!("zh-CN"))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag == "zh" || tag.starts_with("zh-") || tag.starts_with("zh_") {
            Some(Locale::ZhCn)
        } else if tag == "en" || tag.starts_with("en-") || tag.starts_with("en_") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, by q-value.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(Locale, f32)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::from_tag(tag) {
                if q > 0.0 && best.is_none_or(|(_, best_q)| q > best_q) {
                    best = Some((locale, q));
                }
            }
        }
        best.map(|(locale, _)| locale)
    }

    fn language_id(self) -> LanguageIdentifier {
        match self {
            Locale::ZhCn => fluent_templates::langid!("zh-CN"),
            Locale::En => fluent_templates::langid!("en"),
        }
    }

    /// The translation of `key`; a missing key shows the key itself so it is noticed, never a panic.
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.language_id(), key)
            .unwrap_or_else(|| key.to_string())
    }

    pub fn t_args(self, key: &str, args: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| {
                (
                    Cow::Owned(name.to_string()),
                    FluentValue::from(value.clone()),
                )
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&self.language_id(), key, &args)
            .unwrap_or_else(|| key.to_string())
    }

    /// Whether the translation files define `key` (used to show only known notices).
    pub fn has(self, key: &str) -> bool {
        LOCALES.try_lookup(&self.language_id(), key).is_some()
    }

    /// A moment as people in the city read it (Beijing time, no DST), e.g. `2026-11-22 09:30`.
    pub fn datetime(self, at: chrono::DateTime<chrono::Utc>) -> String {
        match chrono::FixedOffset::east_opt(8 * 3600) {
            Some(beijing) => at
                .with_timezone(&beijing)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
        }
    }

    /// Chooses between the two stored language variants of a database text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::ZhCn => zh,
            Locale::En if en.is_empty() => zh,
            Locale::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser's loader says what the server's says, for every message of its files and
    /// every error code the shared rules check in the browser can produce.
    #[test]
    fn the_browser_translates_what_the_islands_show_as_the_server_does() {
        let browser = browser::loader();
        let ids = |ftl: &'static str| {
            ftl.lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
                .collect::<Vec<_>>()
        };
        let args: HashMap<Cow<'static, str>, FluentValue> = [
            "count", "max", "min", "date", "time", "field", "values", "name", "service",
        ]
        .into_iter()
        .map(|name| (Cow::Borrowed(name), FluentValue::from("7")))
        .collect();
        for (tag, files) in browser::FILES {
            let lang: LanguageIdentifier = tag.parse().expect("tag");
            for id in files.into_iter().flat_map(ids) {
                assert_eq!(
                    browser.try_lookup_with_args(&lang, id, &args),
                    LOCALES.try_lookup_with_args(&lang, id, &args),
                    "{tag} {id}"
                );
            }
        }
        use crate::domain::{credit_code::CreditCodeError, mobile::MobileNumberError};
        use crate::domain::{password::NewPasswordError, resident_id::ResidentIdError};
        let codes = ResidentIdError::ALL
            .iter()
            .map(|e| e.code())
            .chain(CreditCodeError::ALL.iter().map(|e| e.code()))
            .chain(MobileNumberError::ALL.iter().map(|e| e.code()))
            .chain(NewPasswordError::ALL.iter().map(|e| e.code()))
            .chain(crate::domain::service_form::ERROR_CODES.iter().copied());
        for code in codes {
            for locale in Locale::ALL {
                assert!(
                    browser
                        .try_lookup_with_args(&locale.language_id(), code, &args)
                        .is_some(),
                    "the browser lacks {code} in {}",
                    locale.tag()
                );
            }
        }
    }

    #[test]
    fn negotiates_by_quality() {
        assert_eq!(Locale::negotiate("en-US,en;q=0.9"), Some(Locale::En));
        assert_eq!(
            Locale::negotiate("en;q=0.5, zh-CN;q=0.8"),
            Some(Locale::ZhCn)
        );
        assert_eq!(Locale::negotiate("fr-FR, de;q=0.9"), None);
        assert_eq!(Locale::negotiate("zh-Hans-CN"), Some(Locale::ZhCn));
        assert_eq!(Locale::negotiate(""), None);
    }

    #[test]
    fn both_languages_translate_and_differ() {
        assert_eq!(Locale::ZhCn.t("portal-name"), "一网通办");
        assert_eq!(Locale::En.t("portal-name"), "One-Stop Government Services");
        assert_eq!(Locale::En.t("no-such-key"), "no-such-key");
    }

    #[test]
    fn arguments_are_interpolated() {
        assert_eq!(
            Locale::En.t_args("service-count", &[("count", "3".into())]),
            "Services: 3"
        );
        assert_eq!(
            Locale::ZhCn.t_args("service-count", &[("count", "3".into())]),
            "3 个事项"
        );
    }

    /// Every message exists in both languages, and every error code the domain can produce
    /// has a translation.
    #[test]
    fn both_translation_files_define_the_same_messages() {
        fn ids(ftl: &str) -> std::collections::BTreeSet<&str> {
            ftl.lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
                .collect()
        }
        let zh = ids(include_str!("../../locales/zh-CN/main.ftl"));
        let en = ids(include_str!("../../locales/en/main.ftl"));
        assert_eq!(
            zh.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&&str>::new()
        );
        // Every other file too: the same ids in both languages, and no id defined twice.
        let dir = |lang: &str| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../locales")
                .join(lang)
        };
        let mut files: Vec<_> = std::fs::read_dir(dir("zh-CN"))
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        let mut seen = std::collections::BTreeSet::new();
        for file in &files {
            let read =
                |lang: &str| std::fs::read_to_string(dir(lang).join(file)).unwrap_or_default();
            let (zh_text, en_text) = (read("zh-CN"), read("en"));
            let (zh_ids, en_ids) = (ids(&zh_text), ids(&en_text));
            assert_eq!(
                zh_ids.symmetric_difference(&en_ids).collect::<Vec<_>>(),
                Vec::<&&str>::new(),
                "{file:?} differs between zh-CN and en"
            );
            for id in zh_ids {
                assert!(seen.insert(id.to_string()), "{id} is defined twice");
            }
        }
        use crate::domain::{credit_code::CreditCodeError, mobile::MobileNumberError};
        use crate::domain::{password::NewPasswordError, resident_id::ResidentIdError};
        let codes = ResidentIdError::ALL
            .iter()
            .map(|e| e.code())
            .chain(CreditCodeError::ALL.iter().map(|e| e.code()))
            .chain(MobileNumberError::ALL.iter().map(|e| e.code()))
            .chain(NewPasswordError::ALL.iter().map(|e| e.code()));
        for code in codes {
            assert!(zh.contains(code), "missing translation for {code}");
        }
    }
}
