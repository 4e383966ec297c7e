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

/// What a person sees of a page's form, from its heading to the form's end, without what differs
/// between answers (CSRF tokens, long hexadecimal runs): two answers that tell the same thing
/// have the same shape.
pub fn form_shape(html: &str) -> String {
    let start = html.find("<h1").expect("a heading");
    let end = html[start..].find("</form>").expect("a form") + start;
    let mut out = String::new();
    let mut run = String::new();
    for c in html[start..end].chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        if run.len() < 32 {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    if run.len() < 32 {
        out.push_str(&run);
    }
    out
}
