//! The logged-in account's in-app notifications (read-only; "mark all as read" is a form post).
use crate::i18n::Locale;
use crate::Text;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many notifications the page lists.
pub const LIST_LIMIT: i64 = 100;
/// One notification as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: i64,
    pub case_id: Option<Uuid>,
    /// A notification about a marketplace subscription (an order to approve, a decision).
    #[serde(default)]
    pub subscription_id: Option<Uuid>,
    /// What happened, e.g. `case-submitted` (`notification-<template>` in the translations).
    pub template: String,
    pub case_number: String,
    pub service: Text,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}
impl NotificationItem {
    /// The sentence in `locale`, or the generic one when the translations have none for the
    /// template (a template added later still reads sensibly).
    pub fn message(&self, locale: Locale) -> String {
        let args = [
            ("number", self.case_number.clone()),
            ("service", self.service.get(locale)),
        ];
        let well_formed = !self.template.is_empty()
            && self
                .template
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if well_formed {
            let id = format!("notification-{}", self.template);
            let text = locale.t_args(&id, &args);
            // A missing message comes back as its id.
            if text != id {
                return text;
            }
        }
        locale.t_args("notification-generic", &args)
    }

    /// Where the notification leads: the staff case page for an escalation, else the applicant's.
    pub fn case_path(&self) -> Option<String> {
        if let Some(id) = self.subscription_id {
            return Some(format!("/market/subscriptions/{id}"));
        }
        let base = if matches!(self.template.as_str(), "case-overdue" | "case-assigned") {
            "/workbench/cases"
        } else {
            "/cases"
        };
        self.case_id.map(|id| format!("{base}/{id}"))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn item(template: &str) -> NotificationItem {
        NotificationItem {
            id: 1,
            case_id: None,
            subscription_id: None,
            template: template.to_string(),
            case_number: "GA20261122-00001".into(),
            service: Text::new("无犯罪记录证明开具", "Certificate of no criminal record"),
            reason: String::new(),
            created_at: DateTime::<Utc>::default(),
            read: false,
        }
    }

    #[test]
    fn every_template_reads_in_both_languages() {
        for template in [
            "case-submitted",
            "case-accepted",
            "case-refused-at-intake",
            "case-supplement-requested",
            "case-resubmitted",
            "case-supplement-withdrawn",
            "case-approved",
            "case-denied",
            "case-withdrawn",
        ] {
            let known = item(template);
            for locale in Locale::ALL {
                let id = format!("notification-{template}");
                let text = known.message(locale);
                let generic = item(&format!("{template}-unknown")).message(locale);
                assert_ne!(text, generic, "{id}");
                assert!(text.contains("GA20261122-00001"), "{id}: {text}");
            }
            assert!(known.message(Locale::ZhCn).contains("无犯罪记录证明开具"));
            assert!(known
                .message(Locale::En)
                .contains("Certificate of no criminal record"));
        }
    }

    #[test]
    fn unknown_or_odd_templates_fall_back_to_the_generic_text() {
        for template in ["case-moved-to-mars", "", "Case-Submitted", "generic x"] {
            let text = item(template).message(Locale::En);
            assert!(text.contains("has changed"), "{template}: {text}");
            assert!(text.contains("GA20261122-00001"));
        }
    }

    #[test]
    fn both_translation_files_define_the_same_messages() {
        fn ids(ftl: &str) -> std::collections::BTreeSet<&str> {
            ftl.lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
                .collect()
        }
        let zh = ids(include_str!("../../../locales/zh-CN/notifications.ftl"));
        let en = ids(include_str!("../../../locales/en/notifications.ftl"));
        assert_eq!(
            zh.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&&str>::new()
        );
        for error in crate::domain::email::EmailError::ALL {
            assert!(zh.contains(error.code()), "{}", error.code());
        }
    }
}
