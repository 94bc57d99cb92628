-- 008_automations: the automation engines (issue 13) and the Trend Radar board.

-- Trend Radar: curated entries only (manual, team notes, our own analytics); never scraped.
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'testing', 'adopted', 'dropped'));
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS trend_entries_workspace_status_idx ON trend_entries (workspace_id, status, observed_at DESC);

-- Instagram webhook events already seen (Meta redelivers for up to 36 h): one row per message mid
-- or comment id, so a redelivery is processed once.
CREATE TABLE IF NOT EXISTS ig_webhook_events (
  event_key text PRIMARY KEY,
  ig_user_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('message', 'comment', 'echo', 'other')),
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ig_webhook_events_received_idx ON ig_webhook_events (received_at);

-- The people who wrote to one of our Instagram accounts (IGSID per account): when they last wrote
-- (the 24 h window), when they were last welcomed, and whether they opted out (for good).
CREATE TABLE IF NOT EXISTS ig_contacts (
  account_id uuid NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
  igsid text NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  username text,
  last_inbound_at timestamptz,
  last_welcome_at timestamptz,
  opted_out_at timestamptz,
  PRIMARY KEY (account_id, igsid)
);

-- Private replies claimed before sending: at most one per comment, ever.
CREATE TABLE IF NOT EXISTS ig_private_replies (
  comment_id text NOT NULL,
  account_id uuid NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
  igsid text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  message_id text,
  PRIMARY KEY (account_id, comment_id)
);

-- Warnings an automation raised about an account (e.g. posting faster than the warm-up allows):
-- one current row per (account, automation), removed when the account is back within its limits.
CREATE TABLE IF NOT EXISTS automation_account_flags (
  account_id uuid NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
  automation_key text NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  severity text NOT NULL DEFAULT 'warning' CHECK (severity IN ('warning', 'critical')),
  message text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  flagged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, automation_key)
);
CREATE INDEX IF NOT EXISTS automation_account_flags_workspace_idx ON automation_account_flags (workspace_id);
