//! Plan and seat changes, and renewals. An upgrade (a higher price per term) applies at once
//! and the vendor's system is told; a downgrade waits for the next renewal, which applies it
//! and prices the new term (the voucher subsidised the first term only).
use super::pricing::plan_for;
use super::subscriptions::{lock, mover_of, record_move, MoveBy, MoveRecord};
use super::{MarketError, MarketResult};
use portal_types::domain::market::listing::ListingContent;
use portal_types::domain::market::subscription::{apply, term_end, Move, MoveContext, Mover};
use portal_types::domain::market::subsidy::{breakdown, list_price};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

struct Current {
    plan_code: String,
    quantity: i32,
    subsidy_fen: i64,
    term_ends_on: Option<chrono::NaiveDate>,
    pending_plan_code: Option<String>,
    pending_quantity: Option<i32>,
    content: ListingContent,
}

async fn current(conn: &mut PgConnection, id: Uuid) -> MarketResult<Current> {
    let row = sqlx::query!(
        r#"select s.plan_code, s.quantity, s.subsidy_fen,
                  s.term_ends_on as "term_ends_on: chrono::NaiveDate",
                  s.pending_plan_code, s.pending_quantity,
                  v.content as "content: Json<ListingContent>"
           from subscriptions s
           join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
           where s.id = $1"#,
        id
    )
    .fetch_one(conn)
    .await?;
    Ok(Current {
        plan_code: row.plan_code,
        quantity: row.quantity,
        subsidy_fen: row.subsidy_fen,
        term_ends_on: row.term_ends_on,
        pending_plan_code: row.pending_plan_code,
        pending_quantity: row.pending_quantity,
        content: row.content.0,
    })
}

/// The price of `quantity` seats of `plan` for one term, before any subsidy.
fn term_price(content: &ListingContent, plan: &str, quantity: i32) -> MarketResult<i64> {
    let plan = plan_for(content, plan, quantity)?;
    list_price(plan.seat_price_fen, quantity)
        .ok_or(MarketError::Refused("market-quantity-out-of-bounds"))
}

/// An agent or admin of the enterprise asks for another plan or seat count. Returns whether
/// it applied at once (an upgrade) or waits for the renewal (a downgrade).
pub async fn change(
    pool: &PgPool,
    account_id: Uuid,
    id: Uuid,
    plan_code: &str,
    quantity: i32,
    seen_generation: Option<i32>,
) -> MarketResult<bool> {
    let mut tx = pool.begin().await?;
    let s = lock(&mut tx, id).await?;
    let (mover, actor) = mover_of(&mut tx, MoveBy::Account(account_id), &s).await?;
    if seen_generation.is_some_and(|g| g != s.generation) {
        return Err(MarketError::Refused("market-order-changed"));
    }
    let now = current(&mut tx, id).await?;
    let old_price = term_price(&now.content, &now.plan_code, now.quantity)?;
    let new_price = term_price(&now.content, plan_code, quantity)?;
    if plan_code == now.plan_code && quantity == now.quantity {
        return Err(MarketError::Refused("market-change-nothing"));
    }
    // Comparing a term's price across terms of different lengths is by the month.
    let month = |content: &ListingContent, plan: &str, price: i64| {
        let months = content
            .plans
            .iter()
            .find(|p| p.code == plan)
            .map_or(1, |p| i64::from(p.term.months()));
        price / months
    };
    let upgrade =
        month(&now.content, plan_code, new_price) > month(&now.content, &now.plan_code, old_price);
    let mv = if plan_code == now.plan_code {
        Move::ChangeQuantity { increase: upgrade }
    } else {
        Move::ChangePlan { upgrade }
    };
    let outcome = apply(s.state, &mv, mover, &MoveContext::default())
        .map_err(|e| MarketError::Refused(e.key()))?;
    // The term's price before the change, for the proration.
    let before = sqlx::query!(
        "select list_fen, vendor_discount_fen from subscriptions where id = $1",
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    if outcome.change_now {
        let b = breakdown(new_price, now.content.vendor_discount_bp, None);
        // The subsidy already given stays; the SME pays the rest of the dearer plan.
        let sme = b.list_fen - b.vendor_discount_fen - now.subsidy_fen;
        let term = now
            .content
            .plans
            .iter()
            .find(|p| p.code == plan_code)
            .map_or("month", |p| p.term.as_str());
        sqlx::query!(
            "update subscriptions set plan_code = $2, quantity = $3, term = $4, list_fen = $5,
                    vendor_discount_fen = $6, sme_fen = $7, pending_plan_code = null,
                    pending_quantity = null, updated_at = now()
             where id = $1",
            id,
            plan_code,
            quantity,
            term,
            b.list_fen,
            b.vendor_discount_fen,
            sme.max(0),
        )
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query!(
            "update subscriptions set pending_plan_code = $2, pending_quantity = $3, updated_at = now()
             where id = $1",
            id,
            plan_code,
            quantity
        )
        .execute(&mut *tx)
        .await?;
    }
    let event_id = record_move(
        &mut tx,
        MoveRecord {
            subscription_id: id,
            kind: mv.kind(),
            from: Some(s.state),
            to: outcome.to,
            mover,
            actor_id: actor,
            reason: None,
            // A downgrade reaches the vendor's system with the renewal that applies it.
            operation: if outcome.change_now {
                outcome.operation
            } else {
                None
            },
        },
    )
    .await?;
    if outcome.change_now {
        super::billing::charge_proration(
            &mut tx,
            id,
            event_id,
            before.list_fen,
            before.vendor_discount_fen,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(outcome.change_now)
}

/// The clock renews a subscription whose term ended: the pending change applies, the new
/// term is priced (no subsidy: the voucher paid part of the first term), and the vendor's
/// system is told.
pub async fn renew(pool: &PgPool, id: Uuid) -> MarketResult<()> {
    let mut tx = pool.begin().await?;
    let s = lock(&mut tx, id).await?;
    let outcome = apply(s.state, &Move::Renew, Mover::Clock, &MoveContext::default())
        .map_err(|e| MarketError::Refused(e.key()))?;
    let now = current(&mut tx, id).await?;
    let plan = now
        .pending_plan_code
        .clone()
        .unwrap_or(now.plan_code.clone());
    let quantity = now.pending_quantity.unwrap_or(now.quantity);
    let price = term_price(&now.content, &plan, quantity)?;
    let b = breakdown(price, now.content.vendor_discount_bp, None);
    let term = now
        .content
        .plans
        .iter()
        .find(|p| p.code == plan)
        .map(|p| p.term);
    let ends = match (now.term_ends_on, term) {
        (Some(ends), Some(term)) => term_end(ends, term),
        _ => return Err(MarketError::Refused("subscription-move-illegal")),
    };
    sqlx::query!(
        "update subscriptions set plan_code = $2, quantity = $3, term = $4, list_fen = $5,
                vendor_discount_fen = $6, subsidy_fen = 0, sme_fen = $7, term_ends_on = $8,
                pending_plan_code = null, pending_quantity = null, updated_at = now()
         where id = $1",
        id,
        plan,
        quantity,
        term.map_or("month", |t| t.as_str()),
        b.list_fen,
        b.vendor_discount_fen,
        b.sme_fen,
        ends as _,
    )
    .execute(&mut *tx)
    .await?;
    record_move(
        &mut tx,
        MoveRecord {
            subscription_id: id,
            kind: Move::Renew.kind(),
            from: Some(s.state),
            to: outcome.to,
            mover: Mover::Clock,
            actor_id: None,
            reason: None,
            operation: outcome.operation,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
