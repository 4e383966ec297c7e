//! Time limits per request, so that slow or stalled clients cannot hold connections and
//! handlers: a body must arrive by a deadline (longer for the multipart application forms) and
//! must not pause longer than the idle limit; the whole answer must be ready in time.
use super::body_limit::is_upload;
use super::errors;
use super::locale::request_locale;
use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Clone, Copy, Debug)]
pub struct Deadlines {
    /// A form body (login, decisions…) must have arrived within this.
    pub form_body: Duration,
    /// An application form with its files must have arrived within this.
    pub upload_body: Duration,
    /// No body may pause longer than this between two pieces.
    pub body_idle: Duration,
    /// The answer (its head; a file's bytes may stream after) must be ready within this.
    pub answer: Duration,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            form_body: Duration::from_secs(30),
            // 64 MB over a slow mobile link (~200 kB/s) takes about five minutes.
            upload_body: Duration::from_secs(600),
            body_idle: Duration::from_secs(30),
            answer: Duration::from_secs(60),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
struct BodyTooSlow;

pub async fn limit(State(deadlines): State<Deadlines>, request: Request, next: Next) -> Response {
    let locale = request_locale(request.headers());
    // Most requests (page views) have no body: nothing to time, so nothing to wrap.
    let request = if request.body().is_end_stream() {
        request
    } else {
        with_timed_body(request, &deadlines)
    };
    match tokio::time::timeout(deadlines.answer, next.run(request)).await {
        Ok(response) => response,
        Err(_) => errors::too_slow(locale),
    }
}

fn with_timed_body(request: Request, deadlines: &Deadlines) -> Request {
    let within = if is_upload(&request) {
        deadlines.upload_body
    } else {
        deadlines.form_body
    };
    let deadline = Instant::now() + within;
    let idle = deadlines.body_idle;
    let (parts, body) = request.into_parts();
    // The handler sees a read error once the body is late; it answers 400 and the connection,
    // whose body was not read to its end, is closed.
    let frames = futures_util::stream::unfold(Some(body), move |body| async move {
        let mut body = body?;
        let until = deadline.min(Instant::now() + idle);
        match tokio::time::timeout_at(until, body.frame()).await {
            Ok(Some(Ok(frame))) => Some((Ok(frame), Some(body))),
            Ok(Some(Err(error))) => Some((Err(error), None)),
            Ok(None) => None,
            Err(_) => Some((Err(axum::Error::new(BodyTooSlow)), None)),
        }
    });
    Request::from_parts(parts, Body::new(http_body_util::StreamBody::new(frames)))
}
