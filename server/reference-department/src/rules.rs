//! What a department does with a due case under its rule: accept (or refuse), review, then
//! approve, deny or ask for a supplement once. Pure, so the rules are unit-tested.
use super::config::{Outcome, Rule};
use super::outbox::{DueCase, Step};
use chrono::NaiveDate;
use portal_protocol::{ApprovalResult, CallbackStatus, StatusCallback, SupplementItem, PROTOCOL};

/// The next step of a due case under its rule (pure, so it is unit-tested).
pub fn decide(rule: &Rule, case: &DueCase, today: NaiveDate) -> Option<Step> {
    let callback = |status: CallbackStatus, name: &str| StatusCallback {
        protocol: PROTOCOL.into(),
        // Stable across retries and restarts: the portal dedupes on it.
        event_id: format!("{}-{}-{name}", case.reference, case.steps + 1),
        status,
        reason: None,
        items: Vec::new(),
        denial_ground: None,
        result: None,
    };
    let step = |state: &'static str, cb: StatusCallback, next: Option<u64>| Step {
        state,
        callback: Some(cb),
        next_after_secs: next,
        supplement: false,
    };
    let approve = || {
        let result = ApprovalResult {
            note: Some(rule.note.clone().unwrap_or_else(|| "准予许可".into())),
            valid_until: rule
                .valid_days
                .and_then(|d| today.checked_add_days(chrono::Days::new(d.max(0) as u64))),
        };
        step(
            "approved",
            StatusCallback {
                result: Some(result),
                ..callback(CallbackStatus::Approved, "approved")
            },
            None,
        )
    };
    match (case.state.as_str(), rule.outcome) {
        ("received", Outcome::Refuse) => Some(step(
            "refused",
            StatusCallback {
                reason: Some(
                    rule.reason
                        .clone()
                        .unwrap_or_else(|| "申请材料不符合受理条件".into()),
                ),
                ..callback(CallbackStatus::Refused, "refused")
            },
            None,
        )),
        ("received", _) => Some(step(
            "accepted",
            callback(CallbackStatus::Accepted, "accepted"),
            Some(rule.review_after_secs),
        )),
        ("accepted" | "resubmitted", _) => Some(step(
            "in_review",
            callback(CallbackStatus::InReview, "in_review"),
            Some(rule.decide_after_secs),
        )),
        ("in_review", Outcome::Hold) => None,
        ("in_review", Outcome::Supplement) if case.supplements == 0 => Some(Step {
            supplement: true,
            ..step(
                "supplement_requested",
                StatusCallback {
                    reason: Some(rule.reason.clone().unwrap_or_else(|| "材料需要补正".into())),
                    items: supplement_items(rule, case),
                    ..callback(CallbackStatus::SupplementRequested, "supplement_requested")
                },
                None,
            )
        }),
        ("in_review", Outcome::Deny) => Some(step(
            "denied",
            StatusCallback {
                reason: Some(
                    rule.reason
                        .clone()
                        .unwrap_or_else(|| "不符合法定条件".into()),
                ),
                denial_ground: Some(
                    rule.denial_ground
                        .clone()
                        .unwrap_or_else(|| "xzxk-38-2".into()),
                ),
                ..callback(CallbackStatus::Denied, "denied")
            },
            None,
        )),
        ("in_review", _) => Some(approve()),
        _ => None,
    }
}

/// The configured items, else the first attachment's field, else the first answer.
fn supplement_items(rule: &Rule, case: &DueCase) -> Vec<SupplementItem> {
    if !rule.supplement_items.is_empty() {
        return rule.supplement_items.clone();
    }
    let body = &case.payload["case"];
    let path = body["attachments"][0]["field"]
        .as_str()
        .map(str::to_string)
        .or_else(|| {
            body["answers"]
                .as_object()
                .and_then(|m| m.keys().next().cloned())
        })
        .unwrap_or_else(|| "materials".into());
    vec![SupplementItem {
        path,
        reason: "请重新提交清晰、完整的材料".into(),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case(state: &str, supplements: i32) -> DueCase {
        DueCase {
            case_id: uuid::Uuid::nil(),
            reference: "SCJG-R1".into(),
            department: "SCJG".into(),
            service_code: "SCJG-001".into(),
            state: state.into(),
            supplements,
            steps: 2,
            payload: json!({"case": {"answers": {"shop": "x"},
                                     "attachments": [{"field": "licence"}]}}),
        }
    }

    fn rule(outcome: Outcome) -> Rule {
        Rule {
            outcome,
            ..Rule::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
    }

    #[test]
    fn approve_path_accepts_reviews_and_approves_with_validity() {
        let r = rule(Outcome::Approve);
        let accepted = decide(&r, &case("received", 0), today()).unwrap_or_else(|| panic!());
        assert_eq!(accepted.state, "accepted");
        assert_eq!(accepted.next_after_secs, Some(r.review_after_secs));
        let cb = accepted.callback.unwrap_or_else(|| panic!());
        assert_eq!(cb.event_id, "SCJG-R1-3-accepted");
        assert!(cb.check().is_ok());
        let review = decide(&r, &case("accepted", 0), today()).unwrap_or_else(|| panic!());
        assert_eq!(review.state, "in_review");
        let approved = decide(&r, &case("in_review", 0), today()).unwrap_or_else(|| panic!());
        let result = approved
            .callback
            .and_then(|c| c.result)
            .unwrap_or_else(|| panic!());
        assert_eq!(
            result.valid_until,
            today().checked_add_days(chrono::Days::new(3 * 365))
        );
        assert_eq!(approved.next_after_secs, None);
    }

    #[test]
    fn supplement_once_then_approve_and_other_outcomes_are_valid_callbacks() {
        let r = rule(Outcome::Supplement);
        let asked = decide(&r, &case("in_review", 0), today()).unwrap_or_else(|| panic!());
        assert!(asked.supplement);
        let cb = asked.callback.unwrap_or_else(|| panic!());
        assert_eq!(cb.items[0].path, "licence");
        assert!(cb.check().is_ok());
        let again = decide(&r, &case("in_review", 1), today()).unwrap_or_else(|| panic!());
        assert_eq!(again.state, "approved");
        assert_eq!(
            decide(&r, &case("resubmitted", 1), today()).map(|s| s.state),
            Some("in_review")
        );
        for (outcome, state) in [(Outcome::Deny, "denied"), (Outcome::Refuse, "refused")] {
            let from = if outcome == Outcome::Refuse {
                "received"
            } else {
                "in_review"
            };
            let step = decide(&rule(outcome), &case(from, 0), today()).unwrap_or_else(|| panic!());
            assert_eq!(step.state, state);
            assert!(step.callback.is_some_and(|c| c.check().is_ok()));
        }
        assert_eq!(
            decide(&rule(Outcome::Hold), &case("in_review", 0), today()),
            None
        );
        assert_eq!(decide(&r, &case("withdrawn", 0), today()), None);
        assert_eq!(decide(&r, &case("approved", 0), today()), None);
    }
}
