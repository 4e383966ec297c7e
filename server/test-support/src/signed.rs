//! Requests signed as a department system signs them (protocol v1).
use portal_protocol::signing::{SignedHeaders, SigningKey};

/// A request signed as `department` with the hex `key`, at unix time `now`.
// Each argument is one part of what gets signed; a struct would only rename them at each call.
#[allow(clippy::too_many_arguments)]
pub fn signed(
    client: &reqwest::Client,
    method: reqwest::Method,
    base: &str,
    path: &str,
    department: &str,
    key: &str,
    body: &[u8],
    now: i64,
) -> reqwest::RequestBuilder {
    let key = SigningKey::from_hex(key).expect("key");
    let headers = SignedHeaders::sign(&key, department, method.as_str(), path, body, now);
    let mut request = client
        .request(method, format!("{base}{path}"))
        .header("content-type", "application/json")
        .body(body.to_vec());
    for (name, value) in headers.pairs() {
        request = request.header(name, value);
    }
    request
}

/// Unix seconds now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
