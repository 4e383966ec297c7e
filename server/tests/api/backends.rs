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

#[tokio::test]
async fn signing_keys_are_sealed_at_rest_and_survive_a_secret_rotation() {
    use app::core::destination_keys::{reseal_stored, Destination, Sealers};
    let app = spawn_app().await;
    let backend = HttpBackend::parse("https://ga.example.gov.cn/portal", KEY, 5000, 4)
        .expect("a valid backend");
    assert!(set(&app.pool, "GA", &DepartmentBackend::Http(backend))
        .await
        .expect("set"));
    let (plain, sealed): (Option<String>, Option<Vec<u8>>) = sqlx::query_as(
        "select signing_key_hex, signing_key_sealed from department_backends
         where department_code = 'GA'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("row");
    let sealed = sealed.expect("sealed");
    assert_eq!(plain, None, "no key in plain text");
    // The change is audited, without the key.
    let detail: serde_json::Value =
        sqlx::query_scalar("select detail from audit_log where action = 'backend.set'")
            .fetch_one(&app.pool)
            .await
            .expect("audited");
    assert_eq!(detail["base_url"], "https://ga.example.gov.cn/portal");
    assert!(!detail.to_string().contains(KEY));
    assert!(!hex::encode(&sealed).contains(KEY) && !String::from_utf8_lossy(&sealed).contains(KEY));
    // The portal itself reads it back (delivery and callbacks).
    assert_eq!(
        app::core::delivery::callbacks::signing_key(&app.pool, "GA")
            .await
            .expect("key")
            .as_deref(),
        Some(KEY)
    );
    // A copy of the database without the secret holds nothing usable.
    let other = Sealers::new(&[9; 32], &[]);
    assert_eq!(
        other.open(&Destination::Department("GA"), Some(&sealed), None),
        None
    );

    // A key an older version stored in plain text is sealed at the next start.
    sqlx::query(
        "update department_backends set signing_key_hex = $1, signing_key_sealed = null
         where department_code = 'GA'",
    )
    .bind(KEY)
    .execute(&app.pool)
    .await
    .expect("plain");
    let test_portal = Sealers::new(&[7; 32], &[]);
    assert_eq!(
        reseal_stored(&app.pool, &test_portal)
            .await
            .expect("reseal"),
        (1, 0)
    );

    // Rotation: the new secret with the old one as previous opens and re-seals every key; after
    // that the new secret alone is enough.
    let rotated = Sealers::new(&[8; 32], &[vec![7; 32]]);
    assert_eq!(
        reseal_stored(&app.pool, &rotated).await.expect("reseal"),
        (1, 0)
    );
    let sealed: Vec<u8> = sqlx::query_scalar(
        "select signing_key_sealed from department_backends where department_code = 'GA'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("row");
    let new_only = Sealers::new(&[8; 32], &[]);
    assert_eq!(
        new_only
            .open(&Destination::Department("GA"), Some(&sealed), None)
            .as_deref(),
        Some(KEY)
    );
    assert_eq!(
        reseal_stored(&app.pool, &new_only).await.expect("again"),
        (0, 0)
    );
}
