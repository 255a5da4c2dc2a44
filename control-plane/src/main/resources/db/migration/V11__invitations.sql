-- One-time links an operator-admin sends to a tenant's first admin (or viewer): only the token's SHA-256 is kept.
create table invitation (
    id          bigserial   primary key,
    token_hash  text        not null unique,
    account_id  bigint      not null references account (id) on delete cascade,
    role        text        not null check (role in ('account-admin', 'account-viewer')),
    note        text,
    invited_by  text        not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    accepted_by text
);
create index invitation_account on invitation (account_id);
