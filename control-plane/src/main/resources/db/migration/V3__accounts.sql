-- Accounts = tenants. The JWT is re-signed by the operator's signing key on every change.
create table account (
    id                 bigserial primary key,
    operator_id        bigint      not null references operator (id),
    name               text        not null unique check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    description        text,
    public_key         text        not null unique,
    identity_secret_id bigint      not null references secret (id),
    limits             jsonb       not null,
    jwt                text        not null,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    version            bigint      not null default 0
);
