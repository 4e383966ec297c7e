use super::*;
use serde_json::json;

fn text_field(key: &str, label: &str) -> serde_json::Value {
    json!({"key": key, "label": {"zh": label, "en": label}, "required": true,
           "kind": {"type": "short_text"}})
}

fn file_field(key: &str) -> serde_json::Value {
    json!({"key": key, "label": {"zh": "材料", "en": "Material"}, "required": true,
           "kind": {"type": "file", "accept": ["application/pdf"], "max_bytes": 1000, "max_count": 1}})
}

fn child(code: &str, name: &str, fields: Vec<serde_json::Value>) -> Child {
    Child {
        service_code: code.into(),
        name: Text::new(name, name),
        form: serde_json::from_value(json!({ "fields": fields })).expect("a form"),
    }
}

fn children() -> Vec<Child> {
    let mut permit = child(
        "SCJG-002",
        "食品经营许可",
        vec![
            text_field("contact_name", "经办人"),
            text_field("details", "说明"),
            json!({"key": "has_kitchen", "label": {"zh": "有厨房", "en": "Kitchen"}, "required": true,
                   "kind": {"type": "single_choice", "options": [
                       {"value": "yes", "label": {"zh": "有", "en": "Yes"}},
                       {"value": "no", "label": {"zh": "无", "en": "No"}}]}}),
            text_field("kitchen", "厨房面积"),
            file_field("material_1"),
        ],
    );
    // A condition on the child's own field follows it under the prefix.
    permit.form.fields[3].visible_when =
        serde_json::from_value(json!({"field": "has_kitchen", "any_of": ["yes"]})).ok();
    vec![
        child(
            "SCJG-001",
            "企业设立登记",
            vec![
                text_field("contact_name", "经办人"),
                text_field("details", "说明"),
                file_field("material_1"),
            ],
        ),
        permit,
    ]
}

fn keys(form: &FormDefinition) -> Vec<&str> {
    form.fields.iter().map(|f| f.key.as_str()).collect()
}

#[test]
fn shared_fields_are_asked_once_and_the_rest_under_each_childs_prefix() {
    let form = combined_form(&children());
    assert_eq!(
        keys(&form),
        vec![
            "contact_name",
            "s1_details",
            "s1_material_1",
            "s2_details",
            "s2_has_kitchen",
            "s2_kitchen",
            "s2_material_1"
        ]
    );
    assert_eq!(form.fields[5].label.zh, "食品经营许可：厨房面积");
    assert_eq!(
        form.fields[5]
            .visible_when
            .as_ref()
            .map(|c| c.field.as_str()),
        Some("s2_has_kitchen")
    );
    assert!(form.check().is_ok(), "{:?}", form.check());
}

#[test]
fn each_child_gets_the_shared_answers_and_its_own() {
    let children = children();
    let mut combined = RawAnswers::default();
    combined.push("contact_name", "张三");
    combined.push("s1_details", "设立");
    combined.push("s2_details", "许可");
    combined.push("s2_kitchen", "30");
    combined.push("s3_kitchen", "nobody's");
    let first = child_answers(&children, 0, &combined);
    assert_eq!(first.get("contact_name"), "张三");
    assert_eq!(first.get("details"), "设立");
    assert_eq!(first.0.len(), 2);
    let second = child_answers(&children, 1, &combined);
    assert_eq!(second.get("details"), "许可");
    assert_eq!(second.get("kitchen"), "30");
    assert_eq!(second.0.len(), 3);
    let shared = shared_keys(&children);
    assert_eq!(
        child_key(&children, &shared, 1, "s2_material_1").as_deref(),
        Some("material_1")
    );
    assert_eq!(child_key(&children, &shared, 0, "s2_material_1"), None);
}

#[test]
fn the_aggregate_shows_what_needs_the_applicant_and_does_not_hide_a_denial() {
    use CaseState as S;
    assert_eq!(
        aggregate(&[S::Approved, S::SupplementRequested, S::InReview]),
        BundleStatus::NeedsApplicant
    );
    assert_eq!(
        aggregate(&[S::Approved, S::InReview]),
        BundleStatus::InProgress
    );
    assert_eq!(
        aggregate(&[S::Approved, S::Approved]),
        BundleStatus::AllApproved
    );
    assert_eq!(
        aggregate(&[S::Approved, S::Denied, S::Approved]),
        BundleStatus::Finished {
            approved: 2,
            not_approved: 1
        }
    );
    assert_eq!(aggregate(&[]), BundleStatus::InProgress);
}
