-- 015_account_restricted: an account the platform itself refuses (TikTok creator_info answers
-- spam_risk_user_banned_from_posting; Instagram 2207050/2207051) is `restricted`, with the
-- platform's reason, until a re-check (connect, token refresh, test) no longer refuses it.
ALTER TABLE social_accounts DROP CONSTRAINT IF EXISTS social_accounts_status_check;
ALTER TABLE social_accounts ADD CONSTRAINT social_accounts_status_check
  CHECK (status IN ('active', 'needs_reconnect', 'disabled', 'restricted'));
-- { "code": "spam_risk_user_banned_from_posting", "message": "...", "since": "<ISO instant>" }
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS restriction jsonb;
