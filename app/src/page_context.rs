//! The page context of this render (its data types live in `portal_types::page_context`).
pub use portal_types::page_context::*;

/// The context for this render: on the server it comes with the request, in the browser
/// from the JSON the server embedded in the page.
pub fn current() -> PageContext {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<PageContext>().cloned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        from_document().unwrap_or_default()
    }
}

#[cfg(not(feature = "ssr"))]
fn from_document() -> Option<PageContext> {
    #[cfg(feature = "hydrate")]
    {
        let text = web_sys::window()?
            .document()?
            .get_element_by_id(CONTEXT_ELEMENT_ID)?
            .text_content()?;
        serde_json::from_str(&text).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}
