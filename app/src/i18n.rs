//! The language of the page (the translations live in `portal_types::i18n`).
use leptos::prelude::*;
pub use portal_types::i18n::*;

/// The page's language, from the page context.
pub fn use_locale() -> Locale {
    use_context::<crate::page_context::PageContext>()
        .map(|ctx| ctx.locale)
        .unwrap_or_default()
}
