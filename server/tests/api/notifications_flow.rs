//! From a case change to the citizen: the contact e-mail on /account, the mail it brings, the
//! unread count in the header, the /notifications list and "mark all as read" — and nobody
//! sees anybody else's notifications.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::applications::submit_complete;
use portal_test_support::citizen;
use portal_test_support::smtp_sink::SmtpSink;
use portal_test_support::{location, spawn_app, spawn_app_with, Options, TestApp, ID_A, ID_B};
use reqwest::StatusCode;
use std::time::Duration;
use uuid::Uuid;

async fn stored_email(app: &TestApp, mobile: &str) -> Option<String> {
    sqlx::query_scalar(
        "select a.email from accounts a join people p on p.id = a.person_id where p.mobile = $1",
    )
    .bind(mobile)
    .fetch_one(&app.pool)
    .await
    .expect("account")
}

async fn case_number(app: &TestApp, case_id: Uuid) -> String {
    sqlx::query_scalar("select case_number from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case")
}

async fn unread_in_database(app: &TestApp, case_id: Uuid) -> i64 {
    sqlx::query_scalar("select count(*) from notifications where case_id = $1 and read_at is null")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("count")
}

/// The header's notifications link, from `href="/notifications"` to its closing tag.
fn header_link(html: &str) -> String {
    let start = html
        .find(r#"href="/notifications""#)
        .expect("the header links to /notifications");
    let end = html[start..].find("</a>").expect("the link ends") + start;
    html[start..end].to_string()
}

#[tokio::test]
async fn a_citizen_gets_an_email_and_an_in_app_notification_and_reads_them() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(Options {
        smtp_url: Some(sink.url()),
        ..Default::default()
    })
    .await;
    citizen(&app, "张三", ID_A, "13800138000").await;

    let (status, html) = app.get_html("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"name="form" value="email""#), "{html}");
    assert!(html.contains("未设置"), "no address yet");
    // Nothing to read yet: the link is there, without a count.
    assert!(!header_link(&html).contains("未读"));

    // An invalid address is refused, kept in the field and explained.
    let refused = app
        .post_form(
            "/account",
            &[("form", "email"), ("email", "zhangsan@example")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("body");
    assert!(html.contains("请输入有效的电子邮箱地址"), "{html}");
    assert!(
        html.contains(r##"href="#email-email""##),
        "linked from the summary"
    );
    assert!(html.contains(r#"value="zhangsan@example""#), "value kept");
    assert!(html.contains(r#"aria-invalid="true""#));
    assert_eq!(stored_email(&app, "13800138000").await, None);

    // A valid one is saved (domain lower-cased) and shown.
    let saved = app
        .post_form(
            "/account",
            &[("form", "email"), ("email", " ZhangSan@Example.COM ")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), "/account?notice=notice-email-saved");
    assert_eq!(
        stored_email(&app, "13800138000").await.as_deref(),
        Some("ZhangSan@example.com")
    );
    let (_, html) = app.get_html("/account?notice=notice-email-saved").await;
    assert!(html.contains("电子邮箱已保存"));
    assert!(html.contains(r#"value="ZhangSan@example.com""#), "{html}");

    // A case change: an e-mail to that address, about that case.
    let case_id = submit_complete(&app).await;
    let number = case_number(&app, case_id).await;
    let messages = sink.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(messages[0].recipients, ["ZhangSan@example.com"]);
    let mail = messages[0].decode();
    assert!(mail.subject.contains(&number), "{}", mail.subject);
    assert!(
        mail.text.contains(&format!("/cases/{case_id}")),
        "{}",
        mail.text
    );

    // The header says 1 unread, in the notifications link's accessible name.
    let (_, html) = app.get_html("/services").await;
    let link = header_link(&html);
    assert!(link.contains("通知"), "{link}");
    assert!(link.contains("（1 条未读通知）"), "{link}");
    assert!(html.contains(r#"href="/cases""#), "我的办件 stays");

    // The list shows it, unread, linking to the case; viewing it changes nothing.
    let (status, html) = app.get_html("/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&number), "{html}");
    assert!(html.contains(&format!(r#"href="/cases/{case_id}""#)));
    assert!(html.contains("无犯罪记录证明开具"), "the service's name");
    assert!(html.contains("已提交，正等待部门受理"));
    assert!(
        html.contains("未读通知："),
        "unread, for screen readers too"
    );
    assert!(
        html.contains(r#"action="/notifications""#),
        "mark-all-read form"
    );
    assert_eq!(unread_in_database(&app, case_id).await, 1);

    // Mark all as read: back to the list, nothing unread.
    let marked = app.post_form("/notifications", &[]).await;
    assert_eq!(marked.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&marked),
        "/notifications?notice=notice-notifications-read"
    );
    assert_eq!(unread_in_database(&app, case_id).await, 0);
    let (status, html) = app
        .get_html("/notifications?notice=notice-notifications-read")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("已将全部通知标为已读"));
    assert!(html.contains(&number), "still listed, now read");
    assert!(!html.contains("未读通知："));
    assert!(!html.contains(r#"action="/notifications""#));
    assert!(!header_link(&html).contains("未读"));

    // A blank field removes the address.
    let cleared = app
        .post_form("/account", &[("form", "email"), ("email", "  ")])
        .await;
    assert_eq!(cleared.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&cleared), "/account?notice=notice-email-cleared");
    assert_eq!(stored_email(&app, "13800138000").await, None);

    // In English, the same notification reads in English.
    let switched = app
        .post_form("/language", &[("lang", "en"), ("next", "/notifications")])
        .await;
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_html("/notifications").await;
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("has been submitted"), "{html}");
    assert!(html.contains(&number));
}

#[tokio::test]
async fn nobody_sees_or_marks_another_accounts_notifications() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let number = case_number(&app, case_id).await;
    let (_, html) = app.get_html("/notifications").await;
    assert!(html.contains(&number));

    let other = app.other_browser();
    citizen(&other, "李四", ID_B, "13900139000").await;
    let (status, html) = other.get_html("/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&number), "{html}");
    assert!(!html.contains(&case_id.to_string()));
    assert!(html.contains("暂无通知"));
    assert!(!header_link(&html).contains("未读"));
    // Their "mark all as read" leaves the first citizen's notifications alone.
    let marked = other.post_form("/notifications", &[]).await;
    assert_eq!(marked.status(), StatusCode::SEE_OTHER);
    assert_eq!(unread_in_database(&app, case_id).await, 1);

    // Nobody logged in: asked to log in, nothing changes.
    let anonymous = app.other_browser();
    let (status, html) = anonymous.get_html("/notifications").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("/login?next=/notifications"));
    assert!(!html.contains(&number));
    let refused = anonymous.post_form("/notifications", &[]).await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    assert!(location(&refused).starts_with("/login"));
    assert_eq!(unread_in_database(&app, case_id).await, 1);
    let refused = anonymous
        .post_form("/account", &[("form", "email"), ("email", "x@example.com")])
        .await;
    assert!(location(&refused).starts_with("/login"));
}

/// Notifications about an enterprise's case (with supplement and denial reasons) follow who can
/// see it: once its filing agent is revoked, they go to the enterprise's admin instead.
#[tokio::test]
async fn a_revoked_agent_is_no_longer_told_about_the_enterprises_cases() {
    use crate::applications::{open_form, post_application};
    use app::core::cases::{transition, Acting};
    use app::domain::case_lifecycle::{CaseAction, SupplementItem, SupplementKind};
    let app = spawn_app().await;
    app.enterprise_agent().await;
    let enterprise_id: Uuid = sqlx::query_scalar("select id from enterprises")
        .fetch_one(&app.pool)
        .await
        .expect("enterprise");
    let enterprise = enterprise_id.to_string();
    let agent = app.other_browser();
    citizen(&agent, "李四", ID_B, "13900139000").await;
    let invited = app
        .post_form(
            "/account",
            &[
                ("enterprise_id", enterprise.as_str()),
                ("mobile", "13900139000"),
                ("id_number", ID_B),
            ],
        )
        .await;
    assert_eq!(invited.status(), StatusCode::SEE_OTHER);
    let accepted = agent
        .post_form(&format!("/account/enterprises/{enterprise_id}/accept"), &[])
        .await;
    assert_eq!(accepted.status(), StatusCode::SEE_OTHER);
    let account = |mobile: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, Uuid>(
                "select a.id from accounts a join people p on p.id = a.person_id where p.mobile = $1",
            )
            .bind(mobile)
            .fetch_one(&pool)
            .await
            .expect("account")
        }
    };
    let (admin_id, agent_id) = (account("13800138000").await, account("13900139000").await);

    // The agent files the enterprise's case (食品经营许可).
    let page = open_form(&agent, "/apply/SCJG-002").await;
    assert!(page.enterprise.is_some(), "filed for the enterprise");
    let saved = post_application(
        &agent,
        &page,
        "save",
        &[("details", "申请许可")],
        Vec::new(),
    )
    .await;
    let case_id: Uuid = location(&saved)
        .split('/')
        .find_map(|part| part.parse().ok())
        .expect("case id");
    let clerk_id: Uuid = sqlx::query_scalar(
        "insert into accounts (role, username, display_name, department_code, password_hash)
         values ('clerk', 'clerk.scjg', '王科员', 'SCJG', 'x') returning id",
    )
    .fetch_one(&app.pool)
    .await
    .expect("clerk");
    let clerk = Acting::Clerk {
        account_id: clerk_id,
        department_code: "SCJG".into(),
    };
    let act = |acting: Acting, action: CaseAction| {
        let pool = app.pool.clone();
        async move {
            let mut tx = pool.begin().await.expect("begin");
            transition::apply(&mut tx, case_id, &acting, &action, None)
                .await
                .expect("transition");
            tx.commit().await.expect("commit");
        }
    };
    act(
        Acting::Applicant {
            account_id: agent_id,
        },
        CaseAction::Submit,
    )
    .await;
    act(clerk.clone(), CaseAction::Accept).await;
    let told = |account_id: Uuid| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "select count(*) from notifications where account_id = $1 and case_id = $2",
            )
            .bind(account_id)
            .bind(case_id)
            .fetch_one(&pool)
            .await
            .expect("count")
        }
    };
    let agent_before = told(agent_id).await;
    assert!(agent_before > 0, "the filing agent is told while an agent");
    assert_eq!(told(admin_id).await, 0);

    let revoked = app
        .post_form(
            &format!("/account/enterprises/{enterprise_id}/agents/{agent_id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    act(clerk.clone(), CaseAction::StartReview).await;
    act(
        clerk,
        CaseAction::RequestSupplement {
            items: vec![SupplementItem {
                kind: SupplementKind::Field,
                key: "details".into(),
                reason: "经营场所面积未写明".into(),
            }],
            reason: String::new(),
        },
    )
    .await;
    assert_eq!(
        told(agent_id).await,
        agent_before,
        "nothing more for the revoked agent"
    );
    assert!(
        told(admin_id).await > 0,
        "the enterprise's admin is told instead"
    );
    let (_, agent_notifications) = agent.get_html("/notifications").await;
    assert!(!agent_notifications.contains("经营场所面积未写明"));
}
