-- 025_account_notices: facts a platform reports about an account while it publishes, which do not
-- stop it (unlike a restriction): e.g. uploads_locked_private, an API project whose uploads the
-- platform keeps private until it passes the platform's audit. Set by a publication that shows the
-- fact, cleared by a later one that shows it no longer holds.
-- [{ "code": "uploads_locked_private", "since": "<ISO instant>" }]
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS notices jsonb NOT NULL DEFAULT '[]'::jsonb;
