//! The operator's working-day calendar: public holidays and adjusted working days (调休). Deadlines
//! are computed from it on every read, so an edit takes effect at once everywhere.
use super::cases::deadlines;
use super::error::InternalError;
use chrono::NaiveDate;
use portal_types::views::calendar::{CalendarDay, CalendarEntryKind};
use sqlx::PgPool;

pub const MAX_NOTE_CHARS: usize = 50;

/// A validated calendar entry from the operator's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarEntry {
    pub day: NaiveDate,
    pub kind: CalendarEntryKind,
    pub note: String,
}

/// Checks the form: `(field, error code)` for each problem.
pub fn parse_entry(
    day: &str,
    kind: &str,
    note: &str,
) -> Result<CalendarEntry, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)));
    if day.is_none() {
        errors.push(("day", "calendar-day-invalid"));
    }
    let kind = CalendarEntryKind::parse(kind.trim());
    if kind.is_none() {
        errors.push(("kind", "calendar-kind-invalid"));
    }
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.push(("note", "calendar-note-too-long"));
    }
    match (day, kind) {
        (Some(day), Some(kind)) if errors.is_empty() => Ok(CalendarEntry {
            day,
            kind,
            note: note.to_string(),
        }),
        _ => Err(errors),
    }
}

pub async fn entries(pool: &PgPool, year: i32) -> Result<Vec<CalendarDay>, InternalError> {
    let rows: Vec<(NaiveDate, String, String)> = sqlx::query_as(
        "select day, kind, note from calendar_days
         where extract(year from day) = $1 order by day",
    )
    .bind(year)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(day, kind, note)| {
            Some(CalendarDay {
                day,
                kind: CalendarEntryKind::parse(&kind)?,
                note,
            })
        })
        .collect())
}

/// Adds or replaces the entry of a day, and moves every running case's due dates with it.
pub async fn save(
    pool: &PgPool,
    entry: &CalendarEntry,
    operator: Option<uuid::Uuid>,
) -> Result<(), InternalError> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into calendar_days (day, kind, note) values ($1, $2, $3)
         on conflict (day) do update set kind = excluded.kind, note = excluded.note",
    )
    .bind(entry.day)
    .bind(entry.kind.as_str())
    .bind(&entry.note)
    .execute(&mut *tx)
    .await?;
    deadlines::refresh_all(&mut tx).await?;
    let audit = crate::audit::Entry::operator(operator, crate::audit::actions::CALENDAR_SAVE)
        .with("day", serde_json::json!(entry.day))
        .with("kind", serde_json::json!(entry.kind.as_str()))
        .with("note", serde_json::json!(entry.note));
    crate::audit::record(&mut tx, &audit).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes the entry of a day (it becomes an ordinary weekday or weekend day again), and moves
/// every running case's due dates with it.
pub async fn remove(
    pool: &PgPool,
    day: NaiveDate,
    operator: Option<uuid::Uuid>,
) -> Result<bool, InternalError> {
    let mut tx = pool.begin().await?;
    let removed = sqlx::query("delete from calendar_days where day = $1")
        .bind(day)
        .execute(&mut *tx)
        .await?;
    deadlines::refresh_all(&mut tx).await?;
    if removed.rows_affected() == 1 {
        let audit = crate::audit::Entry::operator(operator, crate::audit::actions::CALENDAR_REMOVE)
            .with("day", serde_json::json!(day));
        crate::audit::record(&mut tx, &audit).await?;
    }
    tx.commit().await?;
    Ok(removed.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_checked_field_by_field() {
        let entry = parse_entry("2027-01-01", "holiday", " 元旦 ").expect("valid");
        assert_eq!(entry.note, "元旦");
        assert_eq!(entry.kind, CalendarEntryKind::Holiday);
        assert_eq!(
            parse_entry("2027-02-30", "holiday", "").unwrap_err(),
            vec![("day", "calendar-day-invalid")]
        );
        assert_eq!(
            parse_entry("", "weekend", &"长".repeat(MAX_NOTE_CHARS + 1)).unwrap_err(),
            vec![
                ("day", "calendar-day-invalid"),
                ("kind", "calendar-kind-invalid"),
                ("note", "calendar-note-too-long")
            ]
        );
        assert!(parse_entry("1999-12-31", "holiday", "").is_err());
    }
}
