-- 007_war_room: what the war-room state, the live stream, monitoring and alerts read, each from an
-- index (never a scan of all jobs), plus the alert bookkeeping and the accounts' target cadence.

-- Open work per workspace (queue counts, queue-depth alert, /metrics): tiny next to the finished jobs.
CREATE INDEX IF NOT EXISTS publish_jobs_open_idx ON publish_jobs (workspace_id, status)
  WHERE status IN ('queued', 'active', 'waiting_retry', 'needs_review');
-- Jobs that ended recently: all of them (1 h error rate, /metrics), per workspace (jobs view) and per
-- account (24 h failure rate).
CREATE INDEX IF NOT EXISTS publish_jobs_finished_idx ON publish_jobs (finished_at) INCLUDE (workspace_id, status, platform)
  WHERE finished_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS publish_jobs_workspace_finished_idx ON publish_jobs (workspace_id, finished_at DESC, id DESC)
  WHERE finished_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS publish_jobs_account_finished_idx ON publish_jobs (account_id, finished_at) INCLUDE (status)
  WHERE finished_at IS NOT NULL;

-- The lanes: publications in flight, and the recent results page by page (newest first).
CREATE INDEX IF NOT EXISTS platform_publications_inflight_idx ON platform_publications (workspace_id, updated_at DESC, id DESC)
  WHERE status IN ('pending', 'uploading', 'processing') OR needs_review;
CREATE INDEX IF NOT EXISTS platform_publications_recent_idx ON platform_publications (workspace_id, updated_at DESC, id DESC)
  WHERE status IN ('posted', 'failed', 'cancelled');
-- Per account: posts of the last week (cadence) and the latest failure (last error).
CREATE INDEX IF NOT EXISTS platform_publications_posted_idx ON platform_publications (social_account_id, posted_at)
  WHERE status = 'posted';
CREATE INDEX IF NOT EXISTS platform_publications_failed_idx ON platform_publications (social_account_id, updated_at DESC)
  WHERE status = 'failed';
CREATE INDEX IF NOT EXISTS social_accounts_workspace_idx ON social_accounts (workspace_id, platform, handle);

-- The cadence the team wants per account (posts per week); null: no target.
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS target_posts_per_week integer CHECK (target_posts_per_week BETWEEN 1 AND 100);

-- The usage a platform last reported in its headers (e.g. X-App-Usage / x-ratelimit-*), when a publisher records it.
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS platform_usage jsonb;

-- Alerts: one firing row per (workspace, rule, subject) at a time, which is what deduplicates them.
CREATE TABLE IF NOT EXISTS alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  rule text NOT NULL CHECK (rule IN ('queue_depth', 'error_rate', 'token_expiring', 'needs_review')),
  subject text NOT NULL DEFAULT '',
  severity text NOT NULL CHECK (severity IN ('warning', 'critical')),
  message text NOT NULL,
  value double precision,
  threshold double precision,
  status text NOT NULL DEFAULT 'firing' CHECK (status IN ('firing', 'resolved')),
  fired_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  -- Webhook delivery: when it succeeded, how often it was tried, and when to try next.
  notified_at timestamptz,
  delivery_attempts integer NOT NULL DEFAULT 0,
  next_delivery_at timestamptz,
  last_delivery_error text
);
CREATE UNIQUE INDEX IF NOT EXISTS alerts_firing_idx ON alerts (workspace_id, rule, subject) WHERE status = 'firing';
CREATE INDEX IF NOT EXISTS alerts_undelivered_idx ON alerts (next_delivery_at) WHERE notified_at IS NULL;
CREATE INDEX IF NOT EXISTS alerts_workspace_idx ON alerts (workspace_id, fired_at DESC);
