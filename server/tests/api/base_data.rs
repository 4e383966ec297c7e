//! The shared base data feeds: only the register's keeper may feed it, records apply by
//! version (a replay is unchanged, an older one stale and never overwrites), each applied
//! change is kept with its source, bad records are refused one by one with their reason.
use crate::routing_support::*;
use portal_test_support::signed::now;
use portal_test_support::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const PEOPLE: &str = "/api/v1/base-data/people";
const ENTITIES: &str = "/api/v1/base-data/entities";
/// Born 1949-12-31, female.
const WOMAN: &str = "11010519491231002X";

fn person(name: &str, address: &str, status: &str, version: i64) -> Value {
    json!({"id_number": WOMAN, "name": name, "sex": "female", "birth_date": "1949-12-31",
           "household_address": address, "status": status, "version": version})
}

fn batch(records: Vec<Value>) -> Value {
    json!({"protocol": "portal.v1", "records": records})
}

async fn feed(app: &TestApp, department: &str, path: &str, body: &Value) -> (StatusCode, Value) {
    signed_json(app, department, KEY, Method::POST, path, body, now()).await
}

fn results(answer: &Value) -> Vec<(String, String)> {
    answer["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|r| {
                    let result = r["result"].as_str().unwrap_or_default();
                    let reason = r["reason"].as_str().unwrap_or_default();
                    (result.to_string(), reason.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

async fn held(app: &TestApp) -> (String, String, i64) {
    sqlx::query_as(
        "select household_address, status, source_version from base_people where id_number = $1",
    )
    .bind(WOMAN)
    .fetch_one(&app.pool)
    .await
    .expect("person")
}

/// GA and SCJG each on a system with key KEY.
async fn setup() -> TestApp {
    let app = spawn_manual().await;
    use_http_backend(&app, "GA", "http://127.0.0.1:9", KEY).await;
    use_http_backend(&app, "SCJG", "http://127.0.0.1:9", KEY).await;
    app
}

#[tokio::test]
async fn base_data_people_apply_by_version_and_keep_their_history() {
    let app = setup().await;
    let v2 = person("王芳", "鼓楼区 2 号", "live", 2);
    let (status, answer) = feed(&app, "GA", PEOPLE, &batch(vec![v2.clone()])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(results(&answer), pairs(&[("applied", "")]));
    // A replay, then a late older version: neither changes what is held.
    let v1 = person("王芳", "旧地址 1 号", "live", 1);
    let (_, answer) = feed(&app, "GA", PEOPLE, &batch(vec![v2, v1])).await;
    assert_eq!(results(&answer), pairs(&[("unchanged", ""), ("stale", "")]));
    assert_eq!(held(&app).await, ("鼓楼区 2 号".into(), "live".into(), 2));
    // A newer one applies: the person has died.
    let v3 = person("王芳", "鼓楼区 2 号", "deceased", 3);
    let (_, answer) = feed(&app, "GA", PEOPLE, &batch(vec![v3])).await;
    assert_eq!(results(&answer), pairs(&[("applied", "")]));
    assert_eq!(held(&app).await.1, "deceased");
    // The history: versions 2 and 3 from GA, never the stale one.
    let history: Vec<(String, i64, String)> = sqlx::query_as(
        "select source, source_version, record->>'status' from base_data_changes
         where kind = 'person' and record_key = $1 order by id",
    )
    .bind(WOMAN)
    .fetch_all(&app.pool)
    .await
    .expect("history");
    assert_eq!(
        history,
        [
            ("GA".into(), 2, "live".into()),
            ("GA".into(), 3, "deceased".into())
        ]
    );
    // Kept for good: the history refuses changes.
    let rewrite = sqlx::query("delete from base_data_changes")
        .execute(&app.pool)
        .await;
    assert!(rewrite.is_err(), "the history is append-only");
}

#[tokio::test]
async fn base_data_bad_records_are_refused_one_by_one_and_strangers_not_at_all() {
    let app = setup().await;
    let mut wrong_sex = person("王芳", "鼓楼区", "live", 1);
    wrong_sex["sex"] = json!("male");
    let mut wrong_birth = person("王芳", "鼓楼区", "live", 1);
    wrong_birth["birth_date"] = json!("1950-01-01");
    let mut bad_id = person("王芳", "鼓楼区", "live", 1);
    bad_id["id_number"] = json!("110105194912310021");
    let records = vec![
        wrong_sex,
        wrong_birth,
        bad_id,
        person("王芳", "鼓楼区", "live", 0),
        person("王芳", "鼓楼区", "alive", 1),
        person("王芳", "鼓楼区", "live", 1),
    ];
    let (status, answer) = feed(&app, "GA", PEOPLE, &batch(records)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        results(&answer),
        pairs(&[
            ("invalid", "sex_does_not_match_id_number"),
            ("invalid", "birth_date_does_not_match_id_number"),
            ("invalid", "invalid_id_number"),
            ("invalid", "invalid_version"),
            ("invalid", "invalid_status"),
            ("applied", ""),
        ])
    );

    // The register of people is 公安局's: 市场监管局 may not feed it, nor the reverse.
    let (status, answer) = feed(
        &app,
        "SCJG",
        PEOPLE,
        &batch(vec![person("假", "x", "live", 9)]),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_authoritative"))
    );
    let entity = json!({"credit_code": "91350100MA0000001P", "name": "福州示例", "entity_type": "有限责任公司",
        "industry": "餐饮业", "legal_rep_id_number": WOMAN, "legal_rep_name": "王芳",
        "registered_address": "鼓楼区", "status": "active", "version": 1});
    let (status, _) = feed(&app, "GA", ENTITIES, &batch(vec![entity.clone()])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, answer) = feed(&app, "SCJG", ENTITIES, &batch(vec![entity])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(results(&answer), pairs(&[("applied", "")]));
    assert_eq!(held(&app).await.2, 1, "the refused feed changed nothing");

    // Empty, oversized and shapeless batches, another protocol, a forged signature.
    let (status, _) = feed(&app, "GA", PEOPLE, &batch(vec![])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let many = vec![person("王芳", "鼓楼区", "live", 1); 501];
    let (status, _) = feed(&app, "GA", PEOPLE, &batch(many)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = feed(&app, "GA", PEOPLE, &json!({"protocol": "portal.v1"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, answer) = feed(
        &app,
        "GA",
        PEOPLE,
        &json!({"protocol": "portal.v0", "records": [person("王芳", "x", "live", 5)]}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = signed_json(
        &app,
        "GA",
        OTHER_KEY,
        Method::POST,
        PEOPLE,
        &batch(vec![person("王芳", "x", "live", 5)]),
        now(),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("bad_signature"))
    );
    assert_eq!(held(&app).await.2, 1, "nothing refused changed anything");
}

#[tokio::test]
async fn base_data_concurrent_feeds_keep_the_highest_version() {
    let app = setup().await;
    // Versions 1 to 12 of one person from parallel batches, in no particular order.
    let feeds = (1..=12).map(|v| {
        let app = &app;
        async move {
            let record = person("王芳", &format!("地址 {v}"), "live", v);
            feed(app, "GA", PEOPLE, &batch(vec![record])).await
        }
    });
    let answers = futures_util::future::join_all(feeds).await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::OK));
    assert_eq!(held(&app).await, ("地址 12".into(), "live".into(), 12));
    let applied = answers
        .iter()
        .filter(|(_, a)| results(a) == pairs(&[("applied", "")]))
        .count();
    let kept: i64 = sqlx::query_scalar("select count(*) from base_data_changes")
        .fetch_one(&app.pool)
        .await
        .expect("history");
    assert_eq!(kept, applied as i64, "one history row per applied change");
}

#[tokio::test]
async fn base_data_the_demo_seeds_the_registers_its_accounts_stand_on() {
    let app = portal_test_support::spawn_app().await;
    server::demo::load(&app.pool).await.expect("demo data");
    server::demo::load(&app.pool)
        .await
        .expect("loaded twice: harmless");
    let counts: (i64, i64) = sqlx::query_as(
        "select (select count(*) from base_people), (select count(*) from base_entities)",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counts");
    assert!(counts.0 > 300 && counts.1 > 100, "{counts:?}");
    // Every demo person and enterprise account matches a live record.
    let unmatched: i64 = sqlx::query_scalar(
        "select (select count(*) from people p where not exists (
                    select 1 from base_people b
                    where b.id_number = p.id_number and b.name = p.real_name and b.status = 'live'))
              + (select count(*) from enterprises e where not exists (
                    select 1 from base_entities b
                    where b.credit_code = e.credit_code and b.name = e.name
                      and b.status = 'active'))",
    )
    .fetch_one(&app.pool)
    .await
    .expect("unmatched");
    assert_eq!(unmatched, 0);
    // The people the README offers a newcomer are there.
    let newcomer: (String, String) = sqlx::query_as(
        "select name, status from base_people where id_number = '350102196001010004'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("newcomer");
    assert_eq!(newcomer, ("王伟敏".to_string(), "live".to_string()));
}
