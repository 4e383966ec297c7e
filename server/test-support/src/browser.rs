//! A browser-like HTTP client, and reading what pages and redirects say.
use reqwest::cookie::Jar;
use reqwest::{redirect, Client, Response};
use std::sync::Arc;

/// A client that keeps its own cookies and does not follow redirects, like a fresh browser
/// whose redirects the test wants to see.
pub fn browser() -> (Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = Client::builder()
        .cookie_provider(jar.clone())
        .redirect(redirect::Policy::none())
        // A request the portal never answers fails its test (naming the request) instead of
        // holding the whole run until the CI limit.
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("client");
    (client, jar)
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = r#"name="csrf_token" value=""#;
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}
