//! What the audit log keeps of a clerk's read of a queue page: the queue, the filter, the
//! search text (an applicant's name is personal data: whoever searched for whom is kept) and
//! which cases were shown. Plain Rust, so the rule is tested without a database.
use crate::audit::{actions, Entry};
use portal_types::actors::Clerk;
use portal_types::views::workbench::{Queue, QueueFilter, QueuePage};

/// The longest search text kept (the search box takes no more).
pub const MAX_SEARCH_CHARS: usize = 100;

/// The audit entry of one queue page read by `clerk`: `queue.search` when a search text was
/// given, else `queue.view`.
pub fn queue_read_entry(
    clerk: &Clerk,
    queue: Queue,
    filter: &QueueFilter,
    page: &QueuePage,
) -> Entry {
    let search = filter
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| q.chars().take(MAX_SEARCH_CHARS).collect::<String>());
    let action = match search {
        Some(_) => actions::QUEUE_SEARCH,
        None => actions::QUEUE_VIEW,
    };
    let cases: Vec<String> = page.rows.iter().map(|r| r.id.to_string()).collect();
    let mut entry = Entry::staff_list(clerk.account_id, clerk.role, &clerk.department, action)
        .with("queue", queue.as_str().into())
        .with("cases", cases.into());
    if let Some(q) = search {
        entry = entry.with("q", q.into());
    }
    let narrowed = [
        ("service", filter.service.clone()),
        ("state", filter.state.map(|s| s.as_str().to_string())),
        ("from", filter.from.map(|d| d.to_string())),
        ("to", filter.to.map(|d| d.to_string())),
    ];
    for (key, value) in narrowed {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            entry = entry.with(key, value.into());
        }
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use portal_types::domain::case_lifecycle::CaseState;
    use portal_types::domain::roles::Role;
    use portal_types::views::cases::ClockView;
    use portal_types::views::workbench::QueueRow;
    use portal_types::Text;
    use uuid::Uuid;

    fn clerk() -> Clerk {
        Clerk {
            account_id: Uuid::from_u128(7),
            department: "GA".into(),
            role: Role::Clerk,
        }
    }

    fn page(ids: &[Uuid]) -> QueuePage {
        QueuePage {
            rows: ids
                .iter()
                .map(|id| QueueRow {
                    id: *id,
                    case_number: "GA-1".into(),
                    service: Text::new("服务", "Service"),
                    applicant: "张*".into(),
                    state: CaseState::Submitted,
                    submitted_at: Utc::now(),
                    decided_at: None,
                    clock: ClockView::NotStarted { promised_days: 20 },
                    assigned: false,
                })
                .collect(),
            next: None,
            counts: vec![],
            services: vec![],
        }
    }

    #[test]
    fn a_plain_list_records_the_queue_and_the_cases_shown() {
        let id = Uuid::from_u128(1);
        let entry = queue_read_entry(&clerk(), Queue::Mine, &QueueFilter::default(), &page(&[id]));
        assert_eq!(entry.action, "queue.view");
        assert_eq!(entry.department_code.as_deref(), Some("GA"));
        assert_eq!(entry.case_id, None);
        assert_eq!(
            entry.detail,
            serde_json::json!({"queue": Queue::Mine.as_str(), "cases": [id.to_string()]})
        );
    }

    #[test]
    fn a_search_keeps_its_text_cut_to_the_box_and_the_filter() {
        let filter = QueueFilter {
            q: Some(format!("  张三{}  ", "x".repeat(200))),
            state: Some(CaseState::InReview),
            service: Some("  ".into()),
            ..QueueFilter::default()
        };
        let entry = queue_read_entry(&clerk(), Queue::New, &filter, &page(&[]));
        assert_eq!(entry.action, "queue.search");
        let q = entry.detail["q"].as_str().unwrap_or_default();
        assert!(q.starts_with("张三x"));
        assert_eq!(q.chars().count(), MAX_SEARCH_CHARS);
        assert_eq!(entry.detail["state"], "in_review");
        assert!(
            entry.detail.get("service").is_none(),
            "a blank filter is no filter"
        );
        // A blank search is a plain list.
        let blank = QueueFilter {
            q: Some("   ".into()),
            ..QueueFilter::default()
        };
        let entry = queue_read_entry(&clerk(), Queue::New, &blank, &page(&[]));
        assert_eq!(entry.action, "queue.view");
    }
}
