-- The people and automation that use the REST API.
create table console_user (
    id            bigserial primary key,
    username      text        not null unique,
    password_hash text        not null,
    role          text        not null check (role in ('operator-admin', 'account-admin', 'account-viewer')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    version       bigint      not null default 0
);

-- Every change and every credential issued: who, when, from where, what, to what.
create table audit_log (
    id      bigserial primary key,
    at      timestamptz not null default now(),
    actor   text        not null,
    source  text,
    action  text        not null,
    target  text,
    summary text
);
create index audit_log_at on audit_log (at);
