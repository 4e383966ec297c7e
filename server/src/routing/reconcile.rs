//! Reconciliation with vendors' systems: for each settled subscription, a signed
//! `GET {base_url}/subscriptions/{id}` (market.v1) and the portal's view compared with the
//! vendor's; each difference is recorded for the operator. Run daily by housekeeping.
use anyhow::Context;
use app::core::market::reconciliation::{self, ToCheck};
use app::domain::market::reconcile::{differences, Holding};
use portal_protocol::market::VendorView;
use portal_protocol::signing::{Direction, Signable, SignedHeaders, SigningKey};
use sqlx::PgPool;
use std::time::Duration;

/// Subscriptions checked per run, at most (the least recently checked first).
const PER_RUN: i64 = 2_000;

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Run {
    pub checked: u32,
    pub differing: u32,
    /// The vendor's system could not be asked (it is left for the next run).
    pub unreachable: u32,
}

/// Asks each vendor about its settled subscriptions and records the differences.
pub async fn run_once(pool: &PgPool) -> anyhow::Result<Run> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .user_agent("yiwang-portal-reconciliation/1")
        .build()
        .context("building the reconciliation HTTP client")?;
    let mut run = Run::default();
    for item in reconciliation::to_check(pool, PER_RUN).await? {
        let vendor = match ask(&client, &item).await {
            Ok(view) => view,
            Err(error) => {
                tracing::warn!(subscription_id = %item.subscription_id, error = format!("{error:#}"), "reconciliation: vendor not reachable");
                run.unreachable += 1;
                continue;
            }
        };
        run.checked += 1;
        let found = differences(&item.portal, vendor.as_ref());
        if !found.is_empty() {
            run.differing += 1;
            reconciliation::record(pool, &item, vendor.as_ref(), &found).await?;
        }
    }
    Ok(run)
}

/// The vendor's view (`None`: it answered 404, it does not know the subscription).
async fn ask(client: &reqwest::Client, item: &ToCheck) -> anyhow::Result<Option<Holding>> {
    let key = SigningKey::from_hex(&item.signing_key_hex).context("the vendor's key")?;
    let url = format!(
        "{}/subscriptions/{}",
        item.base_url.trim_end_matches('/'),
        item.subscription_id
    );
    let path = reqwest::Url::parse(&url)
        .context("the vendor's URL")?
        .path()
        .to_string();
    let signed = SignedHeaders::sign(
        &key.toward(Direction::PortalToSystem),
        &item.vendor_id.to_string(),
        &Signable {
            method: "GET",
            path_and_query: &path,
            idempotency_key: None,
            body: b"",
        },
        super::now_unix(),
    );
    let mut request = client.get(&url).timeout(Duration::from_millis(
        u64::try_from(item.timeout_ms).unwrap_or(5000),
    ));
    for (name, value) in signed.pairs() {
        request = request.header(name, value);
    }
    let response = request.send().await.context("asking the vendor")?;
    match response.status().as_u16() {
        200 => {
            let body = super::attempt::read_limited(response).await;
            let view: VendorView =
                serde_json::from_slice(&body).context("the vendor's view is not market.v1")?;
            Ok(Some(Holding {
                generation: view.generation,
                plan: view.plan,
                quantity: view.quantity,
                status: view.status,
            }))
        }
        404 => Ok(None),
        status => anyhow::bail!("the vendor answered HTTP {status}"),
    }
}
