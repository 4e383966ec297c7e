//! pgbench executing the reservation transaction of `orders::place` as SQL: the statements of
//! app/core/src/market/orders.rs (`place`, `orderable`, `price`), vouchers.rs (`headroom`,
//! `book`) and subscriptions.rs (`record_move`), in their order and with their parameters
//! (the reservation last, as `place` books it),
//! for an admin ordering one seat of the basic plan with the voucher. What `place` computes in
//! Rust (the plan, the price breakdown) comes in as variables (`-D`), the ids the statements
//! return go on through `\gset`. The enterprise is chosen like the portal's tasks do: at
//! random among the `bench_agents` the driver numbered 1..=E.
use super::{DISCOUNT_FEN, LIST_FEN, SME_FEN, SUBSIDY_FEN};
use app::domain::market::subscription::{Mover, Operation, SubscriptionState};
use uuid::Uuid;

/// `{E}` is the number of enterprises.
const SCRIPT: &str = r#"\set e random(1, {E})
-- The enterprise and its admin, and in the same round trip the idempotency lookup (`existing`).
select b.enterprise_id as ent, b.account_id as acc, k.key as key,
       (select count(*) from subscriptions s
        where s.ordered_by = b.account_id and s.idempotency_key = k.key) as dup
from bench_agents b, (select md5(random()::text) as key) k where b.n = :e \gset
begin;
-- orderable
select l.vendor_id as vendor, l.published_version as version, l.suspended_at is not null as suspended,
       v.content as content
from listings l
join listing_versions v on v.listing_id = l.id and v.version = l.published_version
join vendors d on d.id = l.vendor_id and d.status = 'approved'
where l.id = :listing \gset
-- price: related party
select exists(
         select 1
         from enterprises e
         cross join vendors v
         left join base_entities er on er.credit_code = e.credit_code
         left join base_entities vr on vr.credit_code = v.credit_code
         where e.id = :ent and v.id = :vendor
           and (e.credit_code = v.credit_code
                or case when er.credit_code is not null and vr.credit_code is not null
                        then er.legal_rep_id_number = vr.legal_rep_id_number
                        else trim(e.legal_rep) = trim(v.legal_rep) end)) as related;
-- headroom (unlocked)
with this as (select extract(year from now() at time zone 'Asia/Shanghai')::int as year)
select p.id as prog, pc.subsidy_bp as bp, this.year as year,
       (select coalesce(sum(s.budget_fen - s.reserved_fen - s.committed_fen), 0)
        from voucher_budget_slices s where s.programme_id = p.id)::bigint as budget_left,
       p.enterprise_cap_fen - coalesce(u.reserved_fen + u.committed_fen, 0) as cap_left
from voucher_programmes p
cross join this
join programme_categories pc on pc.programme_id = p.id and pc.category = :category
join voucher_enrolments n on n.programme_id = p.id and n.enterprise_id = :ent and n.admitted
left join voucher_usage u on u.programme_id = p.id and u.enterprise_id = :ent and u.year = this.year
where current_date between p.valid_from and p.valid_until
order by pc.subsidy_bp desc, p.valid_until limit 1 \gset
-- place: the subsidised subscription
insert into subscriptions (enterprise_id, vendor_id, listing_id, listing_version,
     plan_code, quantity, term, state, ordered_by, idempotency_key, list_fen,
     vendor_discount_fen, subsidy_fen, sme_fen, programme_id, voucher_year)
values (:ent, :vendor, :listing, :version, :plan, :quantity, :term, :state, :acc, :key, :list,
        :discount, :subsidy, :sme, :prog, :year)
on conflict (ordered_by, idempotency_key) do nothing
returning id as sub \gset
-- record_move
insert into subscription_events (subscription_id, kind, from_state, to_state, mover,
                                 actor_id, reason)
values (:sub, :kind, null, :state, :mover, :acc, null) returning id as ev \gset
with risen as (
    update subscriptions set generation = generation + 1, updated_at = now()
    where id = :sub returning *)
insert into vendor_operations (subscription_id, subscription_event_id, vendor_id,
                               operation, generation, desired, deadline_at)
select s.id, :ev, s.vendor_id, :operation, s.generation,
       jsonb_build_object(
         'product', s.listing_id::text,
         'plan', s.plan_code, 'quantity', s.quantity, 'term', s.term,
         'state', s.state,
         'enterprise', jsonb_build_object('name', e.name,
             'credit_code', e.credit_code, 'contact_name', a.display_name),
         'price', jsonb_build_object('list_fen', s.list_fen,
             'vendor_discount_fen', s.vendor_discount_fen,
             'subsidy_fen', s.subsidy_fen, 'sme_fen', s.sme_fen)),
       now() + make_interval(hours => coalesce((v.content->>'provisioning_hours')::int, 24))
from risen s join enterprises e on e.id = s.enterprise_id
join accounts a on a.id = s.ordered_by
join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version;
select pg_notify('delivery_outbox', '');
-- book: the reservation, last
select voucher_book(:prog, :ent, :year, :sub, :movement, :subsidy, :reason, :acc) as booked;
commit;
"#;

/// The script for `enterprises` enterprises.
pub fn script(enterprises: u32) -> String {
    SCRIPT.replace("{E}", &enterprises.to_string())
}

/// What `place` computes in Rust, as the script's variables.
pub fn defines(listing: Uuid) -> Vec<(&'static str, String)> {
    vec![
        ("listing", listing.to_string()),
        ("category", "accounting".into()),
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
        ("movement", "reserve".into()),
        ("reason", "order placed".into()),
        ("kind", "ordered".into()),
        ("mover", Mover::EnterpriseAdmin.as_str().into()),
        ("operation", Operation::Provision.as_str().into()),
    ]
}
