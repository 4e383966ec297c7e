//! The department registry: every department starts on the workbench; the operator's change is
//! what the routing layer reads next.
use app::core::department_backends::{list, set};
use app::domain::department_backend::{DepartmentBackend, HttpBackend};
use portal_test_support::spawn_app;

const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

#[tokio::test]
async fn departments_switch_between_the_workbench_and_their_own_system() {
    let app = spawn_app().await;
    let all = list(&app.pool).await.expect("list");
    assert_eq!(all.len(), 13, "every department, 政务服务管理局 included");
    assert!(all.iter().all(|(_, b)| *b == DepartmentBackend::Workbench));

    let http =
        HttpBackend::parse("https://gaj.example.gov.cn/portal", KEY, 3000, 8).expect("valid");
    assert!(set(&app.pool, "GA", &DepartmentBackend::Http(http.clone()))
        .await
        .expect("set"));
    assert!(!set(&app.pool, "XX", &DepartmentBackend::Workbench)
        .await
        .expect("unknown"));
    let all = list(&app.pool).await.expect("list");
    let ga = all
        .iter()
        .find(|(code, _)| code == "GA")
        .map(|(_, b)| b.clone());
    assert_eq!(ga, Some(DepartmentBackend::Http(http)));

    assert!(set(&app.pool, "GA", &DepartmentBackend::Workbench)
        .await
        .expect("back"));
    let (url, key): (Option<String>, Option<String>) = sqlx::query_as(
        "select base_url, signing_key_hex from department_backends where department_code = 'GA'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("row");
    assert_eq!((url, key), (None, None), "no stale address or key is kept");
}
