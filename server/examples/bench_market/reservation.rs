//! pgbench executing the order transaction of `orders::place` as SQL: the two statements of
//! app/core/src/market/orders.rs (`facts`, then `insert`, its own transaction), with their
//! parameters, for an admin ordering one seat of the basic plan with the voucher. What `place`
//! computes in Rust (the plan, the price breakdown) comes in as variables (`-D`), what the facts
//! return goes on through `\gset`. The enterprise is chosen like the portal's tasks do, at
//! random among the `bench_agents` the driver numbered 1..=E: picked in the facts statement
//! (`agent`), where the portal has it in memory. The dispatcher's wake that `place` sends after
//! its commit (coalesced: at most one per order, fewer under load) is not in the script: the
//! portal does that work on top. The reservation does not wait for a budget slice, as the
//! portal's first try does; the portal's second try (waiting, where no slice with room was free)
//! never comes here: with 64 slices and a budget that never runs out, 63 other orders cannot
//! hold them all.
use super::{DISCOUNT_FEN, LIST_FEN, SME_FEN, SUBSIDY_FEN};
use app::domain::market::subscription::{Mover, Operation, SubscriptionState};
use uuid::Uuid;

/// `{E}` is the number of enterprises.
const SCRIPT: &str = r#"\set e random(1, {E})
\set k random(100000000000, 999999999999)
-- facts
with agent as (select enterprise_id, account_id from bench_agents where n = :e),
this as (select extract(year from now() at time zone 'Asia/Shanghai')::int as year)
select agent.enterprise_id as ent, agent.account_id as acc,
       (select count(*) from subscriptions s
        where s.ordered_by = agent.account_id and s.idempotency_key = 'bench-' || :k) as dup,
       l.vendor_id as vendor, l.published_version as version,
       l.suspended_at is not null as suspended, l.content as content,
       coalesce(l.related, false) as related,
       h.id as prog, h.subsidy_bp as bp, this.year as year,
       h.budget_left as budget_left, h.cap_left as cap_left
from agent cross join this
left join lateral (
    select l.vendor_id, l.published_version, l.suspended_at, v.content,
           exists(
             select 1
             from enterprises e
             cross join vendors d
             left join base_entities er on er.credit_code = e.credit_code
             left join base_entities dr on dr.credit_code = d.credit_code
             where e.id = agent.enterprise_id and d.id = l.vendor_id
               and (e.credit_code = d.credit_code
                    or case when er.credit_code is not null and dr.credit_code is not null
                            then er.legal_rep_id_number = dr.legal_rep_id_number
                            else trim(e.legal_rep) = trim(d.legal_rep) end)) as related
    from listings l
    join listing_versions v on v.listing_id = l.id and v.version = l.published_version
    join vendors d on d.id = l.vendor_id and d.status = 'approved'
    where l.id = :listing) l on true
left join lateral (
    select p.id, pc.subsidy_bp,
           (select coalesce(sum(s.budget_fen - s.reserved_fen - s.committed_fen), 0)
            from voucher_budget_slices s where s.programme_id = p.id)::bigint as budget_left,
           p.enterprise_cap_fen - coalesce(u.reserved_fen + u.committed_fen, 0) as cap_left
    from voucher_programmes p
    join programme_categories pc on pc.programme_id = p.id
         and pc.category = l.content->>'category'
    join voucher_enrolments n on n.programme_id = p.id and n.enterprise_id = agent.enterprise_id
         and n.admitted
    left join voucher_usage u on u.programme_id = p.id and u.enterprise_id = agent.enterprise_id
         and u.year = this.year
    where current_date between p.valid_from and p.valid_until
    order by pc.subsidy_bp desc, p.valid_until limit 1) h on true \gset
-- insert: the subscription, its event, the vendor operation, the reservation last
with sub as (
    insert into subscriptions (enterprise_id, vendor_id, listing_id, listing_version,
        plan_code, quantity, term, state, ordered_by, idempotency_key, list_fen,
        vendor_discount_fen, subsidy_fen, sme_fen, programme_id, voucher_year,
        generation)
    values (:ent, :vendor, :listing, :version, :plan, :quantity, :term, :state, :acc,
            'bench-' || :k, :list, :discount, :subsidy, :sme, :prog, :year,
            case when :operation::text is null then 1 else 2 end)
    on conflict (ordered_by, idempotency_key) do nothing
    returning *),
ev as (
    insert into subscription_events (subscription_id, kind, from_state, to_state,
                                     mover, actor_id, reason)
    select id, 'ordered', null, state, :mover, ordered_by, null from sub
    returning id, subscription_id),
op as (
    select queue_vendor_operation(to_jsonb(s), ev.id, :operation) as id
    from sub s join ev on ev.subscription_id = s.id
    where :operation::text is not null)
select s.id as sub, (select count(*) from op) as operations,
       case when s.programme_id is null then false
            else voucher_reserve(s.programme_id, s.enterprise_id, s.voucher_year,
                                 s.id, s.subsidy_fen, 'order placed', s.ordered_by, false)
       end as reserved
from sub s \gset
"#;

/// The script for `enterprises` enterprises.
pub fn script(enterprises: u32) -> String {
    SCRIPT.replace("{E}", &enterprises.to_string())
}

/// What `place` computes in Rust, as the script's variables.
pub fn defines(listing: Uuid) -> Vec<(&'static str, String)> {
    vec![
        ("listing", listing.to_string()),
        ("plan", "basic".into()),
        ("quantity", "1".into()),
        ("term", "month".into()),
        (
            "state",
            SubscriptionState::AwaitingProvisioning.as_str().into(),
        ),
        ("list", LIST_FEN.to_string()),
        ("discount", DISCOUNT_FEN.to_string()),
        ("subsidy", SUBSIDY_FEN.to_string()),
        ("sme", SME_FEN.to_string()),
        ("mover", Mover::EnterpriseAdmin.as_str().into()),
        ("operation", Operation::Provision.as_str().into()),
    ]
}
