-- Login tokens name the console user's id and this version; a password change bumps it, so the user's login
-- tokens issued before stop working.
alter table console_user add column token_version bigint not null default 0;
