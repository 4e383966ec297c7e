//! Bundles (一件事一次办): one combined form for several services of different departments, the
//! way each answer on it goes back to the child case of its service, and the status of the
//! bundle as a whole.
//!
//! A field asked by two or more children (the agent, the enterprise, the parents…) is asked once
//! under its own key and goes to every child that asks it. Every other field is the child's own:
//! on the combined form its key gets the child's prefix (`s2_material_1`) and its label the
//! service's name, so two children's "material 1" never mix.
use super::case_lifecycle::CaseState;
use super::service_form::{FieldDef, FieldKind, FormDefinition, RawAnswers};
use crate::Text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One service of a bundle, in the bundle's order.
#[derive(Clone, Debug)]
pub struct Child {
    pub service_code: String,
    pub name: Text,
    pub form: FormDefinition,
}

/// The prefix of the child at `position` (0-based) on the combined form.
pub fn prefix(position: usize) -> String {
    format!("s{}_", position + 1)
}

/// What each service writes in its own words is never shared, even under the same key.
const NEVER_SHARED: &[&str] = &["details"];

fn shareable(field: &FieldDef) -> bool {
    !matches!(field.kind, FieldKind::File { .. }) && !NEVER_SHARED.contains(&field.key.as_str())
}

/// The keys asked once: shareable fields that two or more children ask.
pub fn shared_keys(children: &[Child]) -> BTreeSet<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for child in children {
        for field in child.form.fields.iter().filter(|f| shareable(f)) {
            *seen.entry(field.key.as_str()).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, count)| *count >= 2)
        .map(|(key, _)| key.to_string())
        .collect()
}

/// The combined form: the shared fields first (as the first child asking each has it), then
/// each child's own fields under its prefix, labelled with the service's name.
pub fn combined_form(children: &[Child]) -> FormDefinition {
    let shared = shared_keys(children);
    let mut fields: Vec<FieldDef> = Vec::new();
    for child in children {
        for field in &child.form.fields {
            if shared.contains(&field.key) && !fields.iter().any(|f| f.key == field.key) {
                fields.push(field.clone());
            }
        }
    }
    for (position, child) in children.iter().enumerate() {
        let prefix = prefix(position);
        for field in child
            .form
            .fields
            .iter()
            .filter(|f| !shared.contains(&f.key))
        {
            let mut own = field.clone();
            own.key = format!("{prefix}{}", field.key);
            own.label = Text::new(
                format!("{}：{}", child.name.zh, field.label.zh),
                format!("{}: {}", child.name.en, field.label.en),
            );
            if let Some(condition) = own.visible_when.as_mut() {
                if !shared.contains(&condition.field) {
                    condition.field = format!("{prefix}{}", condition.field);
                }
            }
            fields.push(own);
        }
    }
    FormDefinition { fields }
}

/// The top-level key on the child's own form of a combined form's key, if it is one of the
/// child's (shared, or under the child's prefix).
pub fn child_key(
    children: &[Child],
    shared: &BTreeSet<String>,
    position: usize,
    combined_key: &str,
) -> Option<String> {
    let child = children.get(position)?;
    let asks = |key: &str| child.form.fields.iter().any(|f| f.key == key);
    if shared.contains(combined_key) {
        return asks(combined_key).then(|| combined_key.to_string());
    }
    let own = combined_key.strip_prefix(&prefix(position))?;
    asks(own).then(|| own.to_string())
}

/// The answers of the child at `position`, taken from the combined form's answers (paths keep
/// everything after their first segment: `s1_shareholders.0.name` → `shareholders.0.name`).
pub fn child_answers(children: &[Child], position: usize, combined: &RawAnswers) -> RawAnswers {
    let shared = shared_keys(children);
    let mut answers = RawAnswers::default();
    for (path, values) in &combined.0 {
        let (first, rest) = match path.split_once('.') {
            Some((first, rest)) => (first, Some(rest)),
            None => (path.as_str(), None),
        };
        if let Some(key) = child_key(children, &shared, position, first) {
            let child_path = match rest {
                Some(rest) => format!("{key}.{rest}"),
                None => key,
            };
            answers.0.insert(child_path, values.clone());
        }
    }
    answers
}

/// Where a bundle stands, from its children's states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleStatus {
    /// Some parts are still with their departments.
    InProgress,
    /// At least one part waits for the applicant (a supplement).
    NeedsApplicant,
    /// Every part is approved.
    AllApproved,
    /// Every part is decided or withdrawn, and not all were approved.
    Finished {
        approved: usize,
        not_approved: usize,
    },
}

impl BundleStatus {
    pub fn label_key(self) -> &'static str {
        match self {
            Self::InProgress => "bundle-status-in-progress",
            Self::NeedsApplicant => "bundle-status-needs-applicant",
            Self::AllApproved => "bundle-status-all-approved",
            Self::Finished { .. } => "bundle-status-finished",
        }
    }
}

/// The aggregate of the children: one child denied does not change the others, and a child
/// waiting for the applicant is what the applicant must see first.
pub fn aggregate(states: &[CaseState]) -> BundleStatus {
    if states.contains(&CaseState::SupplementRequested) {
        return BundleStatus::NeedsApplicant;
    }
    if states.is_empty() || states.iter().any(|s| !s.is_final()) {
        return BundleStatus::InProgress;
    }
    let approved = states.iter().filter(|s| **s == CaseState::Approved).count();
    if approved == states.len() {
        BundleStatus::AllApproved
    } else {
        BundleStatus::Finished {
            approved,
            not_approved: states.len() - approved,
        }
    }
}

#[cfg(test)]
mod tests;
