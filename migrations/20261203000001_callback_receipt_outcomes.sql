-- A repeated event id is only a repeat when it carries the same request (its SHA-256; rows from
-- before this column match any request), and a refusal is remembered like a success, so a later
-- repeat gets the same answer whatever happened to the case meanwhile.
alter table callback_receipts
    add column request_sha256 text,
    add column status smallint not null default 200
        check (status between 200 and 499);
