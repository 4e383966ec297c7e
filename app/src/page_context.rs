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
        // Every page is a document of its own: its context is read once.
        thread_local! {
            static DOCUMENT: PageContext = from_document().unwrap_or_default();
        }
        DOCUMENT.with(Clone::clone)
    }
}

/// Counts an island as alive in the document (`data-islands-hydrated` on `<html>`), so that
/// tests and tools can tell when every island of a page has hydrated. Nothing on the server.
pub fn mark_island_hydrated() {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move |_| {
        let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let count = root
            .get_attribute("data-islands-hydrated")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0);
        let _ = root.set_attribute("data-islands-hydrated", &(count + 1).to_string());
    });
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
