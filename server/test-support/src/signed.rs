//! Requests signed as the protocol signs them (scheme v2): as a department's or vendor's
//! system calling the portal ([`signed`]), or as the portal calling such a system
//! ([`signed_by_portal`]).
use portal_protocol::signing::{Direction, Signable, SignedHeaders, SigningKey};

/// A request signed as `department` with the hex `key`, at unix time `now`, to the portal.
// One argument per part of what is signed, so a test can vary each on its own.
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
    let to = (Direction::SystemToPortal, department, key);
    sign(client, method, base, path, to, (body, None), now)
}

/// A request signed as the portal signs what it sends to `party`'s system, with its
/// `Idempotency-Key` (sent and signed) when given.
#[allow(clippy::too_many_arguments)]
pub fn signed_by_portal(
    client: &reqwest::Client,
    method: reqwest::Method,
    base: &str,
    path: &str,
    party: &str,
    key: &str,
    (body, idempotency_key): (&[u8], Option<&str>),
    now: i64,
) -> reqwest::RequestBuilder {
    let to = (Direction::PortalToSystem, party, key);
    let request = sign(client, method, base, path, to, (body, idempotency_key), now);
    match idempotency_key {
        Some(k) => request.header("idempotency-key", k),
        None => request,
    }
}

fn sign(
    client: &reqwest::Client,
    method: reqwest::Method,
    base: &str,
    path: &str,
    (direction, party, key): (Direction, &str, &str),
    (body, idempotency_key): (&[u8], Option<&str>),
    now: i64,
) -> reqwest::RequestBuilder {
    let key = SigningKey::from_hex(key).expect("key");
    let headers = SignedHeaders::sign(
        &key.toward(direction),
        party,
        &Signable {
            method: method.as_str(),
            path_and_query: path,
            idempotency_key,
            body,
        },
        now,
    );
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
