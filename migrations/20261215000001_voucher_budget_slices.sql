-- A voucher programme's budget in slices. Every subsidised order used to update the
-- programme's one row, so concurrent orders queued on its lock (about 150 orders/s, seconds at
-- p99). The budget is now spread over a programme's slices: a reservation books against one
-- slice that nobody else is booking (or waits for one with room), and only when no slice has
-- room for it alone are the slices locked together and what is left gathered again. Totals
-- are the slices' sums.

-- How many slices a programme's budget is spread over: more than the connections that may
-- book at once, so that a reservation rarely waits for another.
create function voucher_slice_count() returns integer
language sql immutable as 'select 64';

create table voucher_budget_slices (
    programme_id  uuid not null references voucher_programmes (id),
    slice         smallint not null check (slice >= 0),
    budget_fen    bigint not null check (budget_fen >= 0),
    reserved_fen  bigint not null default 0 check (reserved_fen >= 0),
    committed_fen bigint not null default 0 check (committed_fen >= 0),
    primary key (programme_id, slice),
    check (reserved_fen + committed_fen <= budget_fen)
) with (fillfactor = 10); -- a few slices per page: bookings of one programme do not all
                          -- queue for one page's lock, and its updates stay on their page

-- Existing programmes: what is used stays on slice 0, what is left is spread evenly.
insert into voucher_budget_slices (programme_id, slice, budget_fen, reserved_fen, committed_fen)
select p.id, s.slice,
       (p.budget_fen - p.reserved_fen - p.committed_fen) / voucher_slice_count()
         + case when s.slice = 0
                then (p.budget_fen - p.reserved_fen - p.committed_fen) % voucher_slice_count()
                     + p.reserved_fen + p.committed_fen
                else 0 end,
       case when s.slice = 0 then p.reserved_fen else 0 end,
       case when s.slice = 0 then p.committed_fen else 0 end
from voucher_programmes p cross join generate_series(0, voucher_slice_count() - 1) as s (slice);

alter table voucher_programmes drop column reserved_fen, drop column committed_fen;

-- Each ledger row names the slice it moved; a subscription's later movements follow its
-- reservation's slice.
alter table voucher_ledger add column slice smallint not null default 0;

-- Every new programme gets its slices, however it is created (the operator's form, the demo).
create function voucher_programme_slices() returns trigger
language plpgsql as $$
begin
    insert into voucher_budget_slices (programme_id, slice, budget_fen)
    select new.id, s.slice,
           new.budget_fen / voucher_slice_count()
           + case when s.slice = 0 then new.budget_fen % voucher_slice_count() else 0 end
    from generate_series(0, voucher_slice_count() - 1) as s (slice);
    return null;
end
$$;
create trigger voucher_programme_slices after insert on voucher_programmes
    for each row execute function voucher_programme_slices();

-- A programme's totals, for the pages and the checks.
create view voucher_programme_totals as
select p.id, p.budget_fen,
       coalesce(sum(s.reserved_fen), 0)::bigint as reserved_fen,
       coalesce(sum(s.committed_fen), 0)::bigint as committed_fen
from voucher_programmes p
left join voucher_budget_slices s on s.programme_id = p.id
group by p.id;

-- One voucher movement, in the caller's transaction: the enterprise's year row first (its
-- cap), then a slice of the programme's budget, then the ledger row. Locks are taken in that
-- order (the enterprise's row, then slices in slice order), so movements never deadlock.
-- Answers 'booked', or 'cap' / 'budget' when a reservation does not fit (the caller rolls
-- back: the enterprise's row may have moved already).
create function voucher_book(p_programme uuid, p_enterprise uuid, p_year integer,
                             p_subscription uuid, p_movement text, p_amount bigint,
                             p_reason text, p_actor uuid)
returns text
language plpgsql as $$
declare
    d_reserved  bigint;
    d_committed bigint;
    v_slice     smallint;
    v_start     integer;
    v_free      bigint;
    v_slices    integer;
begin
    case p_movement
        when 'reserve' then d_reserved := p_amount; d_committed := 0;
        when 'commit' then d_reserved := -p_amount; d_committed := p_amount;
        when 'release' then d_reserved := -p_amount; d_committed := 0;
        when 'clawback' then d_reserved := 0; d_committed := -p_amount;
        else return 'movement';
    end case;

    insert into voucher_usage as u (programme_id, enterprise_id, year, reserved_fen, committed_fen)
    select p_programme, p_enterprise, p_year, greatest(d_reserved, 0), greatest(d_committed, 0)
    from voucher_programmes p
    where p.id = p_programme
      and greatest(d_reserved, 0) + greatest(d_committed, 0) <= p.enterprise_cap_fen
    on conflict (programme_id, enterprise_id, year) do update
    set reserved_fen = u.reserved_fen + d_reserved,
        committed_fen = u.committed_fen + d_committed
    where d_reserved + d_committed <= 0
       or u.reserved_fen + u.committed_fen + d_reserved + d_committed
          <= (select p.enterprise_cap_fen from voucher_programmes p where p.id = p_programme);
    if not found then
        return 'cap';
    end if;

    if p_movement = 'reserve' then
        -- A slice with room that no one is booking, from a random start so that concurrent
        -- reservations spread (two index range scans that stop at the first one). It never
        -- waits. Where none is free, the block is rolled back, and with it any lock the search
        -- took on a slice another order had just filled (a row that fails its recheck stays
        -- locked otherwise): no slice is held while waiting below, so no deadlock.
        v_start := floor(random() * voucher_slice_count())::integer;
        begin
            select s.slice into v_slice from voucher_budget_slices s
            where s.programme_id = p_programme and s.slice >= v_start
              and s.budget_fen - s.reserved_fen - s.committed_fen >= p_amount
            order by s.slice limit 1 for no key update skip locked;
            if v_slice is null then
                select s.slice into v_slice from voucher_budget_slices s
                where s.programme_id = p_programme and s.slice < v_start
                  and s.budget_fen - s.reserved_fen - s.committed_fen >= p_amount
                order by s.slice limit 1 for no key update skip locked;
            end if;
            if v_slice is null then
                raise no_data_found;
            end if;
        exception when no_data_found then
            v_slice := null;
        end;
        if v_slice is null then
            -- Every slice with room is being booked: wait for one, and keep it if it still
            -- has room when the other order is done.
            select s.slice into v_slice from voucher_budget_slices s
            where s.programme_id = p_programme
              and s.budget_fen - s.reserved_fen - s.committed_fen >= p_amount
            order by (s.slice + v_start) % voucher_slice_count() limit 1;
            if v_slice is not null then
                begin
                    perform 1 from voucher_budget_slices s
                    where s.programme_id = p_programme and s.slice = v_slice
                    for no key update;
                    if not exists (select 1 from voucher_budget_slices s
                                   where s.programme_id = p_programme and s.slice = v_slice
                                     and s.budget_fen - s.reserved_fen - s.committed_fen >= p_amount) then
                        raise no_data_found;
                    end if;
                exception when no_data_found then
                    v_slice := null;
                end;
            end if;
        end if;
        if v_slice is null then
            -- No free slice has room for it: wait for them all (in order) and gather what is
            -- left, evenly again where each slice then holds this amount, else on slice 0.
            perform 1 from voucher_budget_slices s where s.programme_id = p_programme
            order by s.slice for no key update;
            select coalesce(sum(s.budget_fen - s.reserved_fen - s.committed_fen), 0), count(*)
            into v_free, v_slices
            from voucher_budget_slices s where s.programme_id = p_programme;
            if v_free < p_amount then
                return 'budget';
            end if;
            if v_free / v_slices >= p_amount then
                update voucher_budget_slices s
                set budget_fen = s.reserved_fen + s.committed_fen + v_free / v_slices
                                 + case when s.slice = 0 then v_free % v_slices else 0 end
                where s.programme_id = p_programme;
            else
                update voucher_budget_slices s
                set budget_fen = s.reserved_fen + s.committed_fen
                                 + case when s.slice = 0 then v_free else 0 end
                where s.programme_id = p_programme;
            end if;
            v_slice := 0;
        end if;
    else
        select l.slice into v_slice from voucher_ledger l
        where l.subscription_id = p_subscription and l.movement = 'reserve'
        order by l.id limit 1;
        v_slice := coalesce(v_slice, 0);
    end if;

    update voucher_budget_slices s
    set reserved_fen = s.reserved_fen + d_reserved, committed_fen = s.committed_fen + d_committed
    where s.programme_id = p_programme and s.slice = v_slice
      and s.reserved_fen + s.committed_fen + d_reserved + d_committed <= s.budget_fen;
    if not found then
        return 'budget';
    end if;
    insert into voucher_ledger (programme_id, enterprise_id, subscription_id, movement,
                                amount_fen, reason, actor_id, slice)
    values (p_programme, p_enterprise, p_subscription, p_movement, p_amount, p_reason, p_actor,
            v_slice);
    return 'booked';
end
$$;
