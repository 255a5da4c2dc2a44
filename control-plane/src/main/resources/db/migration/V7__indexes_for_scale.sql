-- Lookups by parent that the unique constraints do not already cover (100,000 users and more).
create index issuance_user on issuance (user_id, issued_at);
create index app_user_signing_key on app_user (signing_key_id);
create index signing_key_account on signing_key (account_id);
create index api_token_owner on api_token (console_user_id);
