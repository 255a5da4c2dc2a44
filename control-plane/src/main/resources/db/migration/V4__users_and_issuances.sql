-- Users: the identities of applications inside an account.
create table app_user (
    id                 bigserial primary key,
    account_id         bigint      not null references account (id) on delete cascade,
    name               text        not null check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    public_key         text        not null unique,
    identity_secret_id bigint      not null references secret (id),
    permissions        jsonb       not null,
    bearer             boolean     not null default false,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    version            bigint      not null default 0,
    unique (account_id, name)
);

-- Every creds file issued: so that a tenant can see and revoke exactly what is out there.
create table issuance (
    id         bigserial primary key,
    user_id    bigint      not null references app_user (id) on delete cascade,
    jti        text        not null unique,
    issued_at  timestamptz not null default now(),
    expires_at timestamptz,
    issued_by  text        not null
);
