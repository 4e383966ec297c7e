//! The language of the page (the translations live in `portal_types::i18n`).
use leptos::prelude::*;
pub use portal_types::i18n::*;

/// The page's language, from the page context (in an island in the browser, from the page's
/// embedded context).
pub fn use_locale() -> Locale {
    use_context::<crate::page_context::PageContext>()
        .map(|ctx| ctx.locale)
        .unwrap_or_else(|| crate::page_context::current().locale)
}

#[cfg(test)]
mod tests {
    use fluent_templates::Loader;

    /// The islands' code (what runs in the browser) names only messages the browser's
    /// translation files define, in both languages.
    #[test]
    fn the_islands_name_only_messages_the_browser_carries() {
        let sources = [
            include_str!("components/form.rs"),
            include_str!("components/service_form.rs"),
            include_str!("components/service_form/field_input.rs"),
            include_str!("components/service_form/file_input.rs"),
            include_str!("pages/application.rs"),
        ];
        let browser = portal_types::i18n::browser::loader();
        // Messages with arguments format only with them; any value will do.
        let args: std::collections::HashMap<
            std::borrow::Cow<'static, str>,
            fluent_templates::fluent_bundle::FluentValue,
        > = [
            "count", "max", "min", "date", "time", "field", "values", "name", "service",
        ]
        .into_iter()
        .map(|name| (std::borrow::Cow::Borrowed(name), "7".into()))
        .collect();
        let mut named = 0;
        for source in sources {
            for call in [".t(\"", ".t_args(\""] {
                for rest in source.split(call).skip(1) {
                    let Some((key, _)) = rest.split_once('"') else {
                        continue;
                    };
                    named += 1;
                    for tag in ["zh-CN", "en"] {
                        let lang = tag.parse().expect("tag");
                        assert!(
                            browser.try_lookup_with_args(&lang, key, &args).is_some(),
                            "{key} ({tag}) is not among the browser's translations"
                        );
                    }
                }
            }
        }
        assert!(named > 20, "{named} messages found");
    }
}
