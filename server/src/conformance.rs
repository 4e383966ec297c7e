//! The conformance kit: what a department runs against its own system before going live
//! (`portal conformance --department CODE --url URL`, key in `PORTAL_BACKEND_KEY`). It plays the
//! portal: sends signed deliveries of a synthetic case (no personal data, no attachments),
//! including a repeat, forged and stale signatures, a replayed nonce, an unknown department, an
//! unsupported version, a body that is not JSON and an event for an unknown case, and checks
//! each answer against protocol v1. Needs no database.
use chrono::Utc;
use portal_protocol::signing::{
    Direction, PurposeKey, Signable, SignedHeaders, SigningKey, HEADER_IDEMPOTENCY_KEY,
};
use portal_protocol::{
    Applicant, ApplicantKind, CaseEvent, CasePayload, DeliveryReceipt, ErrorBody, ErrorCode,
    EventName, NewCase, PROTOCOL,
};
use std::time::Duration;
use uuid::Uuid;

/// The system under test.
pub struct Target {
    pub department: String,
    /// Its base URL (`POST {url}/cases`, `POST {url}/cases/{id}/events`).
    pub url: String,
    pub key: SigningKey,
}

/// One check and how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    /// `None`: passed; else what was expected and what came.
    pub failure: Option<String>,
}

/// Every check, in the order run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.failure.is_none())
    }

    /// One line per check, then the count.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for check in &self.checks {
            match &check.failure {
                None => out.push_str(&format!("PASS  {}\n", check.name)),
                Some(why) => out.push_str(&format!("FAIL  {}: {why}\n", check.name)),
            }
        }
        let passed = self.checks.iter().filter(|c| c.failure.is_none()).count();
        out.push_str(&format!(
            "{passed} of {} checks passed{}\n",
            self.checks.len(),
            if self.passed() {
                ""
            } else {
                ": not ready to go live"
            }
        ));
        out
    }

    fn record(&mut self, name: &'static str, result: Result<(), String>) {
        self.checks.push(Check {
            name,
            failure: result.err(),
        });
    }
}

/// A request as sent, kept so that it can be sent again byte for byte (the replay check).
#[derive(Clone)]
struct Sent {
    path: String,
    body: Vec<u8>,
    idempotency_key: String,
    headers: SignedHeaders,
}

/// What came back: status and, when JSON, the body.
struct Answer {
    status: u16,
    body: Option<serde_json::Value>,
}

impl Answer {
    fn code(&self) -> Option<ErrorCode> {
        let body: ErrorBody = serde_json::from_value(self.body.clone()?).ok()?;
        Some(body.error.code)
    }

    fn describe(&self) -> String {
        match &self.body {
            Some(body) => format!("{} {}", self.status, truncate(&body.to_string())),
            None => format!("{} (no JSON body)", self.status),
        }
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(200).collect()
}

struct Kit<'a> {
    target: &'a Target,
    client: reqwest::Client,
}

impl Kit<'_> {
    fn sign(&self, department: &str, key: &SigningKey, path: &str, body: &[u8], at: i64) -> Sent {
        let idempotency_key = Uuid::new_v4().to_string();
        self.sign_as(
            key.toward(Direction::PortalToSystem),
            department,
            path,
            body,
            at,
            idempotency_key,
        )
    }

    /// Signs with any purpose's key and a chosen `Idempotency-Key` (a retry keeps its key).
    fn sign_as(
        &self,
        key: PurposeKey,
        department: &str,
        path: &str,
        body: &[u8],
        at: i64,
        idempotency_key: String,
    ) -> Sent {
        let headers = SignedHeaders::sign(
            &key,
            department,
            &Signable {
                method: "POST",
                path_and_query: path,
                idempotency_key: Some(&idempotency_key),
                body,
            },
            at,
        );
        Sent {
            path: path.to_string(),
            body: body.to_vec(),
            idempotency_key,
            headers,
        }
    }

    fn signed(&self, path: &str, body: &[u8]) -> Sent {
        let at = Utc::now().timestamp();
        self.sign(&self.target.department, &self.target.key, path, body, at)
    }

    async fn send(&self, sent: &Sent, with_signature: bool) -> Result<Answer, String> {
        let url = format!("{}{}", self.target.url.trim_end_matches('/'), sent.path);
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(HEADER_IDEMPOTENCY_KEY, &sent.idempotency_key)
            .body(sent.body.clone());
        if with_signature {
            for (name, value) in sent.headers.pairs() {
                request = request.header(name, value);
            }
        }
        let response = request
            .send()
            .await
            .map_err(|error| format!("no answer: {error}"))?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(|error| format!("answer unreadable: {error}"))?;
        Ok(Answer {
            status,
            body: serde_json::from_slice(&bytes).ok(),
        })
    }

    /// Expects the protocol error `code` (with its status).
    async fn refused(
        &self,
        sent: &Sent,
        with_signature: bool,
        code: ErrorCode,
    ) -> Result<(), String> {
        let answer = self.send(sent, with_signature).await?;
        if answer.status == code.status() && answer.code() == Some(code) {
            Ok(())
        } else {
            let wanted = serde_json::to_value(code).unwrap_or_default();
            Err(format!(
                "expected {} {wanted}, got {}",
                code.status(),
                answer.describe()
            ))
        }
    }

    /// Expects a 2xx `DeliveryReceipt` saying `received`; returns it.
    async fn received(&self, sent: &Sent) -> Result<DeliveryReceipt, String> {
        let answer = self.send(sent, true).await?;
        let receipt = answer
            .body
            .clone()
            .and_then(|body| serde_json::from_value::<DeliveryReceipt>(body).ok());
        match receipt {
            Some(receipt) if (200..300).contains(&answer.status) && receipt.received => Ok(receipt),
            _ => Err(format!(
                "expected 2xx {{\"received\": true}}, got {}",
                answer.describe()
            )),
        }
    }
}

/// A case of the department's that nobody filed: no personal data, no attachments.
fn synthetic_case(department: &str, case_id: Uuid) -> NewCase {
    let now = Utc::now();
    NewCase {
        protocol: PROTOCOL.into(),
        event_id: Uuid::new_v4().to_string(),
        event: EventName::Submitted,
        occurred_at: now,
        case: CasePayload {
            id: case_id,
            case_number: format!("{department}-CONFORMANCE-{}", now.format("%Y%m%d%H%M%S")),
            service_code: format!("{department}-000"),
            service_name_zh: "接入测试".into(),
            department_code: department.to_string(),
            submitted_at: now,
            promised_days: 1,
            applicant: Applicant {
                kind: ApplicantKind::Person,
                name: "接入测试".into(),
                id_number: None,
                credit_code: None,
                mobile: None,
            },
            answers: serde_json::json!({}),
            attachments: Vec::new(),
            certificates: Vec::new(),
        },
    }
}

fn json_bytes<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Runs every check against the target.
pub async fn check(target: &Target) -> Report {
    let mut report = Report::default();
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            report.record("the HTTP client starts", Err(error.to_string()));
            return report;
        }
    };
    let kit = Kit { target, client };
    let department = target.department.as_str();
    let case_id = Uuid::new_v4();
    let case = synthetic_case(department, case_id);
    let body = json_bytes(&case);

    // Received, then the same delivery again (a retry: new nonce and timestamp, same key).
    let first = kit.signed("/cases", &body);
    let receipt = kit.received(&first).await;
    let reference = receipt.as_ref().ok().and_then(|r| r.reference.clone());
    report.record(
        "a new case is received (2xx, received: true)",
        receipt.map(drop),
    );
    let repeat = kit.sign_as(
        target.key.toward(Direction::PortalToSystem),
        department,
        "/cases",
        &body,
        Utc::now().timestamp(),
        first.idempotency_key.clone(),
    );
    let again = match kit.received(&repeat).await {
        Ok(r) if r.reference == reference => Ok(()),
        Ok(r) => Err(format!(
            "the repeat answered reference {:?}, the first {reference:?}",
            r.reference
        )),
        Err(error) => Err(error),
    };
    report.record(
        "a repeated delivery (same Idempotency-Key) gets the first answer",
        again,
    );
    report.record(
        "a replayed request (same nonce) is refused: 401 replayed_nonce",
        kit.refused(&repeat, true, ErrorCode::ReplayedNonce).await,
    );

    let other = synthetic_case(department, Uuid::new_v4());
    let other_body = json_bytes(&other);
    let mut wrong_key_bytes = [0u8; 32];
    wrong_key_bytes[0] = 1;
    let wrong_key = SigningKey::from_hex(&hex::encode(wrong_key_bytes));
    match wrong_key {
        Some(wrong_key) => {
            let forged = kit.sign(
                department,
                &wrong_key,
                "/cases",
                &other_body,
                Utc::now().timestamp(),
            );
            report.record(
                "a request signed with another key is refused: 401 bad_signature",
                kit.refused(&forged, true, ErrorCode::BadSignature).await,
            );
        }
        None => report.record("a forged signature is made", Err("no key".into())),
    }
    let mut tampered = kit.signed("/cases", &other_body);
    tampered.body = json_bytes(&synthetic_case(department, Uuid::new_v4()));
    report.record(
        "a body changed after signing is refused: 401 bad_signature",
        kit.refused(&tampered, true, ErrorCode::BadSignature).await,
    );
    let mut rekeyed = kit.signed("/cases", &other_body);
    rekeyed.idempotency_key = Uuid::new_v4().to_string();
    report.record(
        "an Idempotency-Key changed after signing is refused: 401 bad_signature",
        kit.refused(&rekeyed, true, ErrorCode::BadSignature).await,
    );
    let reflected = kit.sign_as(
        target.key.toward(Direction::SystemToPortal),
        department,
        "/cases",
        &other_body,
        Utc::now().timestamp(),
        Uuid::new_v4().to_string(),
    );
    report.record(
        "a request signed with the system-to-portal key is refused: 401 bad_signature",
        kit.refused(&reflected, true, ErrorCode::BadSignature).await,
    );
    report.record(
        "a request without signature headers is refused: 401 bad_signature",
        kit.refused(
            &kit.signed("/cases", &other_body),
            false,
            ErrorCode::BadSignature,
        )
        .await,
    );
    let stale_at = Utc::now().timestamp() - 3_600;
    let stale = kit.sign(department, &target.key, "/cases", &other_body, stale_at);
    report.record(
        "a timestamp an hour old is refused: 401 stale_timestamp",
        kit.refused(&stale, true, ErrorCode::StaleTimestamp).await,
    );
    let stranger = kit.sign(
        "ZZZZ",
        &target.key,
        "/cases",
        &other_body,
        Utc::now().timestamp(),
    );
    report.record(
        "an unknown department is refused: 401 unknown_department",
        kit.refused(&stranger, true, ErrorCode::UnknownDepartment)
            .await,
    );
    let mut old_version = serde_json::to_value(&other).unwrap_or_default();
    old_version["protocol"] = serde_json::json!("portal.v0");
    report.record(
        "another protocol version is refused: 400 unsupported_version",
        kit.refused(
            &kit.signed("/cases", &json_bytes(&old_version)),
            true,
            ErrorCode::UnsupportedVersion,
        )
        .await,
    );
    report.record(
        "a body that is not JSON is refused: 422 invalid_payload",
        kit.refused(
            &kit.signed("/cases", b"{\"protocol\":"),
            true,
            ErrorCode::InvalidPayload,
        )
        .await,
    );

    // Events: one for the case received above, one for a case the system never had.
    let event = |case_id: Uuid| CaseEvent {
        protocol: PROTOCOL.into(),
        event_id: Uuid::new_v4().to_string(),
        event: EventName::Withdrawn,
        occurred_at: Utc::now(),
        case_id,
        reason: Some("接入测试：申请人撤回".into()),
        answers: None,
        attachments: None,
        certificates: None,
    };
    let path = format!("/cases/{case_id}/events");
    let withdrawal = kit.signed(&path, &json_bytes(&event(case_id)));
    report.record(
        "a later event of a received case is received (case.withdrawn)",
        kit.received(&withdrawal).await.map(drop),
    );
    let unknown = Uuid::new_v4();
    let stray = kit.signed(
        &format!("/cases/{unknown}/events"),
        &json_bytes(&event(unknown)),
    );
    report.record(
        "an event for an unknown case is refused: 404 unknown_case",
        kit.refused(&stray, true, ErrorCode::UnknownCase).await,
    );
    report
}
