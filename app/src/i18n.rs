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
