//! A department's queues, each read through its own index in its own order (deadline first where
//! the clock runs) with keyset pagination, and the count of every queue.
//!
//! NearDeadline and Overdue are decided at read time: the stored due dates (a cache of the
//! calendar arithmetic, see `core::cases::deadlines`) are compared with today and with the first
//! day that is no longer "near", both computed from the calendar now.
use super::{FINAL_STATES, RUNNING_STATES};
use crate::api::workbench::{
    Cursor, Queue, QueueFilter, QueueOrder, QueuePage, QueueRow, QUEUE_COUNT_CAP,
};
use crate::api::Text;
use crate::core::cases::calendar;
use crate::core::error::InternalError;
use crate::domain::case_lifecycle::CaseState;
use crate::domain::working_days::WorkingCalendar;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    case_number: Option<String>,
    service_zh: String,
    service_en: String,
    applicant: String,
    state: String,
    submitted_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    accepted_on: Option<NaiveDate>,
    promised_days: i32,
    statutory_days: i32,
    due_on: Option<NaiveDate>,
    assigned: bool,
}

/// What every query of one page load shares: who, which department, the filter, and the day.
struct Scope<'a> {
    department_code: &'a str,
    clerk_id: Uuid,
    filter: &'a QueueFilter,
    today: NaiveDate,
    near_until: NaiveDate,
}

impl Scope<'_> {
    /// `where` conditions selecting the queue's cases of the department, after the filter.
    fn push_conditions(&self, sql: &mut QueryBuilder<'_, Postgres>, queue: Queue) {
        sql.push(" where c.department_code = ")
            .push_bind(self.department_code.to_string());
        match queue {
            Queue::New => sql.push(" and c.state = 'submitted'"),
            Queue::AwaitingSupplement => sql.push(" and c.state = 'supplement_requested'"),
            Queue::Mine => sql
                .push(format!(
                    " and c.state in {RUNNING_STATES} and c.assigned_clerk_id = "
                ))
                .push_bind(self.clerk_id),
            Queue::NearDeadline => sql
                .push(format!(" and c.state in {RUNNING_STATES} and c.due_on >= "))
                .push_bind(self.today)
                .push(" and c.due_on < ")
                .push_bind(self.near_until),
            Queue::Overdue => sql
                .push(format!(" and c.state in {RUNNING_STATES} and c.due_on < "))
                .push_bind(self.today),
            Queue::Finished => sql.push(format!(
                " and c.state in {FINAL_STATES} and c.decided_at is not null"
            )),
        };
        let filter = self.filter;
        if let Some(service) = &filter.service {
            sql.push(" and c.service_code = ")
                .push_bind(service.clone());
        }
        if let Some(q) = &filter.q {
            sql.push(" and (starts_with(c.case_number, ")
                .push_bind(q.clone())
                .push(") or strpos(a.display_name, ")
                .push_bind(q.clone())
                .push(") > 0)");
        }
        if let Some(from) = filter.from {
            sql.push(" and c.submitted_at >= (")
                .push_bind(from)
                .push("::timestamp at time zone 'Asia/Shanghai')");
        }
        if let Some(to) = filter.to {
            sql.push(" and c.submitted_at < (")
                .push_bind(to.succ_opt().unwrap_or(NaiveDate::MAX))
                .push("::timestamp at time zone 'Asia/Shanghai')");
        }
        if let Some(state) = filter.state {
            sql.push(" and c.state = ").push_bind(state.as_str());
        }
    }
}

/// The keyset column of an order, and its direction.
fn sort_column(order: QueueOrder) -> (&'static str, &'static str) {
    match order {
        QueueOrder::Submitted => ("c.submitted_at", "asc"),
        QueueOrder::Deadline => ("c.due_on", "asc"),
        QueueOrder::DecidedNewestFirst => ("c.decided_at", "desc"),
    }
}

fn cursor_of(order: QueueOrder, row: &QueueRow, due_on: Option<NaiveDate>) -> Cursor {
    let key = match order {
        QueueOrder::Submitted => row.submitted_at.timestamp_micros(),
        QueueOrder::Deadline => due_on.map_or(i64::MAX, |d| i64::from(d.num_days_from_ce())),
        QueueOrder::DecidedNewestFirst => row.decided_at.map_or(0, |at| at.timestamp_micros()),
    };
    Cursor { key, id: row.id }
}

fn push_after(sql: &mut QueryBuilder<'_, Postgres>, order: QueueOrder, after: Cursor) {
    let (column, direction) = sort_column(order);
    let comparison = if direction == "asc" { ">" } else { "<" };
    sql.push(format!(" and ({column}, c.id) {comparison} ("));
    match order {
        QueueOrder::Deadline => {
            let day = i32::try_from(after.key)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .unwrap_or(NaiveDate::MAX);
            sql.push_bind(day)
        }
        QueueOrder::Submitted | QueueOrder::DecidedNewestFirst => {
            sql.push_bind(DateTime::from_timestamp_micros(after.key).unwrap_or_default())
        }
    };
    sql.push(", ").push_bind(after.id).push(")");
}

/// One page of the queue: `limit` rows after `after`, in the queue's order.
async fn page(
    pool: &PgPool,
    scope: &Scope<'_>,
    queue: Queue,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<Row>, InternalError> {
    let mut sql = QueryBuilder::new(
        "select c.id, c.case_number, s.name_zh as service_zh, s.name_en as service_en,
                a.display_name as applicant, c.state,
                coalesce(c.submitted_at, c.created_at) as submitted_at, c.decided_at,
                c.accepted_on, s.promised_days, s.statutory_days, c.due_on,
                c.assigned_clerk_id is not null as assigned
         from cases c
         join services s on s.code = c.service_code
         join accounts a on a.id = c.applicant_account_id",
    );
    scope.push_conditions(&mut sql, queue);
    let order = queue.order();
    if let Some(after) = after {
        push_after(&mut sql, order, after);
    }
    let (column, direction) = sort_column(order);
    sql.push(format!(
        " order by {column} {direction}, c.id {direction} limit "
    ))
    .push_bind(limit);
    Ok(sql.build_query_as::<Row>().fetch_all(pool).await?)
}

/// How many cases of the department are in the queue, after the filter, counted up to
/// `QUEUE_COUNT_CAP + 1` (shown as "1000+"): a clerk acts on the first pages, and an exact count
/// of a department's hundred thousand finished cases would cost more than the page itself.
async fn count(pool: &PgPool, scope: &Scope<'_>, queue: Queue) -> Result<i64, InternalError> {
    let mut sql = QueryBuilder::new("select count(*) from (select 1 from cases c");
    if scope.filter.q.is_some() {
        sql.push(" join accounts a on a.id = c.applicant_account_id");
    }
    scope.push_conditions(&mut sql, queue);
    sql.push(" limit ")
        .push_bind(QUEUE_COUNT_CAP + 1)
        .push(") capped");
    Ok(sql.build_query_scalar::<i64>().fetch_one(pool).await?)
}

fn with_clock(
    calendar_days: &WorkingCalendar,
    today: NaiveDate,
    pauses: &std::collections::HashMap<Uuid, Vec<crate::domain::working_days::Pause>>,
    row: Row,
) -> (QueueRow, Option<NaiveDate>) {
    let state = CaseState::parse(&row.state).unwrap_or(CaseState::Submitted);
    let clock = calendar::clock_view(
        calendar_days,
        today,
        row.accepted_on,
        state.is_final(),
        u32::try_from(row.promised_days).unwrap_or(0),
        u32::try_from(row.statutory_days).unwrap_or(0),
        pauses.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
    );
    let queue_row = QueueRow {
        id: row.id,
        case_number: row.case_number.unwrap_or_default(),
        service: Text::new(row.service_zh, row.service_en),
        applicant: row.applicant,
        state,
        submitted_at: row.submitted_at,
        decided_at: row.decided_at,
        clock,
        assigned: row.assigned,
    };
    (queue_row, row.due_on)
}

fn clean(filter: &QueueFilter) -> QueueFilter {
    let text = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    QueueFilter {
        service: text(&filter.service),
        q: text(&filter.q),
        from: filter.from,
        to: filter.to,
        state: filter.state.filter(|s| *s != CaseState::Draft),
    }
}

/// One page of a queue of the department, and the counts of every queue.
pub async fn queue(
    pool: &PgPool,
    department_code: &str,
    clerk_id: Uuid,
    queue: Queue,
    filter: &QueueFilter,
    after: Option<Cursor>,
    limit: i64,
) -> Result<QueuePage, InternalError> {
    let limit = limit.clamp(1, 500);
    let filter = clean(filter);
    let calendar_days = calendar::load_calendar(pool).await?;
    let today = calendar::today(pool).await?;
    let scope = Scope {
        department_code,
        clerk_id,
        filter: &filter,
        today,
        near_until: calendar::near_until(&calendar_days, today),
    };
    let mut found = page(pool, &scope, queue, after, limit + 1).await?;
    let more = found.len() > limit as usize;
    found.truncate(limit as usize);
    let ids: Vec<Uuid> = found.iter().map(|r| r.id).collect();
    let pauses = calendar::pauses_of(pool, &ids).await?;
    let (rows, due_dates): (Vec<QueueRow>, Vec<Option<NaiveDate>>) = found
        .into_iter()
        .map(|row| with_clock(&calendar_days, today, &pauses, row))
        .unzip();
    let next = match (more, rows.last(), due_dates.last()) {
        (true, Some(last), Some(due_on)) => Some(cursor_of(queue.order(), last, *due_on)),
        _ => None,
    };

    let mut counts = Vec::with_capacity(Queue::ALL.len());
    for each in Queue::ALL {
        counts.push((each, count(pool, &scope, each).await?));
    }
    let services: Vec<(String, String, String)> = sqlx::query_as(
        "select code, name_zh, name_en from services where department_code = $1 order by code",
    )
    .bind(department_code)
    .fetch_all(pool)
    .await?;
    Ok(QueuePage {
        rows,
        next,
        counts,
        services: services
            .into_iter()
            .map(|(code, zh, en)| (code, Text::new(zh, en)))
            .collect(),
    })
}
