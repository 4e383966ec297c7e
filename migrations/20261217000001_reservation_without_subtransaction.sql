-- A reservation first looks for a free budget slice without a subtransaction (an order's
-- statement used to enter one every time, about a tenth of its cost). Where that finds no
-- slice, the order's statement is rolled back with SQLSTATE VB003 and placed again, waiting
-- for a slice as before (`p_wait`).

drop function voucher_reserve(uuid, uuid, integer, uuid, bigint, text, uuid);
drop function voucher_book(uuid, uuid, integer, uuid, text, bigint, text, uuid);

-- As before (20261215000001_voucher_budget_slices.sql), except how a reservation finds its
-- slice: with `p_wait` false only among the free slices, answering 'busy' where none has room;
-- with `p_wait` (the order placed again) by waiting for one, or for all of them to gather what
-- is left, as before.
create function voucher_book(p_programme uuid, p_enterprise uuid, p_year integer,
                             p_subscription uuid, p_movement text, p_amount bigint,
                             p_reason text, p_actor uuid, p_wait boolean default true)
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
        v_start := floor(random() * voucher_slice_count())::integer;
        if not p_wait then
            -- A slice with room that no one is booking, from a random start so that
            -- concurrent reservations spread (two index range scans that stop at the first
            -- one). It never waits. Where none is free it answers 'busy', and the caller
            -- raises: that rolls the statement back, and with it any lock the search took on
            -- a slice another order had just filled (a row that fails its recheck stays
            -- locked otherwise), so no slice is held while the order then waits below. No
            -- block catching errors here: entering one costs a subtransaction, about a tenth
            -- of an order's time.
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
                return 'busy';
            end if;
        end if;
        if v_slice is null then
            -- Placed again (p_wait): wait for a slice with room, and keep it if it still has
            -- room when the other order is done.
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

-- A reservation that raises when refused: SQLSTATE VB001 past the enterprise's yearly cap,
-- VB002 past what is left of the budget, VB003 when `p_wait` is false and no slice with room
-- was free (the caller places the order again with `p_wait`). True when booked.
create function voucher_reserve(p_programme uuid, p_enterprise uuid, p_year integer,
                                p_subscription uuid, p_amount bigint, p_reason text,
                                p_actor uuid, p_wait boolean)
returns boolean
language plpgsql
as $$
declare
    answer text := voucher_book(p_programme, p_enterprise, p_year, p_subscription, 'reserve',
                                p_amount, p_reason, p_actor, p_wait);
begin
    if answer = 'cap' then
        raise exception 'voucher reservation refused: cap' using errcode = 'VB001';
    elsif answer = 'busy' then
        raise exception 'voucher reservation: every slice with room is being booked'
            using errcode = 'VB003';
    elsif answer <> 'booked' then
        raise exception 'voucher reservation refused: %', answer using errcode = 'VB002';
    end if;
    return true;
end
$$;
