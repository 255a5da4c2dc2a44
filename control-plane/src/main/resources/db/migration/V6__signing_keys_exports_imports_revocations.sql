-- Account signing keys: plain, or scoped (a role and the template of what its users may do).
create table signing_key (
    id          bigserial primary key,
    account_id  bigint      not null references account (id) on delete cascade,
    public_key  text        not null unique,
    secret_id   bigint      not null references secret (id),
    role        text,
    template    jsonb,
    description text,
    created_at  timestamptz not null default now(),
    check ((role is null) = (template is null))
);

-- Revoked user keys (public key -> Unix seconds; JWTs issued at or before are revoked), tags, default permissions.
alter table account
    add column revocations         jsonb not null default '{}',
    add column tags                jsonb not null default '[]',
    add column default_permissions jsonb;

-- What an account offers other accounts.
create table account_export (
    id             bigserial primary key,
    account_id     bigint      not null references account (id) on delete cascade,
    name           text        not null,
    subject        text        not null,
    kind           text        not null check (kind in ('stream', 'service')),
    token_required boolean     not null default false,
    response_type  text check (response_type in ('Singleton', 'Stream', 'Chunked')),
    description    text,
    revocations    jsonb       not null default '{}',
    created_at     timestamptz not null default now(),
    unique (account_id, name),
    unique (account_id, kind, subject)
);

-- What an account takes from others: the exporter by public key, as NATS names it.
create table account_import (
    id            bigserial primary key,
    account_id    bigint      not null references account (id) on delete cascade,
    name          text        not null,
    kind          text        not null check (kind in ('stream', 'service')),
    exporter_key  text        not null,
    subject       text        not null,
    local_subject text,
    token         text,
    created_at    timestamptz not null default now(),
    unique (account_id, name)
);

-- Users: everything their JWT grants in one document; the key that signs them (null: the account's identity key).
alter table app_user
    add column spec jsonb,
    add column signing_key_id bigint references signing_key (id);
update app_user set spec = jsonb_build_object('permissions', permissions, 'bearer', bearer);
alter table app_user
    alter column spec set not null,
    drop column permissions,
    drop column bearer;

-- Which user key a creds file was for (a rotated user has several over time).
alter table issuance add column public_key text;
update issuance i set public_key = u.public_key from app_user u where u.id = i.user_id;
alter table issuance alter column public_key set not null;
