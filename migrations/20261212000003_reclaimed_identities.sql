-- A person whose ID number another account holds reclaims it at a counter: that account is
-- frozen (disabled) and its person row marked reclaimed, which frees the ID number for the
-- real person's own registration. The reclaimed row stays, with the cases filed under it.
alter table people add column reclaimed_at timestamptz;
alter table people drop constraint people_id_number_key;
-- The same name as the constraint it replaces: a taken number is still reported by it.
create unique index people_id_number_key on people (id_number) where reclaimed_at is null;
