//! The e-mail worker against a real SMTP server (the test sink): rendering in the mail's
//! language, retries with backoff, abandonment, several workers at once, and the worker the
//! application starts.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use portal_test_support::smtp_sink::SmtpSink;
use portal_test_support::{spawn_app, spawn_app_with, Options, TEST_SITE_URL};
use server::notifications::{run_mail_worker, try_send_next, MailSettings, Mailer, SendOutcome};
use sqlx::PgPool;
use std::collections::BTreeSet;
use std::time::Duration;

fn mailer(sink: &SmtpSink, max_attempts: u32) -> Mailer {
    Mailer::new(&MailSettings {
        smtp_url: Some(sink.url()),
        from: "一网通办 <noreply@portal.test>".into(),
        site_url: TEST_SITE_URL.into(),
        max_attempts,
    })
    .expect("valid mail settings")
    .expect("mail enabled")
}

fn params(case_number: &str, reason: &str) -> serde_json::Value {
    serde_json::json!({
        "case_number": case_number,
        "service_zh": "食品经营许可",
        "service_en": "Food business licence",
        "reason": reason,
        "case_path": "/cases/0b7f5c9e-3f43-4b8e-9a56-2d4d1f1c2a10",
    })
}

async fn queue(
    pool: &PgPool,
    to: &str,
    locale: &str,
    template: &str,
    params: serde_json::Value,
) -> i64 {
    sqlx::query_scalar(
        "insert into email_outbox (to_address, locale, template, params)
         values ($1, $2, $3, $4) returning id",
    )
    .bind(to)
    .bind(locale)
    .bind(template)
    .bind(params)
    .fetch_one(pool)
    .await
    .expect("queue a mail")
}

#[derive(Debug, sqlx::FromRow)]
struct OutboxState {
    attempts: i32,
    last_error: Option<String>,
    sent: bool,
    abandoned: bool,
    due_in_future: bool,
}

async fn state(pool: &PgPool, id: i64) -> OutboxState {
    sqlx::query_as(
        "select attempts, last_error, sent_at is not null as sent,
                abandoned_at is not null as abandoned, available_at > now() as due_in_future
         from email_outbox where id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .expect("outbox row")
}

async fn make_due(pool: &PgPool, id: i64) {
    sqlx::query("update email_outbox set available_at = now() where id = $1")
        .bind(id)
        .execute(pool)
        .await
        .expect("make due");
}

#[tokio::test]
async fn due_mails_are_sent_once_each_in_their_own_language() {
    let sink = SmtpSink::start().await;
    let app = spawn_app().await;
    let mailer = mailer(&sink, 8);
    let zh = queue(
        &app.pool,
        "zhangsan@example.com",
        "zh-CN",
        "case-accepted",
        params("SCJG-20261122-0001", ""),
    )
    .await;
    let en = queue(
        &app.pool,
        "Li Si <lisi@example.com>",
        "en",
        "case-supplement-requested",
        params(
            "SCJG-20261122-0002",
            "The floor plan is missing <b>signatures</b>.",
        ),
    )
    .await;

    let outcome = try_send_next(&app.pool, &mailer).await.expect("send");
    assert_eq!(outcome, SendOutcome::Sent(zh));
    let messages = sink.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(messages[0].mail_from, "noreply@portal.test");
    assert_eq!(messages[0].recipients, ["zhangsan@example.com"]);
    let mail = messages[0].decode();
    assert_eq!(mail.to, "zhangsan@example.com");
    assert_eq!(mail.from, "一网通办 <noreply@portal.test>");
    assert_eq!(mail.subject, "【一网通办】办件 SCJG-20261122-0001 已受理");
    assert_eq!(mail.content_language, "zh-CN");
    assert!(mail.content_type.starts_with("multipart/alternative"));
    assert!(mail.message_id.starts_with(&format!("outbox.{zh}.")));
    let link = format!("{TEST_SITE_URL}/cases/0b7f5c9e-3f43-4b8e-9a56-2d4d1f1c2a10");
    assert!(mail.text.contains("食品经营许可"), "{}", mail.text);
    assert!(mail.text.contains(&link), "{}", mail.text);
    assert!(
        !mail.text.contains("原因"),
        "no reason given: {}",
        mail.text
    );
    assert!(mail.html.contains(r#"<html lang="zh-CN">"#));
    assert!(mail.html.contains(&format!(r#"href="{link}""#)));
    assert!(mail.html.contains("食品经营许可"));
    // The subject header is RFC 2047-encoded on the wire, not raw UTF-8.
    let headers = messages[0].raw_headers();
    assert!(headers.is_ascii(), "{headers}");
    assert!(headers.contains("Subject: =?utf-8?"), "{headers}");
    let row = state(&app.pool, zh).await;
    assert!(row.sent && !row.abandoned && row.attempts == 1, "{row:?}");

    let outcome = try_send_next(&app.pool, &mailer).await.expect("send");
    assert_eq!(outcome, SendOutcome::Sent(en));
    let messages = sink.wait_for(2, Duration::from_secs(5)).await;
    assert_eq!(messages[1].recipients, ["lisi@example.com"]);
    let mail = messages[1].decode();
    assert_eq!(mail.to, "Li Si <lisi@example.com>");
    assert_eq!(
        mail.subject,
        "Case SCJG-20261122-0002: more information needed"
    );
    assert_eq!(mail.content_language, "en");
    assert!(mail.text.contains("Food business licence"), "{}", mail.text);
    assert!(mail.text.contains(&link));
    assert!(mail
        .text
        .contains("Reason: The floor plan is missing <b>signatures</b>."));
    assert!(mail.html.contains(r#"<html lang="en">"#));
    // The reason is text, never markup.
    assert!(!mail.html.contains("<b>signatures</b>"), "{}", mail.html);
    assert!(mail.html.contains("signatures"));

    // Nothing left: no duplicate.
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("send"),
        SendOutcome::Empty
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(sink.messages().len(), 2);
}

#[tokio::test]
async fn unknown_templates_still_send_a_generic_mail() {
    let sink = SmtpSink::start().await;
    let app = spawn_app().await;
    let id = queue(
        &app.pool,
        "zhangsan@example.com",
        "en",
        "case-moved-to-another-planet",
        params("SCJG-20261122-0009", ""),
    )
    .await;
    let outcome = try_send_next(&app.pool, &mailer(&sink, 8))
        .await
        .expect("send");
    assert_eq!(outcome, SendOutcome::Sent(id));
    let mail = sink.wait_for(1, Duration::from_secs(5)).await[0].decode();
    assert_eq!(mail.subject, "Case SCJG-20261122-0009 updated");
    assert!(mail.text.contains("Food business licence"));
}

#[tokio::test]
async fn temporary_failures_are_retried_later_then_abandoned() {
    let sink = SmtpSink::start().await;
    let app = spawn_app().await;
    let mailer = mailer(&sink, 3);
    sink.set_failing(true);
    let id = queue(
        &app.pool,
        "zhangsan@example.com",
        "zh-CN",
        "case-approved",
        params("SCJG-20261122-0003", ""),
    )
    .await;

    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Retried(id)
    );
    let row = state(&app.pool, id).await;
    assert_eq!(row.attempts, 1);
    assert!(row.due_in_future && !row.sent && !row.abandoned, "{row:?}");
    let error = row.last_error.unwrap_or_default();
    assert!(error.contains("451"), "{error}");
    // Not due yet: nothing to do.
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Empty
    );
    assert_eq!(sink.refused(), 1);

    make_due(&app.pool, id).await;
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Retried(id)
    );
    assert_eq!(state(&app.pool, id).await.attempts, 2);
    make_due(&app.pool, id).await;
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Abandoned(id)
    );
    let row = state(&app.pool, id).await;
    assert!(row.abandoned && !row.sent && row.attempts == 3, "{row:?}");
    // An abandoned mail is never tried again.
    make_due(&app.pool, id).await;
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Empty
    );
    assert_eq!(sink.refused(), 3);
    assert!(sink.messages().is_empty());

    // A mail that failed once goes out when the server is back.
    let second = queue(
        &app.pool,
        "zhangsan@example.com",
        "zh-CN",
        "case-approved",
        params("SCJG-20261122-0004", ""),
    )
    .await;
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Retried(second)
    );
    sink.set_failing(false);
    make_due(&app.pool, second).await;
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Sent(second)
    );
    let row = state(&app.pool, second).await;
    assert!(row.sent && row.attempts == 2, "{row:?}");
    let mail = sink.wait_for(1, Duration::from_secs(5)).await[0].decode();
    assert!(mail.subject.contains("SCJG-20261122-0004"));
}

#[tokio::test]
async fn an_unreachable_server_and_a_bad_address_are_handled() {
    let app = spawn_app().await;
    // A port nobody listens on (bound, then released).
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let mailer = Mailer::new(&MailSettings {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        ..MailSettings::disabled(TEST_SITE_URL)
    })
    .expect("settings")
    .expect("enabled");
    let id = queue(
        &app.pool,
        "zhangsan@example.com",
        "zh-CN",
        "case-denied",
        params("SCJG-20261122-0005", ""),
    )
    .await;
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Retried(id)
    );
    assert!(state(&app.pool, id).await.due_in_future);

    // An address that can never work is abandoned at once.
    let bad = queue(
        &app.pool,
        "not an address",
        "zh-CN",
        "case-denied",
        params("SCJG-20261122-0006", ""),
    )
    .await;
    assert_eq!(
        try_send_next(&app.pool, &mailer).await.expect("try"),
        SendOutcome::Abandoned(bad)
    );
    let row = state(&app.pool, bad).await;
    assert!(row.abandoned && row.attempts == 1, "{row:?}");
}

#[tokio::test]
async fn two_workers_send_every_mail_exactly_once() {
    let sink = SmtpSink::start().await;
    let app = spawn_app().await;
    let mut ids = BTreeSet::new();
    for n in 0..20 {
        let id = queue(
            &app.pool,
            &format!("person{n}@example.com"),
            if n % 2 == 0 { "zh-CN" } else { "en" },
            "case-submitted",
            params(&format!("SCJG-20261122-{n:04}"), ""),
        )
        .await;
        ids.insert(id);
    }
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let pool = app.pool.clone();
            let mailer = mailer(&sink, 8);
            tokio::spawn(async move {
                let mut sent = Vec::new();
                loop {
                    match try_send_next(&pool, &mailer).await.expect("send") {
                        SendOutcome::Sent(id) => sent.push(id),
                        SendOutcome::Empty => return sent,
                        other => panic!("unexpected {other:?}"),
                    }
                }
            })
        })
        .collect();
    let mut sent = Vec::new();
    for worker in workers {
        sent.extend(worker.await.expect("worker"));
    }
    assert_eq!(sent.len(), 20, "{sent:?}");
    assert_eq!(sent.iter().copied().collect::<BTreeSet<_>>(), ids);

    let messages = sink.wait_for(20, Duration::from_secs(5)).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(sink.messages().len(), 20);
    let recipients: BTreeSet<_> = messages.iter().flat_map(|m| m.recipients.clone()).collect();
    assert_eq!(recipients.len(), 20);
    let unsent: i64 = sqlx::query_scalar("select count(*) from email_outbox where sent_at is null")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(unsent, 0);
}

#[tokio::test]
async fn the_running_server_delivers_queued_mail() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(Options {
        smtp_url: Some(sink.url()),
        ..Default::default()
    })
    .await;
    // As the core does it: the row, then a notification that wakes the worker at commit.
    let mut tx = app.pool.begin().await.expect("begin");
    let id: i64 = sqlx::query_scalar(
        "insert into email_outbox (to_address, locale, template, params)
         values ('zhangsan@example.com', 'zh-CN', 'case-withdrawn', $1) returning id",
    )
    .bind(params("SCJG-20261122-0007", ""))
    .fetch_one(&mut *tx)
    .await
    .expect("queue");
    sqlx::query("select pg_notify('email_outbox', '')")
        .execute(&mut *tx)
        .await
        .expect("notify");
    tx.commit().await.expect("commit");
    let mail = sink.wait_for(1, Duration::from_secs(10)).await[0].decode();
    assert_eq!(mail.subject, "【一网通办】办件 SCJG-20261122-0007 已撤回");

    // Without a notification, the next poll finds it.
    let second = queue(
        &app.pool,
        "lisi@example.com",
        "en",
        "case-withdrawn",
        params("SCJG-20261122-0008", ""),
    )
    .await;
    let messages = sink.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(messages[1].recipients, ["lisi@example.com"]);
    // The worker marks them sent right after the SMTP server's answer.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        if state(&app.pool, id).await.sent && state(&app.pool, second).await.sent {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "rows not marked sent"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_worker_stops_when_asked_and_gives_its_connections_back() {
    let sink = SmtpSink::start().await;
    let app = spawn_app().await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(run_mail_worker(
        app.pool.clone(),
        mailer(&sink, 8),
        async move {
            let _ = stopped.await;
        },
    ));
    queue(
        &app.pool,
        "zhangsan@example.com",
        "zh-CN",
        "case-submitted",
        params("SCJG-20261122-0010", ""),
    )
    .await;
    sink.wait_for(1, Duration::from_secs(10)).await;
    stop.send(()).expect("the worker is running");
    tokio::time::timeout(Duration::from_secs(5), worker)
        .await
        .expect("the worker stops")
        .expect("without panicking");
    // Its LISTEN connection went back to the pool, so the pool can close.
    tokio::time::timeout(Duration::from_secs(10), app.pool.close())
        .await
        .expect("the pool closes");
}
