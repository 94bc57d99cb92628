-- 027_queue_slots: best times and posting slots (issue 24). Each account posts at weekday × local
-- time slots (the workspace's time zone); "Add to queue" takes the next free one. A slot added
-- from a suggestion keeps where it came from: `best` (a bucket our results rank high), `explore`
-- (an untried hour picked by Thompson sampling), `seed` (Instagram's online followers, before the
-- account has results), `manual` otherwise.
CREATE TABLE IF NOT EXISTS queue_slots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  account_id uuid NOT NULL,
  -- 0 = Monday … 6 = Sunday.
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  -- Minutes after local midnight.
  minute smallint NOT NULL CHECK (minute BETWEEN 0 AND 1439),
  origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'best', 'explore', 'seed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS queue_slots_account_time_idx ON queue_slots (account_id, weekday, minute);
CREATE INDEX IF NOT EXISTS queue_slots_workspace_idx ON queue_slots (workspace_id, account_id);

-- Per workspace: the share of suggested slots that explore (0 allowed) and the minimum time
-- between two posts of one account that "Add to queue" keeps. No row: the defaults.
CREATE TABLE IF NOT EXISTS queue_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  explore_share double precision NOT NULL DEFAULT 0.2 CHECK (explore_share >= 0 AND explore_share <= 1),
  min_spacing_minutes integer NOT NULL DEFAULT 60 CHECK (min_spacing_minutes BETWEEN 0 AND 1440),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Best times read every post's views at 24 h of some accounts, oldest first, from the index alone.
CREATE INDEX IF NOT EXISTS metric_snapshots_best_times_idx ON metric_snapshots (account_id, posted_at)
  INCLUDE (publication_id, value, source)
  WHERE publication_id IS NOT NULL AND age_bucket = '24h' AND metric = 'views';
