-- 006_pipeline: what the scheduler, the queue and the workers need beyond the seed tables.

-- An ambiguous outcome (the post may or may not exist) waits for a person: never auto-resent.
ALTER TABLE publish_jobs DROP CONSTRAINT IF EXISTS publish_jobs_status_check;
ALTER TABLE publish_jobs ADD CONSTRAINT publish_jobs_status_check
  CHECK (status IN ('queued', 'active', 'waiting_retry', 'succeeded', 'failed', 'dead', 'cancelled', 'needs_review'));

-- Each (re)scheduling of a job gets a new dispatch sequence: the BullMQ message id is
-- "<job id>-<seq>", so a re-dispatch after a Redis flush is idempotent and a stale message is
-- recognisable.
ALTER TABLE publish_jobs ADD COLUMN IF NOT EXISTS dispatch_seq integer NOT NULL DEFAULT 0;
ALTER TABLE publish_jobs ADD COLUMN IF NOT EXISTS account_id uuid;
ALTER TABLE publish_jobs ADD COLUMN IF NOT EXISTS platform text;
CREATE INDEX IF NOT EXISTS publish_jobs_review_idx ON publish_jobs (workspace_id) WHERE status = 'needs_review';

-- Sliding-window rate limits shared by every worker process (per account, per platform, global).
CREATE TABLE IF NOT EXISTS rate_limit_hits (
  key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS rate_limit_hits_key_idx ON rate_limit_hits (key, at);

-- Where the publication is in its platform's flow, for the live lanes.
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS step text;
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS total_bytes bigint;
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS error_class text;
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS needs_review boolean NOT NULL DEFAULT false;
