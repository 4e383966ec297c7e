//! Single sign-on as a vendor's tool does it: the portal sends the agent to the tenant's page
//! with a token (`?sso_token=`); the page verifies it against the portal's JWKS (fetched, cached
//! by key id, fetched again for an unknown key so rotations need no restart), checks audience,
//! lifetime and that it names this tenant's subscription, accepts each token once, and greets
//! the agent by name for their enterprise.
use crate::handlers::{escape, Shared};
use crate::store;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use portal_protocol::sso::{self, SsoError};
use std::sync::Arc;

/// The tool's landing page, signed in by the portal's token.
pub fn routes() -> axum::Router<Arc<Shared>> {
    axum::Router::new().route("/tenants/{tenant_id}", axum::routing::get(tenant_page))
}

#[derive(serde::Deserialize)]
pub struct TokenQuery {
    sso_token: Option<String>,
}

/// `GET /tenants/{tenant}?sso_token=…`: the tool's landing page, signed in by the token.
pub async fn tenant_page(
    State(s): State<Arc<Shared>>,
    Path(tenant_id): Path<String>,
    Query(query): Query<TokenQuery>,
) -> Response {
    let owner = match store::tenant_owner(&s.pool, &tenant_id).await {
        Ok(Some(owner)) => owner,
        Ok(None) => return page(StatusCode::NOT_FOUND, "no_such_tenant", "没有这个租户"),
        Err(e) => return crate::handlers::internal(e),
    };
    let (vendor_id, subscription_id, callback_url) = owner;
    let Some(token) = query.sso_token else {
        return page(
            StatusCode::UNAUTHORIZED,
            "sso_missing",
            "请从政务服务门户打开本工具",
        );
    };
    let Some(jwks_url) = s.config.portal_jwks_url.clone().or_else(|| {
        let url = reqwest::Url::parse(callback_url.as_deref()?).ok()?;
        Some(format!(
            "{}{}",
            url.origin().ascii_serialization(),
            sso::JWKS_PATH
        ))
    }) else {
        return page(
            StatusCode::UNAUTHORIZED,
            "sso_unknown_portal",
            "不知道门户的公钥地址",
        );
    };
    let kid = match sso::key_id(&token) {
        Ok(kid) => kid,
        Err(e) => return refused(&e),
    };
    let jwks = s
        .jwks
        .keys_for(&s.client, &jwks_url, &kid)
        .await
        .unwrap_or_default();
    let now = chrono::Utc::now().timestamp();
    let claims = match sso::verify(&token, &jwks, &vendor_id.to_string(), now) {
        Ok(claims) => claims,
        Err(e) => return refused(&e),
    };
    if claims.subscription_id != subscription_id {
        return page(
            StatusCode::UNAUTHORIZED,
            "sso_wrong_tenant",
            "令牌不属于这个租户",
        );
    }
    match store::use_token(
        &s.pool,
        vendor_id,
        claims.jti,
        subscription_id,
        &claims.agent_name,
    )
    .await
    {
        Ok(true) => {}
        Ok(false) => return page(StatusCode::UNAUTHORIZED, "sso_reused", "令牌已经用过"),
        Err(e) => return crate::handlers::internal(e),
    }
    let (product, status) = match store::tenant(&s.pool, &tenant_id).await {
        Ok(Some((product, _, status))) => (product, status),
        Ok(None) => return page(StatusCode::NOT_FOUND, "no_such_tenant", "没有这个租户"),
        Err(e) => return crate::handlers::internal(e),
    };
    let html = format!(
        "<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{product} · {enterprise}</title></head>\n<body><h1>{product}</h1>\
         <p id=\"signed-in\">已登录：{agent}（{enterprise}，{code}）</p>\
         <p>租户 <code>{tenant}</code>；状态：{status}</p></body></html>\n",
        product = escape(&product),
        enterprise = escape(&claims.enterprise.name),
        code = escape(&claims.enterprise.credit_code),
        agent = escape(&claims.agent_name),
        tenant = escape(&tenant_id),
        status = escape(&status),
    );
    // The token is in this page's address: never cached, never sent on as a referrer.
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        Html(html),
    )
        .into_response()
}

fn refused(error: &SsoError) -> Response {
    page(StatusCode::UNAUTHORIZED, error.code(), &error.to_string())
}

/// A refusal page naming its machine-readable code.
fn page(status: StatusCode, code: &str, message: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{code}</title></head>\
         <body><h1>无法登录</h1><p id=\"refusal\" data-code=\"{code}\">{message}</p></body></html>\n",
        code = escape(code),
        message = escape(message),
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}
