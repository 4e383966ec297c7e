//! `GET /api/docs`: the protocol document as a page a person reads, rendered on the server from
//! the same OpenAPI document (no script, nothing from another site).
use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;

struct Operation {
    method: String,
    path: String,
    tag: String,
    summary: String,
    /// (name, where, description)
    params: Vec<(String, String, String)>,
    body: Option<String>,
    /// (status, schema name or empty, description)
    responses: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "protocol.html")]
struct ProtocolPage {
    title: String,
    version: String,
    /// The description's Markdown as HTML (our own text, not input).
    description: String,
    operations: Vec<Operation>,
    /// (name, the schema as indented JSON)
    schemas: Vec<(String, String)>,
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// `#/components/schemas/Name` → `Name`, also inside `oneOf` (an optional body).
fn schema_name(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or_default().to_string();
    }
    schema
        .get("oneOf")
        .and_then(Value::as_array)
        .and_then(|variants| variants.iter().map(schema_name).find(|n| !n.is_empty()))
        .unwrap_or_default()
}

fn json_schema(content: &Value) -> String {
    content
        .get("application/json")
        .and_then(|json| json.get("schema"))
        .map(schema_name)
        .unwrap_or_default()
}

fn operations(doc: &Value) -> Vec<Operation> {
    let mut operations = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return operations;
    };
    for (path, methods) in paths {
        let Some(methods) = methods.as_object() else {
            continue;
        };
        for (method, op) in methods {
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|params| {
                    params
                        .iter()
                        .map(|p| (text(&p["name"]), text(&p["in"]), text(&p["description"])))
                        .collect()
                })
                .unwrap_or_default();
            let body = op
                .get("requestBody")
                .and_then(|b| b.get("content"))
                .map(json_schema)
                .filter(|name| !name.is_empty());
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .map(|responses| {
                    responses
                        .iter()
                        .map(|(status, r)| {
                            let schema = r.get("content").map(json_schema).unwrap_or_default();
                            (status.clone(), schema, text(&r["description"]))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let summary = [text(&op["summary"]), text(&op["description"])]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            operations.push(Operation {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                tag: text(&op["tags"][0]),
                summary,
                params,
                body,
                responses,
            });
        }
    }
    operations
}

fn markdown(source: &str) -> String {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(source, pulldown_cmark::Options::ENABLE_TABLES);
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

/// The page; the document is built once per request (a few KB, no database).
pub async fn protocol_page() -> Response {
    let doc = match serde_json::to_value(super::openapi::document()) {
        Ok(doc) => doc,
        Err(error) => {
            tracing::error!(%error, "serialising the protocol document");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let schemas = doc["components"]["schemas"]
        .as_object()
        .map(|schemas| {
            schemas
                .iter()
                .map(|(name, schema)| {
                    let pretty = serde_json::to_string_pretty(schema).unwrap_or_default();
                    (name.clone(), pretty)
                })
                .collect()
        })
        .unwrap_or_default();
    let page = ProtocolPage {
        title: text(&doc["info"]["title"]),
        version: text(&doc["info"]["version"]),
        description: markdown(doc["info"]["description"].as_str().unwrap_or_default()),
        operations: operations(&doc),
        schemas,
    };
    match page.render() {
        Ok(html) => ([(header::CACHE_CONTROL, "public, max-age=300")], Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "rendering the protocol page");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
