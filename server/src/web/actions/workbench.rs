//! The decision forms of the workbench's case page, posted to the page's own URL and told apart
//! by a hidden `decision` field: claim, accept, refuse at intake, start review, request a
//! supplement, approve, deny. Each carries the version the page showed; a case that changed
//! meanwhile is a 409 and nothing changes. Refused input re-renders the page (422). Each claim
//! and decision is written to the audit log in the same transaction.
use super::see_other;
use crate::web::action::{refuse, ActionError, ActionResult, Caller};
use app::actors::Clerk;
use app::core::cases::{transition, Acting, CaseError};
use app::core::{audit, forms, workbench};
use app::domain::case_lifecycle::{CaseAction, SupplementItem, SupplementKind, TransitionError};
use app::domain::service_form::FieldKind;
use app::page_context::{FieldError, FormEcho};
use app::pages::workbench_case::{decision_form, DECISION_ASSIGN, DECISION_CLAIM, DECISION_NOTE};
use app::state::AppState;
use axum::body::to_bytes;
use axum::extract::{Path, Request, State};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What was posted: the last value of each name, and every checked `item`.
struct Posted {
    fields: BTreeMap<String, String>,
    items: Vec<String>,
}

impl Posted {
    fn text(&self, name: &str) -> String {
        self.fields
            .get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    }

    /// The values to put back into the page, checked items included.
    fn echo(&self) -> BTreeMap<String, String> {
        let mut values = self.fields.clone();
        for item in &self.items {
            values.insert(format!("item.{item}"), "on".into());
        }
        values
    }
}

pub async fn decide(
    Caller(clerk): Caller<Clerk>,
    State(state): State<AppState>,
    Path(case_id): Path<Uuid>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, usize::MAX)
        .await
        .map_err(|_| ActionError::PayloadTooLarge)?;
    let pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .map_err(|_| ActionError::BadRequest)?;
    let items = pairs
        .iter()
        .filter(|(name, _)| name == "item")
        .map(|(_, value)| value.trim().to_string())
        .collect();
    let posted = Posted {
        fields: pairs.into_iter().collect(),
        items,
    };
    let version = posted
        .fields
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or(ActionError::BadRequest)?;
    let decision = posted.text("decision");
    let audit_entry = |action: &str| {
        audit::Entry::staff(
            clerk.account_id,
            clerk.role,
            Some(&clerk.department),
            action,
            case_id,
        )
        .with_detail(serde_json::json!({ "version": version }))
    };
    if decision == DECISION_CLAIM {
        let entry = audit_entry(audit::actions::CASE_CLAIM);
        async {
            let mut tx = state.pool.begin().await?;
            workbench::claim(
                &mut tx,
                &clerk.department,
                clerk.account_id,
                case_id,
                version,
            )
            .await?;
            audit::record(&mut tx, &entry).await?;
            tx.commit().await?;
            Ok::<_, CaseError>(())
        }
        .await?;
        return Ok(see_other(&format!(
            "/workbench/cases/{case_id}?notice=notice-wb-claim"
        )));
    }
    if decision == DECISION_ASSIGN {
        return assign(&state, parts, &clerk, case_id, version, &posted).await;
    }
    if decision == DECISION_NOTE {
        return note(&state, parts, &clerk, case_id, &posted).await;
    }
    // Another department's case, or an applicant's draft, is not there for this clerk.
    if !workbench::is_department_case(&state.pool, case_id, &clerk.department).await? {
        return Err(ActionError::NotFound);
    }
    let action = match decision.as_str() {
        "accept" => CaseAction::Accept,
        "start_review" => CaseAction::StartReview,
        "refuse_at_intake" => CaseAction::RefuseAtIntake {
            reason: posted.text("reason"),
        },
        "approve" => CaseAction::Approve {
            note: posted.text("note"),
            valid_until: None,
        },
        "deny" => {
            let code = posted.text("legal_reason_code");
            let grounds = workbench::deny_grounds(&state.pool, case_id).await?;
            if !grounds.contains(&code) {
                let error =
                    FieldError::new("legal_reason_code", "case-error-invalid-legal-reason-code");
                let echo = FormEcho::new(&decision_form("deny"), posted.echo(), vec![error]);
                return refuse(&state, parts, echo).await;
            }
            CaseAction::Deny {
                legal_reason_code: code,
                explanation: posted.text("explanation"),
            }
        }
        "request_supplement" => {
            match supplement_items(&state, &clerk.department, case_id, &posted).await? {
                Ok(items) => CaseAction::RequestSupplement {
                    items,
                    reason: posted.text("reason"),
                },
                Err(error) => {
                    let echo = FormEcho::new(
                        &decision_form("request_supplement"),
                        posted.echo(),
                        vec![error],
                    );
                    return refuse(&state, parts, echo).await;
                }
            }
        }
        _ => return Err(ActionError::BadRequest),
    };
    let entry = audit_entry(&audit::actions::decide(&decision));
    let acting = Acting::Clerk {
        account_id: clerk.account_id,
        department_code: clerk.department.clone(),
    };
    let result = async {
        let mut tx = state.pool.begin().await?;
        transition::apply(&mut tx, case_id, &acting, &action, Some(version)).await?;
        if matches!(action, CaseAction::Accept) {
            // Whoever accepts holds the case unless someone claimed it first.
            workbench::hold_on_accept(&mut tx, case_id, clerk.account_id).await?;
        }
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok::<_, CaseError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/workbench/cases/{case_id}?notice=notice-wb-{}",
            decision.replace('_', "-")
        ))),
        Err(CaseError::Transition(
            TransitionError::IllegalTransition { .. } | TransitionError::ActorNotAllowed { .. },
        )) => Err(ActionError::Conflict),
        Err(CaseError::Transition(e)) => {
            let error = field_error(&decision, &action, &e);
            let echo = FormEcho::new(&decision_form(&decision), posted.echo(), vec![error]);
            refuse(&state, parts, echo).await
        }
        Err(error) => Err(error.into()),
    }
}

/// A supervisor hands the case to one of the department's active clerks.
async fn assign(
    state: &AppState,
    parts: axum::http::request::Parts,
    clerk: &Clerk,
    case_id: Uuid,
    version: i32,
    posted: &Posted,
) -> ActionResult {
    if !clerk.is_supervisor() {
        return Err(ActionError::Forbidden);
    }
    let refused = |code: &str| {
        let error = FieldError::new("clerk_id", code);
        FormEcho::new(&decision_form(DECISION_ASSIGN), posted.echo(), vec![error])
    };
    let Ok(assignee) = posted.text("clerk_id").parse::<Uuid>() else {
        return refuse(state, parts, refused("wb-assign-error-clerk")).await;
    };
    let entry = audit::Entry::staff(
        clerk.account_id,
        clerk.role,
        Some(&clerk.department),
        audit::actions::CASE_ASSIGN,
        case_id,
    )
    .with_detail(serde_json::json!({ "version": version, "clerk_id": assignee }));
    let assigned = async {
        let mut tx = state.pool.begin().await?;
        workbench::assign(&mut tx, &clerk.department, case_id, assignee, version).await?;
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok::<_, workbench::AssignError>(())
    }
    .await;
    match assigned {
        Ok(()) => Ok(see_other(&format!(
            "/workbench/cases/{case_id}?notice=notice-wb-assign"
        ))),
        Err(workbench::AssignError::NotAClerk) => {
            refuse(state, parts, refused("wb-assign-error-clerk")).await
        }
        Err(workbench::AssignError::Case(error)) => Err(error.into()),
    }
}

/// An internal note, or a message to the applicant (who is notified). Notes do not change the
/// case, so they are not refused for a stale page.
async fn note(
    state: &AppState,
    parts: axum::http::request::Parts,
    clerk: &Clerk,
    case_id: Uuid,
    posted: &Posted,
) -> ActionResult {
    let visibility = workbench::NoteVisibility::parse(&posted.text("visibility"))
        .ok_or(ActionError::BadRequest)?;
    let body = posted.text("body");
    let problem = if body.is_empty() {
        Some("wb-note-error-empty")
    } else if body.chars().count() > workbench::NOTE_MAX_CHARS {
        Some("wb-note-error-too-long")
    } else {
        None
    };
    if let Some(code) = problem {
        // Another department's case is not there, whatever was posted.
        if !workbench::is_department_case(&state.pool, case_id, &clerk.department).await? {
            return Err(ActionError::NotFound);
        }
        let error = FieldError::new("body", code).with_arg("max", workbench::NOTE_MAX_CHARS);
        let echo = FormEcho::new(&decision_form(DECISION_NOTE), posted.echo(), vec![error]);
        return refuse(state, parts, echo).await;
    }
    let entry = audit::Entry::staff(
        clerk.account_id,
        clerk.role,
        Some(&clerk.department),
        audit::actions::CASE_NOTE,
        case_id,
    )
    .with_detail(serde_json::json!({ "visibility": visibility.as_str() }));
    async {
        let mut tx = state.pool.begin().await?;
        workbench::add_note(
            &mut tx,
            &clerk.department,
            clerk.account_id,
            case_id,
            visibility,
            &body,
        )
        .await?;
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok::<_, CaseError>(())
    }
    .await?;
    Ok(see_other(&format!(
        "/workbench/cases/{case_id}?notice=notice-wb-note-{}",
        visibility.as_str()
    )))
}

/// The checked items of the case's form, each with its reason; a file field asks for the
/// material again, any other field for the answer. `Ok(Err(..))`: an item that is not a
/// top-level field of the form.
async fn supplement_items(
    state: &AppState,
    department: &str,
    case_id: Uuid,
    posted: &Posted,
) -> Result<Result<Vec<SupplementItem>, FieldError>, CaseError> {
    let form = workbench::department_case_form(&state.pool, case_id, department).await?;
    let Some((service_code, form_version)) = form else {
        return Err(CaseError::NotFound);
    };
    let Some((_, definition)) = forms::load(&state.pool, &service_code, Some(form_version)).await?
    else {
        return Err(CaseError::NotFound);
    };
    let mut items = Vec::new();
    for key in &posted.items {
        let Some(field) = definition.fields.iter().find(|f| &f.key == key) else {
            return Ok(Err(FieldError::new(
                "item",
                "case-error-invalid-supplement-key",
            )));
        };
        let kind = match field.kind {
            FieldKind::File { .. } => SupplementKind::Material,
            _ => SupplementKind::Field,
        };
        items.push(SupplementItem {
            kind,
            key: key.clone(),
            reason: posted.text(&format!("reason.{key}")),
        });
    }
    Ok(Ok(items))
}

/// The field a validation error belongs to, with its localised message id.
fn field_error(decision: &str, action: &CaseAction, error: &TransitionError) -> FieldError {
    let item_field = |index: &Option<usize>| match (index, action) {
        (Some(i), CaseAction::RequestSupplement { items, .. }) => items
            .get(*i)
            .map(|item| format!("reason.{}", item.key))
            .unwrap_or_else(|| "item".into()),
        _ => match decision {
            "approve" => "note".into(),
            "deny" => "explanation".into(),
            _ => "reason".into(),
        },
    };
    let code = format!("case-error-{}", error.code());
    match error {
        TransitionError::ReasonRequired { item } => FieldError::new(&item_field(item), &code),
        TransitionError::ReasonTooLong { item, max } => {
            FieldError::new(&item_field(item), &code).with_arg("max", max)
        }
        TransitionError::TooManySupplementItems { max } => {
            FieldError::new("item", &code).with_arg("max", max)
        }
        TransitionError::InvalidLegalReasonCode => FieldError::new("legal_reason_code", &code),
        _ => FieldError::new("item", &code),
    }
}
