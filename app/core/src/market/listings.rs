//! Listings, version by version: the vendor edits the open version and submits it; the
//! operator approves it (it is published, the previous one superseded) or returns it with
//! reasons; a published listing keeps serving its version meanwhile. The operator may suspend
//! a listing (no new orders).
use super::vendors::ensure_approved;
use super::{MarketError, MarketResult};
use portal_types::actors::VendorMember;
use portal_types::domain::market::listing::{diff, ListingContent};
use portal_types::views::market::{ListingEditor, ListingReview};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// (search text, cheapest price per seat per month, has a trial) for the demo seed.
pub(crate) fn derive_for_seed(content: &ListingContent) -> (String, i64, bool) {
    let d = derive(content);
    (d.search_text, d.min_month_fen, d.has_trial)
}

/// The copies of a version's content that search and filters read.
struct Derived {
    search_text: String,
    min_month_fen: i64,
    has_trial: bool,
}

fn derive(content: &ListingContent) -> Derived {
    let mut search = vec![
        content.name_zh.clone(),
        content.name_en.clone(),
        content.summary_zh.clone(),
        content.summary_en.clone(),
    ];
    search.extend(content.labels.iter().cloned());
    let min_month_fen = content
        .plans
        .iter()
        .map(|p| p.seat_price_fen / i64::from(p.term.months()))
        .min()
        .unwrap_or(0);
    Derived {
        search_text: search.join(" ").to_lowercase(),
        min_month_fen,
        has_trial: content.plans.iter().any(|p| p.trial_days > 0),
    }
}

async fn listing_event(
    conn: &mut PgConnection,
    listing_id: Uuid,
    version: Option<i32>,
    kind: &str,
    actor_id: Uuid,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into listing_events (listing_id, version, kind, actor_id, reason)
         values ($1, $2, $3, $4, $5)",
        listing_id,
        version,
        kind,
        actor_id,
        reason
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The listing, locked, if it is the member's organisation's (else: not found).
async fn own_listing(
    conn: &mut PgConnection,
    member: &VendorMember,
    listing_id: Uuid,
) -> MarketResult<()> {
    sqlx::query_scalar!(
        "select id from listings where id = $1 and vendor_id = $2 for update",
        listing_id,
        member.vendor_id
    )
    .fetch_optional(conn)
    .await?
    .map(|_| ())
    .ok_or(MarketError::NotFound)
}

/// The edit page's data: the open version, else the published one to start from.
pub async fn editor(
    pool: &PgPool,
    member: &VendorMember,
    listing_id: Uuid,
) -> MarketResult<ListingEditor> {
    let listing = sqlx::query!(
        "select published_version from listings where id = $1 and vendor_id = $2",
        listing_id,
        member.vendor_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(MarketError::NotFound)?;
    let version = sqlx::query!(
        r#"select content as "content: Json<ListingContent>", review_state, review_reason
           from listing_versions
           where listing_id = $1
             and (review_state in ('draft', 'submitted', 'returned') or version = $2)
           order by version desc limit 1"#,
        listing_id,
        listing.published_version
    )
    .fetch_optional(pool)
    .await?;
    let open = version
        .as_ref()
        .filter(|v| v.review_state != "approved")
        .map(|v| v.review_state.clone());
    Ok(ListingEditor {
        listing_id: Some(listing_id),
        review_reason: version.as_ref().and_then(|v| v.review_reason.clone()),
        content: version.map(|v| v.content.0),
        open_state: open,
        published_version: listing.published_version,
    })
}

/// Saves the vendor's edit into the open version (a new one when none is open). A version
/// under review cannot change; a returned one becomes a draft again.
pub async fn save_draft(
    pool: &PgPool,
    member: &VendorMember,
    listing_id: Option<Uuid>,
    content: &ListingContent,
) -> MarketResult<Uuid> {
    content.check().map_err(|problems| {
        MarketError::Invalid(
            problems
                .iter()
                .map(|p| portal_types::domain::forms::FieldError::new(&p.field(), p.key()))
                .collect(),
        )
    })?;
    let derived = derive(content);
    let mut tx = pool.begin().await?;
    ensure_approved(&mut tx, member).await?;
    let listing_id = match listing_id {
        Some(id) => {
            own_listing(&mut tx, member, id).await?;
            id
        }
        None => {
            sqlx::query_scalar!(
                "insert into listings (vendor_id) values ($1) returning id",
                member.vendor_id
            )
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let open = sqlx::query!(
        "select version, review_state from listing_versions
         where listing_id = $1 and review_state in ('draft', 'submitted', 'returned')",
        listing_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let version =
        match open {
            Some(open) if open.review_state == "submitted" => {
                return Err(MarketError::Refused("market-listing-under-review"))
            }
            Some(open) => {
                sqlx::query!(
                    "update listing_versions
                 set content = $3, category = $4, name_zh = $5, name_en = $6, search_text = $7,
                     min_month_fen = $8, has_trial = $9, review_state = 'draft'
                 where listing_id = $1 and version = $2",
                    listing_id,
                    open.version,
                    Json(content) as _,
                    content.category.as_str(),
                    content.name_zh,
                    content.name_en,
                    derived.search_text,
                    derived.min_month_fen,
                    derived.has_trial,
                )
                .execute(&mut *tx)
                .await?;
                open.version
            }
            None => sqlx::query_scalar!(
                r#"insert into listing_versions (listing_id, version, content, category, name_zh,
                       name_en, search_text, min_month_fen, has_trial, created_by)
                   select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9
                   from listing_versions where listing_id = $1
                   returning version"#,
                listing_id,
                Json(content) as _,
                content.category.as_str(),
                content.name_zh,
                content.name_en,
                derived.search_text,
                derived.min_month_fen,
                derived.has_trial,
                member.account_id,
            )
            .fetch_one(&mut *tx)
            .await?,
        };
    listing_event(
        &mut tx,
        listing_id,
        Some(version),
        "edited",
        member.account_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(listing_id)
}

/// The vendor submits the open version for review.
pub async fn submit(pool: &PgPool, member: &VendorMember, listing_id: Uuid) -> MarketResult<()> {
    let mut tx = pool.begin().await?;
    ensure_approved(&mut tx, member).await?;
    own_listing(&mut tx, member, listing_id).await?;
    let version = sqlx::query_scalar!(
        "update listing_versions set review_state = 'submitted', submitted_at = now(),
                review_reason = null
         where listing_id = $1 and review_state in ('draft', 'returned') returning version",
        listing_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(MarketError::Refused("market-listing-nothing-to-submit"))?;
    listing_event(
        &mut tx,
        listing_id,
        Some(version),
        "submitted",
        member.account_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The operator's decision on a submitted version. `version` is the one the operator saw:
/// a version that changed meanwhile is not decided blindly.
pub async fn review(
    pool: &PgPool,
    operator_id: Uuid,
    listing_id: Uuid,
    version: i32,
    approve: bool,
    reason: Option<&str>,
) -> MarketResult<()> {
    if !approve && reason.is_none() {
        return Err(MarketError::Invalid(vec![
            portal_types::domain::forms::FieldError::new("reason", "market-reason-required"),
        ]));
    }
    let mut tx = pool.begin().await?;
    sqlx::query_scalar!(
        "select id from listings where id = $1 for update",
        listing_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(MarketError::NotFound)?;
    let state = if approve { "approved" } else { "returned" };
    let decided = sqlx::query!(
        "update listing_versions set review_state = $3, review_reason = $4, reviewed_by = $5,
                reviewed_at = now()
         where listing_id = $1 and version = $2 and review_state = 'submitted'",
        listing_id,
        version,
        state,
        reason,
        operator_id
    )
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() == 0 {
        return Err(MarketError::Refused("market-review-stale"));
    }
    if approve {
        sqlx::query!(
            "update listing_versions set review_state = 'superseded'
             where listing_id = $1 and review_state = 'approved' and version <> $2",
            listing_id,
            version
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "update listings set published_version = $2 where id = $1",
            listing_id,
            version
        )
        .execute(&mut *tx)
        .await?;
    }
    listing_event(
        &mut tx,
        listing_id,
        Some(version),
        state,
        operator_id,
        reason,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The operator suspends a listing (no new orders; subscriptions continue) or lifts it.
pub async fn suspend(
    pool: &PgPool,
    operator_id: Uuid,
    listing_id: Uuid,
    suspend: bool,
    reason: Option<&str>,
) -> MarketResult<()> {
    if suspend && reason.is_none() {
        return Err(MarketError::Invalid(vec![
            portal_types::domain::forms::FieldError::new("reason", "market-reason-required"),
        ]));
    }
    let mut tx = pool.begin().await?;
    let changed = sqlx::query!(
        "update listings set suspended_at = case when $2 then now() end,
                suspended_reason = case when $2 then $3 end
         where id = $1 and (suspended_at is not null) <> $2",
        listing_id,
        suspend,
        reason
    )
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(MarketError::Refused("market-listing-already-so"));
    }
    let kind = if suspend { "suspended" } else { "reinstated" };
    listing_event(&mut tx, listing_id, None, kind, operator_id, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// A submitted version beside the published one, for the operator.
pub async fn review_page(
    pool: &PgPool,
    listing_id: Uuid,
    version: i32,
) -> MarketResult<ListingReview> {
    let row = sqlx::query!(
        r#"select v.content as "content: Json<ListingContent>", l.published_version,
                  d.name as vendor_name,
                  p.content as "published?: Json<ListingContent>"
           from listing_versions v
           join listings l on l.id = v.listing_id
           join vendors d on d.id = l.vendor_id
           left join listing_versions p
             on p.listing_id = l.id and p.version = l.published_version
           where v.listing_id = $1 and v.version = $2"#,
        listing_id,
        version
    )
    .fetch_optional(pool)
    .await?
    .ok_or(MarketError::NotFound)?;
    let changes = match &row.published {
        Some(published) => diff(&published.0, &row.content.0),
        None => Vec::new(),
    };
    Ok(ListingReview {
        listing_id,
        version,
        vendor_name: row.vendor_name,
        content: row.content.0,
        published_version: row.published_version,
        changes,
    })
}
