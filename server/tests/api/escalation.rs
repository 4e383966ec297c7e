//! An overdue case reaches the department's supervisors once; a case on time does not.
use crate::applications::submit_complete;
use crate::supplements::{act, clerk};
use app::core::escalation::escalate_overdue;
use app::domain::case_lifecycle::CaseAction;
use portal_test_support::citizen;
use portal_test_support::{spawn_app, ID_A};
use uuid::Uuid;

#[tokio::test]
async fn overdue_cases_are_escalated_to_supervisors_exactly_once() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let late = submit_complete(&app).await;
    let on_time = submit_complete(&app).await;
    let clerk = clerk(&app, "GA").await;
    for case in [late, on_time] {
        act(&app, case, &clerk, CaseAction::Accept).await;
    }
    app.backdate_acceptance(late, 90).await;
    let supervisor: Uuid = sqlx::query_scalar(
        "insert into accounts (role, username, display_name, department_code, password_hash)
         values ('supervisor', 'supervisor.ga', '赵科长', 'GA', 'x') returning id",
    )
    .fetch_one(&app.pool)
    .await
    .expect("supervisor");

    assert_eq!(escalate_overdue(&app.pool).await.expect("escalate"), 1);
    assert_eq!(
        escalate_overdue(&app.pool).await.expect("again"),
        0,
        "only once"
    );
    let notified: Vec<(Option<Uuid>, String)> =
        sqlx::query_as("select case_id, template from notifications where account_id = $1")
            .bind(supervisor)
            .fetch_all(&app.pool)
            .await
            .expect("notifications");
    assert_eq!(notified, vec![(Some(late), "case-overdue".to_string())]);
}
