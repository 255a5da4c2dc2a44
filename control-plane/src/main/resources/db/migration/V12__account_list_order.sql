-- The console's account list pages accounts newest first or by last change (?sort=-createdAt, -updatedAt): an index
-- each, so that a page is read in order instead of sorting every account (10,000 and more) for each request.
create index account_created on account (created_at, name);
create index account_updated on account (updated_at, name);
