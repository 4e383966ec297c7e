-- Single sign-on into vendors' tools: the portal's Ed25519 signing keys and the tokens issued.
-- A private key is kept sealed (XChaCha20-Poly1305 under a key derived from PORTAL_SECRET);
-- the public key is published in the JWKS from `created_at` until `published_until`.
create table sso_signing_keys (
    kid             text primary key,
    public_key      bytea not null check (octet_length(public_key) = 32),
    sealed_private  bytea not null,
    created_at      timestamptz not null default now(),
    -- Set when a newer key takes over signing; the key stays published a while after.
    retired_at      timestamptz,
    published_until timestamptz
);

-- One row per token issued (who opened which tool when), for the audit trail; the token itself
-- is not kept.
create table sso_tokens (
    jti             uuid primary key,
    subscription_id uuid not null references subscriptions (id),
    agent_id        uuid not null references accounts (id),
    kid             text not null references sso_signing_keys (kid),
    issued_at       timestamptz not null,
    expires_at      timestamptz not null check (expires_at > issued_at)
);
create index sso_tokens_subscription_idx on sso_tokens (subscription_id, issued_at);
create trigger sso_tokens_append_only before update or delete on sso_tokens
    for each row execute function market_history_is_append_only();
