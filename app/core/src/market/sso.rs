//! Single sign-on into a subscribed tool: the portal's Ed25519 signing keys (sealed at rest,
//! rotated with overlap, published as a JWKS) and the short-lived, single-use tokens it issues
//! to an enterprise's agents for "Open".
use super::{MarketError, MarketResult};
use crate::audit::{self, Entry};
use crate::sealing::Sealer;
use chrono::{DateTime, Duration, Utc};
use ed25519_dalek::SigningKey;
use portal_protocol::sso::{self, Jwk, Jwks, SsoClaims, SsoEnterprise};
use sqlx::PgPool;
use uuid::Uuid;

/// Serialises key rotation across instances ("SSOKEYS" in ASCII).
const ROTATION_LOCK: i64 = 0x0053_534f_4b45_5953;

/// The audit action of an issued token.
pub const AUDIT_ACTION: &str = "market.sso";

/// How tokens are made and keys rotated.
#[derive(Clone, Debug)]
pub struct SsoSettings {
    /// Opens the sealed private keys (derived from PORTAL_SECRET for this purpose only).
    pub sealer: Sealer,
    /// The portal's public base address (`iss`).
    pub issuer: String,
    /// A token's life; at most [`sso::MAX_LIFETIME_SECONDS`].
    pub token_lifetime: Duration,
    /// A signing key older than this is replaced.
    pub rotate_after: Duration,
    /// How long a replaced key stays published (longer than any token it signed lives).
    pub overlap: Duration,
}

impl SsoSettings {
    pub fn new(master_secret: &[u8], issuer: &str) -> Self {
        Self {
            sealer: Sealer::derive(master_secret, "sso-signing-key/v1"),
            issuer: issuer.trim_end_matches('/').to_string(),
            token_lifetime: Duration::seconds(120),
            rotate_after: Duration::days(30),
            overlap: Duration::days(1),
        }
    }
}

/// The key tokens are signed with now: the newest unretired key, replaced by a new one when it
/// is due for rotation (or cannot be opened, after PORTAL_SECRET changed).
pub async fn signing_key(
    pool: &PgPool,
    settings: &SsoSettings,
    now: DateTime<Utc>,
) -> MarketResult<(String, SigningKey)> {
    if let Some(current) = usable_key(pool, settings, now).await? {
        return Ok(current);
    }
    rotate(pool, settings, now, false).await
}

async fn usable_key(
    pool: &PgPool,
    settings: &SsoSettings,
    now: DateTime<Utc>,
) -> MarketResult<Option<(String, SigningKey)>> {
    let row = sqlx::query!(
        r#"select kid, sealed_private, created_at as "created_at: DateTime<Utc>"
           from sso_signing_keys where retired_at is null
           order by created_at desc limit 1"#
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|row| {
        if now - row.created_at >= settings.rotate_after {
            return None;
        }
        let secret: [u8; 32] = settings
            .sealer
            .open(&row.sealed_private, row.kid.as_bytes())?
            .try_into()
            .ok()?;
        Some((row.kid, SigningKey::from_bytes(&secret)))
    }))
}

/// Makes a new signing key and retires the others, which stay published for the overlap.
/// Unless `force`, does nothing when another instance has just rotated (the lock serialises).
pub async fn rotate(
    pool: &PgPool,
    settings: &SsoSettings,
    now: DateTime<Utc>,
    force: bool,
) -> MarketResult<(String, SigningKey)> {
    let mut tx = pool.begin().await?;
    sqlx::query!("select pg_advisory_xact_lock($1)", ROTATION_LOCK)
        .execute(&mut *tx)
        .await?;
    if !force {
        if let Some(current) = usable_key(pool, settings, now).await? {
            tx.commit().await?;
            return Ok(current);
        }
    }
    let secret: [u8; 32] = rand::random();
    let key = SigningKey::from_bytes(&secret);
    let kid = format!(
        "{}-{}",
        now.format("%Y%m%d"),
        &uuid::Builder::from_random_bytes(rand::random())
            .into_uuid()
            .simple()
            .to_string()[..8]
    );
    let public = key.verifying_key().to_bytes();
    sqlx::query!(
        "update sso_signing_keys set retired_at = $1, published_until = $2
         where retired_at is null",
        now as _,
        (now + settings.overlap) as _
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into sso_signing_keys (kid, public_key, sealed_private, created_at)
         values ($1, $2, $3, $4)",
        kid,
        &public[..],
        settings.sealer.seal(&secret, kid.as_bytes()),
        now as _
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(kid, "single sign-on: new signing key");
    Ok((kid, key))
}

/// The public keys a vendor may see tokens signed with: the current one and those retired less
/// than the overlap ago.
pub async fn published(pool: &PgPool, now: DateTime<Utc>) -> MarketResult<Jwks> {
    let rows = sqlx::query!(
        "select kid, public_key from sso_signing_keys
         where published_until is null or published_until > $1
         order by created_at desc",
        now as _
    )
    .fetch_all(pool)
    .await?;
    Ok(Jwks {
        keys: rows
            .into_iter()
            .filter_map(|row| {
                let bytes: [u8; 32] = row.public_key.try_into().ok()?;
                let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes).ok()?;
                Some(Jwk::ed25519(&row.kid, &key))
            })
            .collect(),
    })
}

/// "Open": the tool's address with a fresh token for this agent, or NotFound when the account
/// is not an active agent of the subscription's enterprise, or the subscription has no tool
/// to open (not live, not provisioned).
pub async fn open_tool(
    pool: &PgPool,
    settings: &SsoSettings,
    agent_id: Uuid,
    subscription_id: Uuid,
    now: DateTime<Utc>,
) -> MarketResult<String> {
    let row = sqlx::query!(
        r#"select s.state, s.vendor_id, s.access_url, s.tenant_id, e.name as enterprise_name,
                  e.credit_code, a.display_name
           from subscriptions s
           join enterprises e on e.id = s.enterprise_id
           join enterprise_agents g on g.enterprise_id = s.enterprise_id
                and g.account_id = $2 and g.status = 'active'
           join accounts a on a.id = g.account_id
           where s.id = $1"#,
        subscription_id,
        agent_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(MarketError::NotFound)?;
    let live = portal_types::domain::market::subscription::SubscriptionState::parse(&row.state)
        .is_some_and(|s| s.is_live());
    let Some(access_url) = row.access_url.filter(|_| live) else {
        return Err(MarketError::NotFound);
    };
    let (kid, key) = signing_key(pool, settings, now).await?;
    let lifetime = settings
        .token_lifetime
        .min(Duration::seconds(sso::MAX_LIFETIME_SECONDS));
    let claims = SsoClaims {
        iss: settings.issuer.clone(),
        aud: row.vendor_id.to_string(),
        sub: agent_id.to_string(),
        jti: uuid::Builder::from_random_bytes(rand::random()).into_uuid(),
        iat: now.timestamp(),
        exp: (now + lifetime).timestamp(),
        subscription_id,
        tenant_id: row.tenant_id,
        enterprise: SsoEnterprise {
            name: row.enterprise_name,
            credit_code: row.credit_code,
        },
        agent_name: row.display_name,
    };
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "insert into sso_tokens (jti, subscription_id, agent_id, kid, issued_at, expires_at)
         values ($1, $2, $3, $4, $5, $6)",
        claims.jti,
        subscription_id,
        agent_id,
        kid,
        now as _,
        (now + lifetime) as _
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &Entry {
            actor_account_id: agent_id,
            actor_role: "citizen".into(),
            department_code: None,
            action: AUDIT_ACTION.into(),
            case_id: None,
            detail: serde_json::json!({ "subscription_id": subscription_id, "jti": claims.jti }),
        },
    )
    .await?;
    tx.commit().await?;
    let token = sso::encode(&claims, &kid, &key);
    let separator = if access_url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{access_url}{separator}{}={token}",
        sso::TOKEN_PARAM
    ))
}
