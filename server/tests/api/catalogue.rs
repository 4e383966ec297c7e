use portal_test_support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_catalogue_lists_seeded_services_by_topic_department_and_audience() {
    let app = spawn_app().await;
    let (status, all) = app.get_html("/services").await;
    assert_eq!(status, StatusCode::OK);
    assert!(all.contains("企业设立登记") && all.contains("结婚登记"));
    let (_, by_topic) = app.get_html("/services?topic=hunyin").await;
    assert!(by_topic.contains("结婚登记") && !by_topic.contains("企业设立登记"));
    let (_, by_department) = app.get_html("/services?department=SCJG").await;
    assert!(by_department.contains("食品经营许可") && !by_department.contains("结婚登记"));
    let (_, enterprise) = app.get_html("/services?audience=enterprise").await;
    assert!(enterprise.contains("企业设立登记") && !enterprise.contains("结婚登记"));
}

#[tokio::test]
async fn search_finds_chinese_substrings_and_english_words() {
    let app = spawn_app().await;
    // Two-character Chinese words, which the default text-search parser cannot segment.
    let (_, html) = app.get_html("/services?q=%E7%BB%93%E5%A9%9A").await; // 结婚
    assert!(html.contains("结婚登记"));
    assert!(!html.contains("食品经营许可"));
    let (_, html) = app.get_html("/services?q=licence").await;
    assert!(
        html.contains("企业设立登记"),
        "English search over the English names"
    );
    let (_, html) = app.get_html("/services?q=%25").await; // a literal %
    assert!(html.contains("没有找到符合条件的事项"));
}

#[tokio::test]
async fn the_service_guide_shows_what_an_applicant_needs() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/services/SCJG-001").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "企业设立登记",
        "申请材料",
        "办理流程",
        "承诺办结时限",
        "设定依据",
        "市场监督管理局",
    ] {
        assert!(html.contains(expected), "guide shows {expected}");
    }
    let response = app
        .client
        .get(app.url("/services/SCJG-001"))
        .header("cookie", "portal_lang=en")
        .send()
        .await
        .expect("get");
    let html = response.text().await.expect("body");
    assert!(html.contains("Documents you need") && html.contains("working days"));
}

#[tokio::test]
async fn the_catalogue_has_enough_services_in_both_languages() {
    let app = spawn_app().await;
    let (departments, services, untranslated): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from departments), (select count(*) from services),
                (select count(*) from services where name_en = '' or summary_en = '' or description_en = '')",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counts");
    assert!(departments >= 8 && services >= 30 && untranslated == 0);
}
