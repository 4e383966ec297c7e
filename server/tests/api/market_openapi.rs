//! The reference vendor conforms to `market.v1` as the portal publishes it: every message either
//! side sent in a real exchange (operation, answers, reports, the reconciliation view, refusals,
//! the JWKS and a single sign-on token's claims) validates against the schemas of
//! `/api/openapi.json`.
use crate::market_provisioning::spawn;
use crate::market_sso::{provision_all, sign_in};
use crate::routing_support::KEY;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use portal_test_support::{location, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

/// Checks `value` against `schema` (the JSON Schema subset utoipa writes: `$ref` into the
/// document, `type`, `required`, `properties`, `additionalProperties`, `items`, `enum`,
/// `oneOf`/`anyOf`/`allOf`), collecting where it does not fit.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        match doc.pointer(pointer) {
            Some(target) => check(doc, target, value, at, errors),
            None => errors.push(format!("{at}: unresolved {reference}")),
        }
        return;
    }
    if let Some(types) = schema.get("type") {
        let names: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = |t: &str| match t {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            "null" => value.is_null(),
            _ => true,
        };
        if !names.iter().any(|t| fits(t)) {
            errors.push(format!("{at}: {value} is not {names:?}"));
            return;
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            errors.push(format!("{at}: {value} is not one of {options:?}"));
        }
    }
    for (keyword, need) in [("oneOf", 1usize), ("anyOf", 0)] {
        if let Some(options) = schema.get(keyword).and_then(Value::as_array) {
            let fitting = options
                .iter()
                .filter(|option| {
                    let mut inner = Vec::new();
                    check(doc, option, value, at, &mut inner);
                    inner.is_empty()
                })
                .count();
            if (need == 1 && fitting != 1) || (need == 0 && fitting == 0) {
                errors.push(format!("{at}: {value} fits {fitting} of {keyword}"));
            }
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            check(doc, part, value, at, errors);
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = required.as_str() {
                if !object.contains_key(name) {
                    errors.push(format!("{at}: missing {name}"));
                }
            }
        }
        for (name, field) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(field_schema) => {
                    check(doc, field_schema, field, &format!("{at}.{name}"), errors)
                }
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected {name}"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            check(doc, items, item, &format!("{at}[{i}]"), errors);
        }
    }
}

/// `value` is a `component` of the published document.
fn conforms(doc: &Value, component: &str, value: &Value) {
    let schema = json!({ "$ref": format!("#/components/schemas/{component}") });
    let mut errors = Vec::new();
    check(doc, &schema, value, component, &mut errors);
    assert!(errors.is_empty(), "{component} {value}: {errors:#?}");
}

async fn json_of(app: &TestApp, sql: &str) -> Vec<Value> {
    sqlx::query_scalar(sql)
        .fetch_all(&app.pool)
        .await
        .expect(sql)
}

#[tokio::test]
async fn the_reference_vendor_and_the_portal_exchange_only_what_the_openapi_document_describes() {
    let app = spawn().await;
    let placed = provision_all(&app, 1).await;
    let doc: Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .expect("openapi")
        .json()
        .await
        .expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/operations",
        "/subscriptions/{subscription_id}",
        "/.well-known/jwks.json",
        "/api/market/v1/operations/{operation_id}/outcome",
        "/api/market/v1/usage",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }

    // The check has teeth: a report without its status, or with an unknown one, does not fit.
    for wrong in [
        json!({"protocol": "market.v1"}),
        json!({"protocol": "market.v1", "report_id": "r", "generation": 1, "status": "maybe"}),
    ] {
        let mut errors = Vec::new();
        check(
            &doc,
            &json!({"$ref": "#/components/schemas/OutcomeReport"}),
            &wrong,
            "OutcomeReport",
            &mut errors,
        );
        assert!(!errors.is_empty(), "{wrong} should not conform");
    }

    // What the portal sent, what the vendor answered, what the vendor reported.
    for body in json_of(&app, "select body from refvendor.operations").await {
        conforms(&doc, "OperationRequest", &body);
    }
    for answer in json_of(
        &app,
        "select answer from refvendor.operations where answer_status = 202",
    )
    .await
    {
        conforms(&doc, "OperationAnswer", &answer);
    }
    let reports = json_of(&app, "select body from refvendor.outbox").await;
    assert!(!reports.is_empty());
    for report in reports {
        conforms(&doc, "OutcomeReport", &report);
    }

    // The reconciliation view, and the vendor's refusals.
    let base: String = sqlx::query_scalar("select base_url from vendor_systems")
        .fetch_one(&app.pool)
        .await
        .expect("system");
    let vendor: Uuid = sqlx::query_scalar("select vendor_id from vendor_systems")
        .fetch_one(&app.pool)
        .await
        .expect("vendor");
    let client = reqwest::Client::new();
    let signed_get = |path: String| {
        portal_test_support::signed::signed_by_portal(
            &client,
            Method::GET,
            &base,
            &path,
            &vendor.to_string(),
            KEY,
            (b"", None),
            portal_test_support::signed::now(),
        )
    };
    let view = signed_get(format!("/subscriptions/{}", placed[0]))
        .send()
        .await
        .expect("view");
    assert_eq!(view.status(), StatusCode::OK);
    conforms(&doc, "VendorView", &view.json().await.expect("json"));
    let unknown = signed_get(format!("/subscriptions/{}", Uuid::new_v4()))
        .send()
        .await
        .expect("view");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    conforms(
        &doc,
        "ProtocolRefusal",
        &unknown.json().await.expect("json"),
    );
    let body = serde_json::to_vec(&json!({"protocol": "market.v1"})).expect("json");
    let operation = Uuid::new_v4().to_string();
    let invalid = portal_test_support::signed::signed_by_portal(
        &client,
        Method::POST,
        &base,
        "/operations",
        &vendor.to_string(),
        KEY,
        (&body, Some(&operation)),
        portal_test_support::signed::now(),
    )
    .send()
    .await
    .expect("operation");
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    conforms(
        &doc,
        "ProtocolRefusal",
        &invalid.json().await.expect("json"),
    );

    // Single sign-on: the published keys, and the claims of a token "Open" issues.
    let jwks: Value = reqwest::get(app.url("/.well-known/jwks.json"))
        .await
        .expect("jwks")
        .json()
        .await
        .expect("json");
    conforms(&doc, "Jwks", &jwks);
    sign_in(&app, "citizen", "13900000000").await;
    let opened = app
        .post_form(&format!("/market/subscriptions/{}/open", placed[0]), &[])
        .await;
    let url = location(&opened);
    let token = url.split("sso_token=").nth(1).expect("a token");
    let claims = token.split('.').nth(1).expect("claims");
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).expect("base64url")).expect("json");
    conforms(&doc, "SsoClaims", &claims);
}
