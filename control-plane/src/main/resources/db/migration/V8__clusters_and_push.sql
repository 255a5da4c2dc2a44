-- Data-plane clusters: a name and the client URLs of their nodes.
create table cluster (
    id          bigserial primary key,
    name        text        not null unique check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    urls        jsonb       not null,
    description text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     bigint      not null default 0
);

-- Where an account is placed; an account without rows here is on every cluster.
create table account_cluster (
    account_id bigint not null references account (id) on delete cascade,
    cluster_id bigint not null references cluster (id) on delete cascade,
    primary key (account_id, cluster_id)
);

-- The outbox: an account whose JWT changed (or that was deleted), written in the change's transaction.
create table push_outbox (
    id          bigserial primary key,
    account_key text        not null,
    created_at  timestamptz not null default now()
);
create index push_outbox_account on push_outbox (account_key, id);

-- What each node holds per account, as far as the control plane knows: the hash of the JWT it acknowledged
-- (null: deleted there), or the last error.
create table node_account (
    node_url    text        not null,
    account_key text        not null,
    jwt_hash    text,
    error       text,
    updated_at  timestamptz not null default now(),
    primary key (node_url, account_key)
);
