-- 010_publication_metrics_and_reposts: the results of our own posts (entered by the team or
-- imported: the platforms' insights APIs are not part of our contract) and the auto-reposter's
-- record of what it re-published where (issue 13).

-- The current results of one publication: one row, replaced by each new reading. A metric the
-- platform does not report stays null.
CREATE TABLE IF NOT EXISTS publication_metrics (
  publication_id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  views bigint CHECK (views >= 0),
  likes bigint CHECK (likes >= 0),
  comments bigint CHECK (comments >= 0),
  shares bigint CHECK (shares >= 0),
  saves bigint CHECK (saves >= 0),
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'import')),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  FOREIGN KEY (workspace_id, publication_id) REFERENCES platform_publications (workspace_id, id) ON DELETE CASCADE
);
-- The proposer's and the reposter's reads: a workspace's results of the last weeks.
CREATE INDEX IF NOT EXISTS publication_metrics_workspace_idx ON publication_metrics (workspace_id, recorded_at DESC);

-- Every decision of the auto-reposter about one source item and one target account. The unique
-- pair is what makes "never the same item to the same account twice" hold, even for two ticks
-- racing: a claim is an INSERT … ON CONFLICT DO NOTHING. `pending` is a claim whose item is being
-- created; `created` names the new item; `skipped` says why it never will be.
CREATE TABLE IF NOT EXISTS automation_reposts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  rule_id text NOT NULL,
  source_content_item_id uuid NOT NULL,
  target_account_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'created', 'skipped')),
  repost_content_item_id uuid,
  reason text,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (source_content_item_id, target_account_id),
  FOREIGN KEY (workspace_id, source_content_item_id) REFERENCES content_items (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, target_account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, repost_content_item_id) REFERENCES content_items (workspace_id, id) ON DELETE SET NULL (repost_content_item_id)
);
-- The daily cap per target account, and "is this item itself a repost" (reposts are never sources).
CREATE INDEX IF NOT EXISTS automation_reposts_target_idx ON automation_reposts (target_account_id, finished_at) WHERE status = 'created';
CREATE INDEX IF NOT EXISTS automation_reposts_repost_item_idx ON automation_reposts (repost_content_item_id) WHERE repost_content_item_id IS NOT NULL;
-- Claims left pending by a process that died: resumed by a later tick.
CREATE INDEX IF NOT EXISTS automation_reposts_pending_idx ON automation_reposts (claimed_at) WHERE status = 'pending';

-- Trend Radar entries the internal-analytics proposer made: one per workspace, kind and label
-- (case-insensitive), so a refresh updates its entry instead of filing it again.
CREATE UNIQUE INDEX IF NOT EXISTS trend_entries_internal_analytics_idx ON trend_entries (workspace_id, kind, lower(label))
  WHERE source = 'internal_analytics';

-- The auto-reposter's settings became rules: the old flat settings go (the rules start empty).
UPDATE automations SET config = config - 'targetAccountIds' - 'delayHours' WHERE key = 'auto_reposter';
