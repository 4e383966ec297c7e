//! Saved drafts to submit, many per citizen, made fast: each citizen saves one GA-004 draft
//! through the portal (its answers, three PDFs), which is then copied row for row (the case
//! and its attachment rows, sharing the stored files) with new ids. `bench_drafts` numbers
//! them in random order for pgbench, which takes the next one per transaction.
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

/// `copies` copies of each draft in `templates`; the drafts of each account, templates included.
pub async fn copy(
    pool: &PgPool,
    templates: &[Uuid],
    copies: i32,
) -> anyhow::Result<HashMap<Uuid, Vec<Uuid>>> {
    sqlx::query(
        "create table bench_drafts (n bigserial primary key, case_id uuid not null,
                                    account_id uuid not null)",
    )
    .execute(pool)
    .await?;
    for template in templates {
        // One statement: the foreign keys of the attachment rows are checked at its end.
        sqlx::query(
            "with made as (
                 insert into cases
                 select (jsonb_populate_record(null::cases, to_jsonb(t)
                         || jsonb_build_object('id', gen_random_uuid(),
                                               'submit_key', gen_random_uuid()))).*
                 from cases t, generate_series(1, $2)
                 where t.id = $1
                 returning id),
             files as (
                 insert into attachments (id, case_id, field_key, original_name, content_type,
                                          size_bytes, sha256, storage_key, uploaded_by)
                 select gen_random_uuid(), m.id, a.field_key, a.original_name, a.content_type,
                        a.size_bytes, a.sha256, a.storage_key, a.uploaded_by
                 from made m, attachments a where a.case_id = $1)
             select count(*) from made",
        )
        .bind(template)
        .bind(copies)
        .execute(pool)
        .await?;
    }
    sqlx::query(
        "insert into bench_drafts (case_id, account_id)
         select id, applicant_account_id from cases where state = 'draft' order by random()",
    )
    .execute(pool)
    .await?;
    let rows: Vec<(Uuid, Uuid)> =
        sqlx::query_as("select account_id, case_id from bench_drafts order by n")
            .fetch_all(pool)
            .await?;
    let mut by_account: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (account, case) in rows {
        by_account.entry(account).or_default().push(case);
    }
    Ok(by_account)
}

/// After a run: how many cases were submitted, and whether each has its submit event and its
/// delivery in the outbox (what the submit must have committed together).
pub async fn submitted(pool: &PgPool) -> anyhow::Result<(i64, bool)> {
    let (cases, with_event, with_outbox): (i64, i64, i64) = sqlx::query_as(
        "select count(*),
                count(*) filter (where exists (select 1 from case_events e
                                               where e.case_id = c.id and e.action = 'submit')),
                count(*) filter (where exists (select 1 from delivery_outbox o
                                               where o.case_id = c.id))
         from cases c where c.state <> 'draft'",
    )
    .fetch_one(pool)
    .await?;
    Ok((cases, cases == with_event && cases == with_outbox))
}
