-- A draft's progress (answered of required) is recorded when it is saved, so that the list of
-- an applicant's applications never has to load their answers. Null for drafts saved before.
alter table cases
    add column answered_count integer,
    add column required_count integer;
