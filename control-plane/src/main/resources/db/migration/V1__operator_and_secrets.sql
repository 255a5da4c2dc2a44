-- Sealed nkey seeds (AES-256-GCM envelope, see io.tributary.control.custody.SecretBox).
create table secret (
    id          bigserial primary key,
    key_version integer     not null,
    wrapped_key bytea       not null,
    ciphertext  bytea       not null,
    created_at  timestamptz not null default now()
);

-- The operator: its identity and signing key, its JWT, its system account and that account's system user.
create table operator (
    id                       bigserial primary key,
    name                     text        not null unique,
    public_key               text        not null unique,
    identity_secret_id       bigint      not null references secret (id),
    signing_key              text        not null unique,
    signing_secret_id        bigint      not null references secret (id),
    jwt                      text        not null,
    system_account_key       text        not null unique,
    system_account_secret_id bigint      not null references secret (id),
    system_account_jwt       text        not null,
    system_user_key          text        not null unique,
    system_user_secret_id    bigint      not null references secret (id),
    system_user_jwt          text        not null,
    created_at               timestamptz not null default now(),
    updated_at               timestamptz not null default now(),
    version                  bigint      not null default 0
);
