//! The supervisor dashboard (`/workbench/supervision`): the department's throughput, processing
//! time, deadline keeping, satisfaction and the open follow-ups of bad ratings.
use crate::Text;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many ISO weeks the dashboard looks back (the current week included).
pub const WEEKS: usize = 8;
/// One ISO week (Monday to Sunday, Beijing time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCount {
    /// The week's Monday.
    pub monday: NaiveDate,
    /// Cases submitted that week.
    pub received: i64,
    /// Cases decided that week (approved, denied or refused at intake).
    pub finished: i64,
}
impl WeekCount {
    /// `2026-W47`.
    pub fn label(&self) -> String {
        let week = self.monday.iso_week();
        format!("{}-W{:02}", week.year(), week.week())
    }
}
/// An open follow-up of a bad rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowupRow {
    pub case_id: Uuid,
    pub case_number: String,
    pub score: i32,
    pub comment: String,
    pub opened_at: DateTime<Utc>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub department: Text,
    /// Oldest week first.
    pub weeks: Vec<WeekCount>,
    /// Cases accepted and then decided within the weeks shown.
    pub timed_cases: i64,
    /// Median working days from acceptance to decision over those cases.
    pub median_working_days: Option<f64>,
    /// Of those cases, how many were decided on or before their due date.
    pub on_time: i64,
    /// Open accepted cases past their due date now.
    pub overdue_now: i64,
    /// Average stars of every rating of the department's cases.
    pub rating_average: Option<f64>,
    pub rating_count: i64,
    /// Oldest first.
    pub followups: Vec<FollowupRow>,
    /// New cases are given to the department's clerks in turn (round robin).
    #[serde(default)]
    pub auto_assign: bool,
}
impl Dashboard {
    /// Share of the timed cases decided on time, in percent.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.timed_cases > 0).then(|| self.on_time as f64 * 100.0 / self.timed_cases as f64)
    }
}
#[cfg(test)]
mod tests {
    fn ids(ftl: &str) -> std::collections::BTreeSet<String> {
        ftl.lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
            .collect()
    }

    /// Both languages define the same dashboard messages, and no other file defines them (the
    /// loader merges every file of a language).
    #[test]
    fn supervision_messages_match_and_are_unique() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
        let ours = |locale: &str| {
            ids(&std::fs::read_to_string(root.join(locale).join("supervision.ftl")).unwrap())
        };
        assert_eq!(ours("zh-CN"), ours("en"));
        for locale in ["zh-CN", "en"] {
            let mine = ours(locale);
            assert!(mine.contains("sv-title") && mine.contains("notice-sv-followup-closed"));
            for entry in std::fs::read_dir(root.join(locale)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "ftl")
                    && path.file_name().is_some_and(|n| n != "supervision.ftl")
                {
                    let theirs = ids(&std::fs::read_to_string(&path).unwrap());
                    let clash: Vec<&String> = mine.intersection(&theirs).collect();
                    assert!(
                        clash.is_empty(),
                        "{} also defines {clash:?}",
                        path.display()
                    );
                }
            }
        }
    }
}
