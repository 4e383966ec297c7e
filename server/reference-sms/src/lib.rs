//! The reference SMS gateway: what the portal's SMS adapter talks to in the demo and the tests.
//! It takes messages as a real gateway's HTTP API would ([`portal_protocol::sms`]: bearer
//! token, idempotency key, precise 4xx codes), keeps the latest in memory and shows them:
//! `GET /` is an inbox page for people trying the demo, `GET /v1/messages?to=` the same as
//! JSON for tests. Nothing is delivered to a phone.
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use portal_protocol::sms::{self, SmsAccepted, SmsError, SmsRequest};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Messages kept; older ones are forgotten.
const KEEP: usize = 10_000;
/// The largest request body read.
const MAX_BODY_BYTES: usize = 8 * 1024;

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    /// What callers must send as `Authorization: Bearer …`.
    pub token: String,
}

impl Config {
    /// `REFSMS_ADDR` (default 127.0.0.1:8083) and `REFSMS_TOKEN` (required, 16+ characters).
    pub fn from_env() -> anyhow::Result<Self> {
        let addr = std::env::var("REFSMS_ADDR")
            .unwrap_or_else(|_| "127.0.0.1:8083".into())
            .parse()
            .map_err(|e| anyhow::anyhow!("REFSMS_ADDR must be HOST:PORT ({e})"))?;
        let token = std::env::var("REFSMS_TOKEN").unwrap_or_default();
        if token.chars().count() < 16 {
            anyhow::bail!("set REFSMS_TOKEN to the bearer token callers use (16+ characters)");
        }
        Ok(Self { addr, token })
    }
}

/// One message as received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub to: String,
    pub text: String,
    pub received_at: DateTime<Utc>,
}

#[derive(Default)]
struct Store {
    messages: VecDeque<Message>,
    by_key: HashMap<String, String>,
    next: u64,
}

/// The messages received so far (shared with a test that runs the gateway in-process).
#[derive(Clone, Default)]
pub struct Inbox(Arc<Mutex<Store>>, Arc<tokio::sync::Notify>);

impl Inbox {
    /// Waits until `mobile` has received `count` messages (newest first), at most `limit`.
    pub async fn wait_for(
        &self,
        mobile: &str,
        count: usize,
        limit: std::time::Duration,
    ) -> Option<Vec<Message>> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            // Created before looking, so a message arriving in between still wakes it.
            let arrived = self.1.notified();
            let messages = self.to(mobile);
            if messages.len() >= count {
                return Some(messages);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return None;
            }
        }
    }

    /// The messages to `mobile`, newest first.
    pub fn to(&self, mobile: &str) -> Vec<Message> {
        self.all().into_iter().filter(|m| m.to == mobile).collect()
    }

    /// Every message kept, newest first.
    pub fn all(&self) -> Vec<Message> {
        match self.0.lock() {
            Ok(store) => store.messages.iter().rev().cloned().collect(),
            Err(poisoned) => poisoned
                .into_inner()
                .messages
                .iter()
                .rev()
                .cloned()
                .collect(),
        }
    }

    /// Stores a message unless its idempotency key was seen; returns its id and whether new.
    fn accept(&self, key: Option<String>, to: String, text: String) -> (String, bool) {
        let mut store = match self.0.lock() {
            Ok(store) => store,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(id) = key.as_ref().and_then(|k| store.by_key.get(k)) {
            return (id.clone(), false);
        }
        store.next += 1;
        let id = format!("sms-{}", store.next);
        store.messages.push_back(Message {
            id: id.clone(),
            to,
            text,
            received_at: Utc::now(),
        });
        if store.messages.len() > KEEP {
            store.messages.pop_front();
        }
        if let Some(key) = key {
            if store.by_key.len() >= KEEP {
                store.by_key.clear();
            }
            store.by_key.insert(key, id.clone());
        }
        drop(store);
        self.1.notify_waiters();
        (id, true)
    }
}

#[derive(Clone)]
struct Gateway {
    token: Arc<str>,
    inbox: Inbox,
}

/// The gateway's routes over `inbox`.
pub fn router(token: &str, inbox: Inbox) -> Router {
    Router::new()
        .route(sms::MESSAGES_PATH, post(receive).get(list))
        .route("/", get(page))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(Gateway {
            token: token.into(),
            inbox,
        })
}

/// Binds `config.addr` with an empty inbox; the caller serves [`router`] on the listener.
pub async fn bind(config: &Config) -> anyhow::Result<(tokio::net::TcpListener, Inbox)> {
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    Ok((listener, Inbox::default()))
}

fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(SmsError {
            code: code.into(),
            message: message.into(),
        }),
    )
        .into_response()
}

fn authorised(gateway: &Gateway, headers: &HeaderMap) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    subtle::ConstantTimeEq::ct_eq(given.as_bytes(), gateway.token.as_bytes()).into()
}

async fn receive(State(gateway): State<Gateway>, headers: HeaderMap, body: String) -> Response {
    if !authorised(&gateway, &headers) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "bearer token required",
        );
    }
    let key = match headers.get("idempotency-key").map(|v| v.to_str()) {
        None => None,
        Some(Ok(key)) if !key.is_empty() && key.len() <= sms::MAX_IDEMPOTENCY_KEY_CHARS => {
            Some(key.to_string())
        }
        Some(_) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_idempotency_key",
                "Idempotency-Key: 1 to 128 visible ASCII characters",
            )
        }
    };
    let Ok(request) = serde_json::from_str::<SmsRequest>(&body) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "malformed",
            "expected {\"to\", \"text\"}",
        );
    };
    if !sms::is_mobile(&request.to) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_mobile",
            "to: an 11-digit mainland mobile number",
        );
    }
    let chars = request.text.chars().count();
    if chars == 0 || chars > sms::MAX_TEXT_CHARS {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_text",
            "text: 1 to 500 characters",
        );
    }
    let (id, new) = gateway.inbox.accept(key, request.to, request.text);
    if new {
        tracing::info!(%id, "message received");
    }
    let status = if new {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    (status, Json(SmsAccepted { id })).into_response()
}

#[derive(Deserialize)]
struct ListQuery {
    to: Option<String>,
}

async fn list(
    State(gateway): State<Gateway>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    if !authorised(&gateway, &headers) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "bearer token required",
        );
    }
    let messages = match query.to {
        Some(to) => gateway.inbox.to(&to),
        None => gateway.inbox.all(),
    };
    Json(messages).into_response()
}

/// The inbox as a page: what a phone would have shown, newest first (reloads every 5 s).
async fn page(State(gateway): State<Gateway>) -> Html<String> {
    let rows: String = gateway
        .inbox
        .all()
        .iter()
        .take(200)
        .map(|m| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&m.received_at.format("%Y-%m-%d %H:%M:%S UTC").to_string()),
                escape(&m.to),
                escape(&m.text)
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"refresh\" content=\"5\"><title>短信网关（参考实现）</title>\
         <style>body{{font-family:sans-serif;margin:1rem}}td,th{{border-bottom:1px solid #ccc;\
         padding:.3rem .6rem;text-align:left}}</style></head><body>\
         <h1>短信网关（参考实现） · Reference SMS gateway</h1>\
         <p>演示用：这里显示门户发出的短信，不会发到真实手机。 \
         For the demo: messages the portal sent; none reach a real phone.</p>\
         <table><thead><tr><th>时间 Time</th><th>手机 To</th><th>内容 Text</th></tr></thead>\
         <tbody>{rows}</tbody></table></body></html>"
    ))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
