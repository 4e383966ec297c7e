//! A department's queues, each read through its own index in its own order (deadline first where
//! the clock runs) with keyset pagination, and the count of every queue.
//!
//! NearDeadline and Overdue are decided at read time: the stored due dates (a cache of the
//! calendar arithmetic, see `core::cases::deadlines`) are compared with today and with the first
//! day that is no longer "near", both computed from the calendar now.
use super::{FINAL_STATES, RUNNING_STATES};
use crate::cases::calendar;
use crate::error::InternalError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use portal_types::domain::case_lifecycle::CaseState;
use portal_types::domain::working_days::WorkingCalendar;
use portal_types::views::workbench::{
    Cursor, Queue, QueueFilter, QueueOrder, QueuePage, QueueRow, QUEUE_COUNT_CAP,
};
use portal_types::Text;
use sqlx::{PgPool, Postgres, QueryBuilder, Row as _};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    case_number: Option<String>,
    service_code: String,
    applicant: String,
    state: String,
    submitted_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    accepted_on: Option<NaiveDate>,
    due_on: Option<NaiveDate>,
    assigned: bool,
}

/// A service as the queue shows it (its name) and times it (its deadlines in working days).
#[derive(sqlx::FromRow)]
struct ServiceRow {
    code: String,
    name_zh: String,
    name_en: String,
    promised_days: i32,
    statutory_days: i32,
    /// The department's own service (offered in the filter); otherwise only named by a row.
    own: bool,
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
    // Services are joined in Rust (`services_named`): one join fewer to plan on every load.
    let mut sql = QueryBuilder::new(
        "select c.id, c.case_number, c.service_code, a.display_name as applicant, c.state,
                coalesce(c.submitted_at, c.created_at) as submitted_at, c.decided_at,
                c.accepted_on, c.due_on, c.assigned_clerk_id is not null as assigned
         from cases c
         join accounts a on a.id = c.applicant_account_id",
    );
    scope.push_conditions(&mut sql, queue);
    let order = queue.order();
    if let Some(after) = after {
        push_after(&mut sql, order, after);
    }
    let (column, direction) = sort_column(order);
    sql.push(format!(
        " order by {column} {direction}, c.id {direction} limit {limit}"
    ));
    Ok(sql.build_query_as::<Row>().fetch_all(pool).await?)
}

/// How many cases of the department are in each queue, after the filter, each counted up to
/// `QUEUE_COUNT_CAP + 1` (shown as "1000+"): a clerk acts on the first pages, and an exact count
/// of a department's hundred thousand finished cases would cost more than the page itself.
/// One statement for all of them: one round trip, and (the caps being literals) one plan the
/// server keeps instead of planning six queries again on every load.
async fn counts(pool: &PgPool, scope: &Scope<'_>) -> Result<Vec<(Queue, i64)>, InternalError> {
    let mut sql = QueryBuilder::new("select ");
    for (position, queue) in Queue::ALL.into_iter().enumerate() {
        if position > 0 {
            sql.push(", ");
        }
        sql.push("(select count(*) from (select 1 from cases c");
        if scope.filter.q.is_some() {
            sql.push(" join accounts a on a.id = c.applicant_account_id");
        }
        scope.push_conditions(&mut sql, queue);
        sql.push(format!(" limit {}) capped)", QUEUE_COUNT_CAP + 1));
    }
    let row = sql.build().fetch_one(pool).await?;
    Queue::ALL
        .into_iter()
        .enumerate()
        .map(|(position, queue)| Ok((queue, row.try_get::<i64, _>(position)?)))
        .collect()
}

/// The department's services, and any other service a row names (a case filed before its
/// service moved), by code.
async fn services_named(
    pool: &PgPool,
    department_code: &str,
    rows: &[Row],
) -> Result<HashMap<String, ServiceRow>, InternalError> {
    let named: Vec<&str> = rows.iter().map(|r| r.service_code.as_str()).collect();
    let services: Vec<ServiceRow> = sqlx::query_as(
        "select code, name_zh, name_en, promised_days, statutory_days, department_code = $1 as own
         from services where department_code = $1 or code = any($2)",
    )
    .bind(department_code)
    .bind(&named)
    .fetch_all(pool)
    .await?;
    Ok(services.into_iter().map(|s| (s.code.clone(), s)).collect())
}

fn with_clock(
    calendar_days: &WorkingCalendar,
    today: NaiveDate,
    pauses: &HashMap<Uuid, Vec<portal_types::domain::working_days::Pause>>,
    services: &HashMap<String, ServiceRow>,
    row: Row,
) -> (QueueRow, Option<NaiveDate>) {
    let state = CaseState::parse(&row.state).unwrap_or(CaseState::Submitted);
    let service = services.get(&row.service_code);
    let days =
        |of: fn(&ServiceRow) -> i32| service.map_or(0, |s| u32::try_from(of(s)).unwrap_or(0));
    let clock = calendar::clock_view(
        calendar_days,
        today,
        row.accepted_on,
        state.is_final(),
        days(|s| s.promised_days),
        days(|s| s.statutory_days),
        pauses.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
    );
    let name = service.map_or_else(
        || Text::new(row.service_code.clone(), row.service_code.clone()),
        |s| Text::new(s.name_zh.clone(), s.name_en.clone()),
    );
    let queue_row = QueueRow {
        id: row.id,
        case_number: row.case_number.unwrap_or_default(),
        service: name,
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
    // Reads that do not depend on each other run at once, each on its own connection: the
    // page's latency is then the longest of them rather than their sum.
    let (calendar_days, today) =
        tokio::try_join!(calendar::load_calendar(pool), calendar::today(pool))?;
    let scope = Scope {
        department_code,
        clerk_id,
        filter: &filter,
        today,
        near_until: calendar::near_until(&calendar_days, today),
    };
    let (mut found, counts) = tokio::try_join!(
        page(pool, &scope, queue, after, limit + 1),
        counts(pool, &scope)
    )?;
    let more = found.len() > limit as usize;
    found.truncate(limit as usize);
    let ids: Vec<Uuid> = found.iter().map(|r| r.id).collect();
    let (pauses, services) = tokio::try_join!(
        calendar::pauses_of(pool, &ids),
        services_named(pool, department_code, &found)
    )?;
    let (rows, due_dates): (Vec<QueueRow>, Vec<Option<NaiveDate>>) = found
        .into_iter()
        .map(|row| with_clock(&calendar_days, today, &pauses, &services, row))
        .unzip();
    let next = match (more, rows.last(), due_dates.last()) {
        (true, Some(last), Some(due_on)) => Some(cursor_of(queue.order(), last, *due_on)),
        _ => None,
    };
    let mut services: Vec<ServiceRow> = services.into_values().filter(|s| s.own).collect();
    services.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(QueuePage {
        rows,
        next,
        counts,
        services: services
            .into_iter()
            .map(|s| (s.code, Text::new(s.name_zh, s.name_en)))
            .collect(),
    })
}
