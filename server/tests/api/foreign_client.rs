//! A department system in another language, built from the published document alone
//! (`department_client.py`, Python's standard library only), takes cases from the portal and
//! walks them through every status: a supplement at intake, acceptance, review, denial on a
//! listed ground; a supplement in review taken back, approval with a validity; refusal at intake.
// Helpers outside #[test] functions too: a failed expectation there is a failed test.
#![allow(clippy::expect_used, clippy::panic)]
use crate::applications::{open_form, pdf, post_application, submit_complete};
use crate::routing_support::*;
use portal_test_support::{citizen, TestApp, ID_A};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use uuid::Uuid;

const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/api/department_client.py"
);

struct Department {
    _child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
    /// Deliveries printed while waiting for something else.
    received: Vec<Value>,
}

impl Department {
    async fn start(app: &TestApp) -> (Self, u16) {
        let mut child = Command::new("python3")
            .arg(SCRIPT)
            .env("PORTAL_URL", &app.address)
            .env("DEPARTMENT", "GA")
            .env("KEY_HEX", KEY)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 runs the department client");
        let stdin = child.stdin.take().expect("stdin");
        let lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut department = Self {
            _child: child,
            stdin,
            lines,
            received: Vec::new(),
        };
        assert_eq!(
            department.next_line().await,
            "EXAMPLE-OK",
            "its signing reproduces the document's worked example"
        );
        let port = department
            .next_line()
            .await
            .strip_prefix("LISTENING ")
            .and_then(|p| p.parse().ok())
            .expect("a port");
        (department, port)
    }

    async fn next_line(&mut self) -> String {
        let line = tokio::time::timeout(std::time::Duration::from_secs(20), self.lines.next_line())
            .await
            .expect("the client answers in time")
            .expect("read")
            .expect("the client is running");
        line
    }

    /// Sends a command; returns the portal's answer (status, body).
    async fn command(&mut self, command: String) -> (u16, Value) {
        self.stdin
            .write_all(format!("{command}\n").as_bytes())
            .await
            .expect("write");
        loop {
            let line = self.next_line().await;
            if let Some(rest) = line.strip_prefix("RECEIVED ") {
                self.received
                    .push(serde_json::from_str(rest).expect("received json"));
            } else if let Some(rest) = line.strip_prefix("ANSWER ") {
                let (status, body) = rest.split_once(' ').expect("status and body");
                return (
                    status.parse().expect("status"),
                    serde_json::from_str(body).expect("answer json"),
                );
            } else {
                panic!("unexpected line from the client: {line}");
            }
        }
    }

    async fn report(&mut self, case_id: Uuid, event_id: &str, status: &str, extra: Value) -> Value {
        let mut body = json!({"protocol": "portal.v1", "event_id": event_id, "status": status});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        let (answer, response) = self
            .command(format!("POST /api/v1/cases/{case_id}/status {body}"))
            .await;
        assert_eq!(answer, 200, "{status}: {response}");
        response
    }

    /// Waits (by asking the portal for nothing) until the client printed a delivery for the case.
    async fn delivery_of(&mut self, case_id: Uuid, event: &str) -> Value {
        for _ in 0..50 {
            if let Some(found) = self.received.iter().find(|r| {
                r["message"]["event"] == event
                    && (r["message"]["case"]["id"] == case_id.to_string()
                        || r["message"]["case_id"] == case_id.to_string())
            }) {
                return found.clone();
            }
            self.command("GET /api/v1/services".into()).await;
        }
        panic!("no {event} delivery of {case_id}: {:?}", self.received);
    }
}

#[tokio::test]
async fn a_department_client_in_python_walks_cases_through_every_status() {
    let app = spawn_manual().await;
    let (mut department, port) = Department::start(&app).await;
    use_http_backend(&app, "GA", &format!("http://127.0.0.1:{port}"), KEY).await;
    let dispatcher = dispatcher(&app);
    citizen(&app, "张三", ID_A, "13800138000").await;

    // What the department may name and give, learned from the portal.
    let (status, list) = department.command("GET /api/v1/services".into()).await;
    assert_eq!(status, 200, "{list}");
    let first = submit_complete(&app).await;
    drain(&dispatcher).await;
    let delivered = department.delivery_of(first, "case.submitted").await;
    let service = list["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| s["code"] == delivered["message"]["case"]["service_code"])
        .cloned()
        .expect("the case's service is listed");
    let ground = service["denial_grounds"][0].clone();
    assert!(service["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .any(|p| p["path"] == "material_1" && p["prefilled"] == false));

    // Case 1: everything missing is named at intake (一次性告知), answered, then denied.
    let asked = department
        .report(
            first,
            "py-1",
            "supplement_requested",
            json!({"reason": "材料不全", "items": [{"path": "material_1", "reason": "缺少签名"}]}),
        )
        .await;
    assert_eq!(asked["state"], "supplement_requested");
    let page = open_form(&app, &format!("/cases/{first}/supplement")).await;
    let old: String = sqlx::query_scalar(
        "select id::text from attachments where case_id = $1 and field_key = 'material_1'",
    )
    .bind(first)
    .fetch_one(&app.pool)
    .await
    .expect("file");
    let response = post_application(
        &app,
        &page,
        "resubmit",
        &[("remove_file", old.as_str())],
        vec![("material_1", "申请表-已签名.pdf", pdf(2600))],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    drain(&dispatcher).await;
    department.delivery_of(first, "case.resubmitted").await;
    for (event_id, status, state) in [
        ("py-2", "accepted", "accepted"),
        ("py-3", "in_review", "in_review"),
    ] {
        let answer = department.report(first, event_id, status, json!({})).await;
        assert_eq!(answer["state"], state);
    }
    let denied = department
        .report(
            first,
            "py-4",
            "denied",
            json!({"reason": "不符合条件", "denial_ground": ground}),
        )
        .await;
    assert_eq!(denied["state"], "denied");

    // Case 2: a supplement requested in review is taken back; approved with a validity.
    let second = submit_complete(&app).await;
    drain(&dispatcher).await;
    department.delivery_of(second, "case.submitted").await;
    for (event_id, status, extra, state) in [
        ("py-5", "accepted", json!({}), "accepted"),
        ("py-6", "in_review", json!({}), "in_review"),
        (
            "py-7",
            "supplement_requested",
            json!({"reason": "请补充", "items": [{"path": "details", "reason": "请写明用途"}]}),
            "supplement_requested",
        ),
        (
            "py-8",
            "supplement_withdrawn",
            json!({"reason": "已核实"}),
            "in_review",
        ),
        (
            "py-9",
            "approved",
            json!({"result": {"note": "准予", "valid_until": "2031-06-30"}}),
            "approved",
        ),
    ] {
        let answer = department.report(second, event_id, status, extra).await;
        assert_eq!(answer["state"], state, "{status}");
    }

    // Case 3: refused at intake.
    let third = submit_complete(&app).await;
    drain(&dispatcher).await;
    department.delivery_of(third, "case.submitted").await;
    let refused = department
        .report(
            third,
            "py-10",
            "refused",
            json!({"reason": "不属于本部门受理范围"}),
        )
        .await;
    assert_eq!(refused["state"], "refused_at_intake");

    // The applicant sees what the department decided.
    let states: Vec<String> =
        sqlx::query_scalar("select state from cases where id = any($1) order by submitted_at")
            .bind(vec![first, second, third])
            .fetch_all(&app.pool)
            .await
            .expect("states");
    assert_eq!(states, vec!["denied", "approved", "refused_at_intake"]);
}
