-- Which accounts an account-admin or account-viewer may see (operator-admins see all).
create table console_user_account (
    console_user_id bigint not null references console_user (id) on delete cascade,
    account_id      bigint not null references account (id) on delete cascade,
    primary key (console_user_id, account_id)
);

-- API tokens for automation: only a SHA-256 of the token is kept; the token is shown once.
create table api_token (
    id              bigserial primary key,
    console_user_id bigint      not null references console_user (id) on delete cascade,
    name            text        not null,
    prefix          text        not null,
    hash            text        not null unique,
    created_at      timestamptz not null default now(),
    expires_at      timestamptz,
    last_used_at    timestamptz,
    unique (console_user_id, name)
);

-- The account an audit line concerns, so that tenants can read their own history.
alter table audit_log add column account text;
create index audit_log_account on audit_log (account, at);
create index audit_log_actor on audit_log (actor, at);
update audit_log set account = split_part(target, '/', 1) where action like 'account.%' or action like 'user.%';
