//! Statements for a month with a plan change, a seat change, metered usage and vouchers:
//! every statement's lines add up to its totals, the vendor's matches the enterprises', and
//! the programme's subsidy equals what the voucher ledger committed.
use crate::market_provisioning::{count, spawn, vendor_id};
use crate::market_sso::{provision_all, sign_in};
use app::core::market::changes::change;
use app::core::market::metering::{record_batch, Usage};
use portal_test_support::TestApp;
use reqwest::StatusCode;
use uuid::Uuid;

/// A CSV statement: its header, its lines and its totals row, as text cells.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    totals: Vec<String>,
}

async fn csv(app: &TestApp, path: &str) -> Csv {
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/csv")),
        "{path} is CSV"
    );
    let body = response.text().await.unwrap_or_default();
    let mut lines: Vec<Vec<String>> = body
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert!(lines.len() >= 2, "{body}");
    let header = lines.remove(0);
    let totals = lines.pop().unwrap_or_default();
    Csv {
        header,
        rows: lines,
        totals,
    }
}

/// Yuan text ("12.30") as fen.
fn fen(cell: &str) -> i64 {
    let (yuan, fen) = cell.split_once('.').unwrap_or((cell, "0"));
    let sign = if yuan.starts_with('-') { -1 } else { 1 };
    let yuan: i64 = yuan
        .trim_start_matches('-')
        .parse()
        .unwrap_or_else(|_| panic!("{cell}"));
    let fen: i64 = fen.parse().unwrap_or_else(|_| panic!("{cell}"));
    sign * (yuan * 100 + fen)
}

impl Csv {
    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// Every money column's lines add up to its total; returns the total of `name`.
    fn adds_up(&self, names: &[&str]) -> Vec<i64> {
        names
            .iter()
            .map(|name| {
                let c = self.column(name);
                let sum: i64 = self.rows.iter().map(|r| fen(&r[c])).sum();
                assert_eq!(sum, fen(&self.totals[c]), "column {name}");
                sum
            })
            .collect()
    }
}

#[tokio::test]
async fn a_months_statements_add_up_and_the_subsidy_matches_the_voucher_ledger() {
    let app = spawn().await;
    let placed = provision_all(&app, 2).await;
    let month = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string();
    // The trials end today: the paid terms start and are charged.
    sqlx::query(
        "update subscriptions set trial_ends_on = (now() at time zone 'Asia/Shanghai')::date,
                term_ends_on = (now() at time zone 'Asia/Shanghai')::date + 30",
    )
    .execute(&app.pool)
    .await
    .expect("trial over");
    let clock = app::core::market::clock::tick(&app.pool)
        .await
        .expect("clock");
    assert_eq!(clock.moves, 2, "both trials ended");
    assert_eq!(
        count(
            &app,
            "select count(*) from subscription_charges where kind = 'term'"
        )
        .await,
        2
    );

    // One enterprise upgrades its plan, the other adds seats: both apply now, prorated.
    let orderer = |id: Uuid| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, Uuid>("select ordered_by from subscriptions where id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .expect("orderer")
        }
    };
    let (a, b) = (placed[0], placed[1]);
    assert_eq!(
        change(&app.pool, orderer(a).await, a, "pro", 1, None)
            .await
            .ok(),
        Some(true)
    );
    assert_eq!(
        change(&app.pool, orderer(b).await, b, "basic", 3, None)
            .await
            .ok(),
        Some(true)
    );
    assert_eq!(
        count(
            &app,
            "select count(*) from subscription_charges where kind = 'proration'"
        )
        .await,
        2
    );

    // Metered usage on the first: 40 receipts at 5 fen, one record sent twice.
    sqlx::query(
        r#"update listing_versions set content = jsonb_set(content, '{plans,1,metered}',
               '[{"code": "receipt_ocr", "unit_zh": "张", "unit_en": "receipt", "unit_price_fen": 5}]')"#,
    )
    .execute(&app.pool)
    .await
    .expect("metered plan");
    let vendor = vendor_id(&app).await;
    let now = chrono::Utc::now();
    let usage = |id: &'static str, quantity: i64| Usage {
        record_id: id,
        subscription_id: a,
        dimension: "receipt_ocr",
        quantity,
        used_at: now,
    };
    let batch = [usage("r-1", 30), usage("r-2", 10), usage("r-1", 30)];
    let counted = record_batch(&app.pool, vendor, &batch)
        .await
        .expect("usage");
    assert_eq!(counted.len(), 3);
    assert_eq!(
        count(
            &app,
            "select coalesce(sum(amount_fen), 0)::bigint from usage_records"
        )
        .await,
        200
    );

    // Each enterprise's statement, as its admin sees it.
    sign_in(&app, "citizen", "13900000000").await;
    let mine = csv(
        &app,
        &format!("/market/statements?month={month}&format=csv"),
    )
    .await;
    assert_eq!(mine.rows.len(), 3, "term, proration, usage");
    let [list, discount, subsidy, sme] =
        mine.adds_up(&["原价", "云市场优惠", "云服务券补贴", "企业支付"])[..]
    else {
        panic!("four totals")
    };
    assert_eq!(list, discount + subsidy + sme, "the breakdown balances");
    assert_eq!(subsidy, 4455, "the voucher's subsidy, once");
    assert!(mine
        .rows
        .iter()
        .any(|r| r.iter().any(|c| c.contains("按量用量 · receipt_ocr"))
            && r.last().map(String::as_str) == Some("2.00")));
    let (status, html) = app
        .get_html(&format!("/market/statements?month={month}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("企业云服务对账单") && html.contains("测试企业0"),
        "{html}"
    );
    assert!(
        html.contains(&app::domain::market::statement::yuan(sme)),
        "the total is on the page"
    );
    // Another enterprise's statement is not this agent's to read.
    let other: Uuid = sqlx::query_scalar("select enterprise_id from subscriptions where id = $1")
        .bind(b)
        .fetch_one(&app.pool)
        .await
        .expect("enterprise");
    assert_eq!(
        app.get(&format!("/market/statements?enterprise={other}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Last month: nothing.
    let previous = csv(
        &app,
        &format!(
            "/market/statements?month={}&format=csv",
            previous_month(&month)
        ),
    )
    .await;
    assert!(previous.rows.is_empty());

    let theirs = app.other_browser();
    sign_in(&theirs, "citizen", "13900000001").await;
    let b_csv = csv(
        &theirs,
        &format!("/market/statements?month={month}&format=csv"),
    )
    .await;
    assert_eq!(b_csv.rows.len(), 2, "term and proration");
    let b_totals = b_csv.adds_up(&["原价", "云市场优惠", "云服务券补贴", "企业支付"]);

    // The vendor's statement: what both enterprises paid, what the programme owes.
    let vendor_browser = app.other_browser();
    sign_in(&vendor_browser, "vendor_admin", "vendor.a").await;
    let theirs_csv = csv(
        &vendor_browser,
        &format!("/market/vendor/statements?month={month}&format=csv"),
    )
    .await;
    assert_eq!(theirs_csv.rows.len(), 2, "one row per subscription");
    let [_, usage_fen, vendor_subsidy, vendor_sme, receivable] = theirs_csv.adds_up(&[
        "基础费用",
        "用量费用",
        "云服务券补贴",
        "企业支付",
        "应收合计",
    ])[..] else {
        panic!("five totals")
    };
    assert_eq!(usage_fen, 200);
    assert_eq!(vendor_sme, sme + b_totals[3], "what the enterprises pay");
    assert_eq!(vendor_subsidy, subsidy + b_totals[2]);
    assert_eq!(receivable, vendor_sme + vendor_subsidy);

    // The programme's report, for the operator: three breakdowns of one total, equal to the
    // voucher ledger's commitments.
    let operator = app.other_browser();
    let login = operator
        .login_staff("operator", portal_test_support::PASSWORD)
        .await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let report = csv(
        &operator,
        &format!("/admin/market/subsidy?month={month}&format=csv"),
    )
    .await;
    let total = fen(&report.totals[2]);
    for breakdown in ["按服务类别", "按云服务商", "按企业规模"] {
        let sum: i64 = report
            .rows
            .iter()
            .filter(|r| r[0] == breakdown)
            .map(|r| fen(&r[2]))
            .sum();
        assert_eq!(sum, total, "{breakdown}");
    }
    let committed = count(
        &app,
        "select coalesce(sum(amount_fen), 0)::bigint from voucher_ledger where movement = 'commit'",
    )
    .await;
    assert_eq!(total, committed);
    assert_eq!(total, vendor_subsidy);
    let (_, html) = operator
        .get_html(&format!("/admin/market/subsidy?month={month}"))
        .await;
    assert!(html.contains("核对结果</dt><dd>一致"), "{html}");
    // Nobody else reads it.
    assert_eq!(
        app.get("/admin/market/subsidy").await.status(),
        StatusCode::FORBIDDEN
    );
}

fn previous_month(month: &str) -> String {
    app::domain::market::statement::Month::parse(month)
        .map(|m| m.previous().to_string())
        .unwrap_or_default()
}
