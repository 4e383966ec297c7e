-- Orders are placed in one statement (the subscription, its event, the vendor operation and the
-- subsidy reservation): the operation's row is built by one function that every move shares,
-- from the subscription row as JSON (a row a statement has just inserted or updated), and the
-- reservation raises instead of answering, so that a refusal undoes the whole statement.

-- A vendor operation for the subscription row `s` (to_jsonb of a subscriptions row), caused by
-- the event `event_id`: the subscription's whole desired state, due by the listing's declared
-- provisioning time (the version ordered). Returns the operation's id.
create function queue_vendor_operation(s jsonb, event_id bigint, p_operation text)
returns uuid
language plpgsql
as $$
declare
    operation_id uuid;
begin
    insert into vendor_operations (subscription_id, subscription_event_id, vendor_id,
                                   operation, generation, desired, deadline_at)
    select (s->>'id')::uuid, event_id, (s->>'vendor_id')::uuid, p_operation,
           (s->>'generation')::int,
           jsonb_build_object(
             'product', s->>'listing_id',
             'plan', s->'plan_code', 'quantity', s->'quantity', 'term', s->'term',
             'state', s->'state',
             'enterprise', jsonb_build_object('name', e.name,
                 'credit_code', e.credit_code, 'contact_name', a.display_name),
             'price', jsonb_build_object('list_fen', s->'list_fen',
                 'vendor_discount_fen', s->'vendor_discount_fen',
                 'subsidy_fen', s->'subsidy_fen', 'sme_fen', s->'sme_fen')),
           now() + make_interval(hours => coalesce((v.content->>'provisioning_hours')::int, 24))
    from enterprises e, accounts a, listing_versions v
    where e.id = (s->>'enterprise_id')::uuid and a.id = (s->>'ordered_by')::uuid
      and v.listing_id = (s->>'listing_id')::uuid and v.version = (s->>'listing_version')::int
    returning id into operation_id;
    return operation_id;
end
$$;

-- A reservation that raises when refused: SQLSTATE VB001 past the enterprise's yearly cap,
-- VB002 past what is left of the budget. True when booked.
create function voucher_reserve(p_programme uuid, p_enterprise uuid, p_year integer,
                                p_subscription uuid, p_amount bigint, p_reason text,
                                p_actor uuid)
returns boolean
language plpgsql
as $$
declare
    answer text := voucher_book(p_programme, p_enterprise, p_year, p_subscription, 'reserve',
                                p_amount, p_reason, p_actor);
begin
    if answer = 'cap' then
        raise exception 'voucher reservation refused: cap' using errcode = 'VB001';
    elsif answer <> 'booked' then
        raise exception 'voucher reservation refused: %', answer using errcode = 'VB002';
    end if;
    return true;
end
$$;
