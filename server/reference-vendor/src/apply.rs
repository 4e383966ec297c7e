//! Carrying out due operations by the rules: each step changes the subscription and queues its
//! report in one transaction, so a crash never applies without reporting or reports twice.
use super::config::Rules;
use super::outbox::{self, Destination};
use chrono::{DateTime, Utc};
use portal_protocol::market::{
    Access, OperationRequest, OperationType, OutcomeReport, OutcomeStatus, MARKET_PROTOCOL,
    MAX_REPORT_TEXT,
};
use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

#[derive(Clone, Debug, sqlx::FromRow)]
struct DueOperation {
    vendor_id: Uuid,
    operation_id: Uuid,
    body: Value,
    progress_sent: bool,
    first_at: DateTime<Utc>,
}

/// The subscription's status once an operation of this type succeeded.
pub fn status_after(operation: OperationType) -> &'static str {
    match operation {
        OperationType::Suspend => "suspended",
        OperationType::Cancel => "cancelled",
        OperationType::Provision
        | OperationType::Reinstate
        | OperationType::Renew
        | OperationType::ChangePlan
        | OperationType::ChangeQuantity => "active",
    }
}

/// Takes the due operations (per subscription only the oldest pending one, so they apply in
/// generation order) one step further; returns how many moved.
pub async fn advance_due(pool: &PgPool, rules: &Rules, public_url: &str) -> sqlx::Result<usize> {
    let mut tx = pool.begin().await?;
    let due: Vec<DueOperation> = sqlx::query_as(
        "select vendor_id, operation_id, body, progress_sent, first_at
         from refvendor.operations o1
         where state = 'pending' and due_at <= now() and not exists (
           select 1 from refvendor.operations o2
           where o2.subscription_id = o1.subscription_id and o2.state = 'pending'
             and (o2.generation, o2.first_at) < (o1.generation, o1.first_at))
         order by due_at limit 16 for update skip locked",
    )
    .fetch_all(&mut *tx)
    .await?;
    for op in &due {
        step(&mut tx, rules, public_url, op).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

fn text(s: &str) -> String {
    s.chars().take(MAX_REPORT_TEXT).collect()
}

async fn step(
    tx: &mut Transaction<'_, Postgres>,
    rules: &Rules,
    public_url: &str,
    op: &DueOperation,
) -> sqlx::Result<()> {
    let request: OperationRequest = match serde_json::from_value(op.body.clone()) {
        Ok(r) => r,
        Err(e) => {
            // It parsed when received; if it no longer does, stop rather than loop on it.
            tracing::error!(operation = %op.operation_id, error = %e, "stored operation unreadable");
            return finish(tx, op, "unreadable").await;
        }
    };
    let to = Destination {
        vendor_id: op.vendor_id,
        operation_id: op.operation_id,
        subscription_id: request.subscription_id,
        url: &request.callback_url,
    };
    let after_ms = rules.succeed_after_ms(&request.desired.product);
    let report = |status: OutcomeStatus| OutcomeReport {
        protocol: MARKET_PROTOCOL.into(),
        report_id: format!("{}:{}", op.operation_id, status.as_str()),
        generation: request.generation,
        status,
        message: None,
        expected_at: None,
        access: None,
        reason: None,
    };
    if let (Some(message), false) = (&rules.progress_message, op.progress_sent) {
        let expected_at = op.first_at
            + chrono::Duration::milliseconds(i64::try_from(after_ms).unwrap_or(i64::MAX / 2));
        let progress = OutcomeReport {
            message: Some(text(message)),
            expected_at: Some(expected_at),
            ..report(OutcomeStatus::InProgress)
        };
        outbox::enqueue(tx, &to, &progress).await?;
        sqlx::query(
            "update refvendor.operations set progress_sent = true, due_at = $3
             where vendor_id = $1 and operation_id = $2",
        )
        .bind(op.vendor_id)
        .bind(op.operation_id)
        .bind(expected_at)
        .execute(&mut **tx)
        .await?;
        return Ok(());
    }
    let planned_failure = rules.failure(&request.desired.product, &request.desired.plan);
    let applied = match planned_failure {
        Some(reason) => {
            record_failed_provision(tx, op.vendor_id, &request).await?;
            Err(reason)
        }
        None => apply(tx, op.vendor_id, &request).await?,
    };
    let outcome = match applied {
        Ok(tenant) => OutcomeReport {
            access: tenant.map(|tenant_id| Access {
                url: format!("{}/tenants/{tenant_id}", public_url.trim_end_matches('/')),
                tenant_id,
            }),
            ..report(OutcomeStatus::Succeeded)
        },
        Err(reason) => OutcomeReport {
            reason: Some(text(&reason)),
            ..report(OutcomeStatus::Failed)
        },
    };
    outbox::enqueue(tx, &to, &outcome).await?;
    finish(tx, op, outcome.status.as_str()).await
}

async fn finish(
    tx: &mut Transaction<'_, Postgres>,
    op: &DueOperation,
    outcome: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "update refvendor.operations set state = 'done', outcome = $3, due_at = null
         where vendor_id = $1 and operation_id = $2",
    )
    .bind(op.vendor_id)
    .bind(op.operation_id)
    .bind(outcome)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Applies the desired state. `Ok(tenant)` for a provision (the tenant it created or already
/// had), `Ok(None)` for other types, `Err(reason)` when there is nothing to apply it to.
async fn apply(
    tx: &mut Transaction<'_, Postgres>,
    vendor: Uuid,
    request: &OperationRequest,
) -> sqlx::Result<Result<Option<String>, String>> {
    let current: Option<(Option<String>,)> = sqlx::query_as(
        "select tenant_id from refvendor.subscriptions where subscription_id = $1 for update",
    )
    .bind(request.subscription_id)
    .fetch_optional(&mut **tx)
    .await?;
    let provision = request.operation_type == OperationType::Provision;
    let never_provisioned = || {
        Ok(Err(format!(
            "{} of a subscription this vendor never provisioned",
            request.operation_type.as_str()
        )))
    };
    let Some((tenant,)) = current else {
        if !provision {
            return never_provisioned();
        }
        let tenant = new_tenant_id();
        upsert(tx, vendor, request, "active", Some(&tenant), true).await?;
        return Ok(Ok(Some(tenant)));
    };
    // A failed provision left a row without a tenant: only a provision can follow it.
    if tenant.is_none() && !provision {
        return never_provisioned();
    }
    // Only a provision that creates the tenant counts as one (a repeated provision reuses it).
    let creates = provision && tenant.is_none();
    let tenant = tenant.or_else(|| creates.then(new_tenant_id));
    let status = status_after(request.operation_type);
    upsert(tx, vendor, request, status, tenant.as_deref(), creates).await?;
    Ok(Ok(tenant.filter(|_| provision)))
}

/// A failed provision of a subscription not seen before leaves it `failed` (so the vendor's
/// view says so); a failed later operation changes nothing.
async fn record_failed_provision(
    tx: &mut Transaction<'_, Postgres>,
    vendor: Uuid,
    request: &OperationRequest,
) -> sqlx::Result<()> {
    if request.operation_type != OperationType::Provision {
        return Ok(());
    }
    sqlx::query(
        "insert into refvendor.subscriptions
           (subscription_id, vendor_id, product, plan, quantity, term, status, generation,
            enterprise_name, credit_code)
         values ($1, $2, $3, $4, $5, $6, 'failed', $7, $8, $9)
         on conflict (subscription_id) do nothing",
    )
    .bind(request.subscription_id)
    .bind(vendor)
    .bind(&request.desired.product)
    .bind(&request.desired.plan)
    .bind(request.desired.quantity)
    .bind(&request.desired.term)
    .bind(request.generation)
    .bind(&request.enterprise.name)
    .bind(&request.enterprise.credit_code)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn upsert(
    tx: &mut Transaction<'_, Postgres>,
    vendor: Uuid,
    request: &OperationRequest,
    status: &str,
    tenant: Option<&str>,
    provisioned: bool,
) -> sqlx::Result<()> {
    let desired = &request.desired;
    sqlx::query(
        "insert into refvendor.subscriptions
           (subscription_id, vendor_id, product, plan, quantity, term, status, generation,
            tenant_id, enterprise_name, credit_code, provisions, operations_applied)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)
         on conflict (subscription_id) do update set
           product = excluded.product, plan = excluded.plan, quantity = excluded.quantity,
           term = excluded.term, status = excluded.status,
           generation = greatest(refvendor.subscriptions.generation, excluded.generation),
           tenant_id = excluded.tenant_id, enterprise_name = excluded.enterprise_name,
           credit_code = excluded.credit_code,
           provisions = refvendor.subscriptions.provisions + excluded.provisions,
           operations_applied = refvendor.subscriptions.operations_applied + 1,
           updated_at = now()",
    )
    .bind(request.subscription_id)
    .bind(vendor)
    .bind(&desired.product)
    .bind(&desired.plan)
    .bind(desired.quantity)
    .bind(&desired.term)
    .bind(status)
    .bind(request.generation)
    .bind(tenant)
    .bind(&request.enterprise.name)
    .bind(&request.enterprise.credit_code)
    .bind(i32::from(provisioned))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Random, so knowing a subscription id does not lead to its tenant page.
fn new_tenant_id() -> String {
    format!("tn-{}", Uuid::new_v4().simple())
}
