-- An enterprise rates a subscription it used (1–5, with an optional comment), once; the
-- product page shows the listing's average and the latest comments.
create table subscription_ratings (
    subscription_id uuid primary key references subscriptions (id),
    listing_id      uuid not null references listings (id),
    score           smallint not null check (score between 1 and 5),
    comment         text check (char_length(comment) <= 500),
    rated_by        uuid not null references accounts (id),
    at              timestamptz not null default now()
);
create index subscription_ratings_listing_idx on subscription_ratings (listing_id, at desc);
