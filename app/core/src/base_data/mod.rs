//! The shared base data registry (基础信息库): the authoritative departments' feeds, applied by
//! source version (never backwards), each applied change kept in `base_data_changes` in the
//! same transaction; and the lookups registration and departments read.
pub mod demo;
pub mod read;

use crate::error::InternalError;
use portal_types::domain::base_data::{decide, BaseDataKind, Entity, Person, VersionDecision};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The most records one batch may carry.
pub const MAX_BATCH: usize = 500;

/// A checked record with the version its source gave it.
#[derive(Clone, Debug)]
pub struct Versioned<T> {
    pub record: T,
    pub version: i64,
}

/// Applies a batch fed by `source` in one transaction: each record replaces the one held
/// only when its version is higher; one outcome per record, in order.
pub async fn feed_people(
    pool: &PgPool,
    source: &str,
    records: &[Versioned<Person>],
) -> Result<Vec<VersionDecision>, InternalError> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(records.len());
    for item in records {
        outcomes.push(upsert_person(&mut tx, source, item).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// [`feed_people`] for legal entities.
pub async fn feed_entities(
    pool: &PgPool,
    source: &str,
    records: &[Versioned<Entity>],
) -> Result<Vec<VersionDecision>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(records.len());
    for item in records {
        outcomes.push(upsert_entity(&mut tx, source, item).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// The decision from whether the upsert changed the row and the version held before it. The
/// update's own `where` is what protects a newer record under concurrency (it re-reads the
/// locked row); `held` only names the outcome.
fn outcome(applied: bool, held: Option<i64>, incoming: i64) -> VersionDecision {
    if applied {
        VersionDecision::Apply
    } else {
        match decide(held, incoming) {
            VersionDecision::Apply => VersionDecision::Stale,
            other => other,
        }
    }
}

async fn upsert_person(
    conn: &mut PgConnection,
    source: &str,
    item: &Versioned<Person>,
) -> Result<VersionDecision, InternalError> {
    let p = &item.record;
    let (applied, held): (bool, Option<i64>) = sqlx::query_as(
        "with held as (select source_version from base_people where id_number = $1),
              upserted as (
            insert into base_people (id_number, name, sex, birth_date, household_address, status,
                                     source, source_version)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (id_number) do update set
                name = excluded.name, sex = excluded.sex, birth_date = excluded.birth_date,
                household_address = excluded.household_address, status = excluded.status,
                source = excluded.source, source_version = excluded.source_version,
                updated_at = now()
            where base_people.source_version < excluded.source_version
            returning 1)
         select exists(select 1 from upserted), (select source_version from held)",
    )
    .bind(&p.id_number)
    .bind(&p.name)
    .bind(p.sex.as_str())
    .bind(p.birth_date)
    .bind(&p.household_address)
    .bind(p.status.as_str())
    .bind(source)
    .bind(item.version)
    .fetch_one(&mut *conn)
    .await?;
    let decision = outcome(applied, held, item.version);
    if decision == VersionDecision::Apply {
        let record = serde_json::json!({
            "id_number": p.id_number, "name": p.name, "sex": p.sex.as_str(),
            "birth_date": p.birth_date, "household_address": p.household_address,
            "status": p.status.as_str(),
        });
        keep_change(
            conn,
            BaseDataKind::People,
            &p.id_number,
            source,
            item.version,
            record,
        )
        .await?;
        // A registered person the register now confirms rises to level 2 (a level is never
        // lowered here: that takes a counter's decision).
        let raised: Option<Uuid> = sqlx::query_scalar(
            "update people set real_name_level = 2, level_source = 'base_data', level_set_at = now()
             where id_number = $1 and real_name = $2 and real_name_level < 2 and $3 = 'live'
               and reclaimed_at is null
             returning id",
        )
        .bind(&p.id_number)
        .bind(&p.name)
        .bind(p.status.as_str())
        .fetch_optional(&mut *conn)
        .await?;
        // Certificates kept back for want of that level are issued now.
        if let Some(person) = raised {
            crate::certificates::withheld::release(conn, person).await?;
        }
    }
    Ok(decision)
}

async fn upsert_entity(
    conn: &mut PgConnection,
    source: &str,
    item: &Versioned<Entity>,
) -> Result<VersionDecision, sqlx::Error> {
    let e = &item.record;
    let (applied, held): (bool, Option<i64>) = sqlx::query_as(
        "with held as (select source_version from base_entities where credit_code = $1),
              upserted as (
            insert into base_entities (credit_code, name, entity_type, industry,
                                       legal_rep_id_number, legal_rep_name, registered_address,
                                       status, source, source_version)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            on conflict (credit_code) do update set
                name = excluded.name, entity_type = excluded.entity_type,
                industry = excluded.industry, legal_rep_id_number = excluded.legal_rep_id_number,
                legal_rep_name = excluded.legal_rep_name,
                registered_address = excluded.registered_address, status = excluded.status,
                source = excluded.source, source_version = excluded.source_version,
                updated_at = now()
            where base_entities.source_version < excluded.source_version
            returning 1)
         select exists(select 1 from upserted), (select source_version from held)",
    )
    .bind(&e.credit_code)
    .bind(&e.name)
    .bind(&e.entity_type)
    .bind(&e.industry)
    .bind(&e.legal_rep_id_number)
    .bind(&e.legal_rep_name)
    .bind(&e.registered_address)
    .bind(e.status.as_str())
    .bind(source)
    .bind(item.version)
    .fetch_one(&mut *conn)
    .await?;
    let decision = outcome(applied, held, item.version);
    if decision == VersionDecision::Apply {
        let record = serde_json::json!({
            "credit_code": e.credit_code, "name": e.name, "entity_type": e.entity_type,
            "industry": e.industry, "legal_rep_id_number": e.legal_rep_id_number,
            "legal_rep_name": e.legal_rep_name, "registered_address": e.registered_address,
            "status": e.status.as_str(),
        });
        keep_change(
            conn,
            BaseDataKind::Entities,
            &e.credit_code,
            source,
            item.version,
            record,
        )
        .await?;
    }
    Ok(decision)
}

async fn keep_change(
    conn: &mut PgConnection,
    kind: BaseDataKind,
    key: &str,
    source: &str,
    version: i64,
    record: serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into base_data_changes (kind, record_key, source, source_version, record)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(kind.as_str())
    .bind(key)
    .bind(source)
    .bind(version)
    .bind(record)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A person's name and status as held, when the register has them.
pub async fn person_summary(
    pool: &PgPool,
    id_number: &str,
) -> Result<Option<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as("select name, status, source_version from base_people where id_number = $1")
        .bind(id_number)
        .fetch_optional(pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unapplied_record_is_a_replay_or_stale() {
        assert_eq!(outcome(true, Some(3), 4), VersionDecision::Apply);
        assert_eq!(outcome(false, Some(4), 4), VersionDecision::Unchanged);
        assert_eq!(outcome(false, Some(5), 4), VersionDecision::Stale);
        // A newer version committed meanwhile by another batch: not applied, so stale.
        assert_eq!(outcome(false, Some(3), 4), VersionDecision::Stale);
    }
}
