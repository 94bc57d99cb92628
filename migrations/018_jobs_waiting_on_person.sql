-- 018_jobs_waiting_on_person (issue #20): a job that cannot go on until a person acts on its
-- account (disconnected, sign-in revoked beyond refresh, restricted or banned, a permission
-- missing) is `waiting_person`: no timer claims it; it goes back to `queued` when the account is
-- reconnected or the condition clears. `waiting_on` says why, for people:
-- { "code": "account_disconnected" | "account_needs_reconnect" | "account_restricted" | "scope_missing",
--   "accountId": "...", "handle": "...", "platform": "tiktok", "detail": "<platform code>", "since": "<ISO instant>" }
ALTER TABLE publish_jobs DROP CONSTRAINT IF EXISTS publish_jobs_status_check;
ALTER TABLE publish_jobs ADD CONSTRAINT publish_jobs_status_check
  CHECK (status IN ('queued', 'active', 'waiting_retry', 'waiting_person', 'succeeded', 'failed', 'dead', 'cancelled', 'needs_review'));
ALTER TABLE publish_jobs ADD COLUMN IF NOT EXISTS waiting_on jsonb;
-- Resuming an account's jobs, and the per-account counts (Accounts, the nav badge).
CREATE INDEX IF NOT EXISTS publish_jobs_waiting_person_idx ON publish_jobs (account_id) WHERE status = 'waiting_person';
