-- 021_metric_snapshots: our own posts' results read through the platforms' official endpoints
-- (issue 21, docs/platform-apis.md §10), one row per reading, at fixed ages after the post went
-- live (1h, 6h, 24h, 72h, 7d, 30d) plus a daily account read; the hand-entered figures of
-- publication_metrics stay as the source `manual`.

-- One metric of one reading. `publication_id` is set for a post's reading, null for an account's
-- daily reading; `value` is never a stand-in for "not reported": an unreported metric has no row.
-- `evidence`: how a post whose id never reached us was matched (create time and caption).
CREATE TABLE IF NOT EXISTS metric_snapshots (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  account_id uuid NOT NULL,
  publication_id uuid,
  platform text NOT NULL,
  source text NOT NULL DEFAULT 'platform' CHECK (source IN ('platform', 'manual')),
  age_bucket text NOT NULL CHECK (age_bucket IN ('1h', '6h', '24h', '72h', '7d', '30d', 'daily')),
  -- The day a daily account reading is for (UTC); the post's go-live day for a post reading.
  bucket_date date NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  read_at timestamptz NOT NULL DEFAULT now(),
  -- When the post went live (post readings): the summary's range and the age arithmetic.
  posted_at timestamptz,
  evidence jsonb,
  CHECK ((publication_id IS NULL) = (age_bucket = 'daily')),
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, publication_id) REFERENCES platform_publications (workspace_id, id) ON DELETE CASCADE
);
-- Written once per bucket: a second instance's insert of the same reading is a no-op.
CREATE UNIQUE INDEX IF NOT EXISTS metric_snapshots_post_once_idx ON metric_snapshots (publication_id, age_bucket, metric, source) WHERE publication_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS metric_snapshots_account_once_idx ON metric_snapshots (account_id, bucket_date, metric, source) WHERE publication_id IS NULL;
-- The summary (totals and trend per account over a range, at one age) and the posts table
-- (posts of a workspace sorted by one metric at one age).
-- (Covering: both read the index only; `source` decides whether a manual reading counts.)
CREATE INDEX IF NOT EXISTS metric_snapshots_summary_idx ON metric_snapshots (workspace_id, age_bucket, metric, posted_at) INCLUDE (account_id, platform, value, source)
  WHERE publication_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS metric_snapshots_posts_idx ON metric_snapshots (workspace_id, age_bucket, metric, value DESC, publication_id)
  INCLUDE (source, platform, account_id, posted_at) WHERE publication_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS metric_snapshots_account_idx ON metric_snapshots (account_id, bucket_date) WHERE publication_id IS NULL;

-- The read schedule and its claims: one row per (post, age) or (account, day) that is due. A pass
-- claims rows (FOR UPDATE SKIP LOCKED, a lease), so two schedulers never read the same bucket; a
-- 429 or a quota wait moves `next_attempt_at`, it never drops the row; `done_at` ends it.
CREATE TABLE IF NOT EXISTS metric_reads (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  account_id uuid NOT NULL,
  -- The publication, or the account itself for a daily read.
  target_id uuid NOT NULL,
  age_bucket text NOT NULL CHECK (age_bucket IN ('1h', '6h', '24h', '72h', '7d', '30d', 'daily')),
  bucket_date date NOT NULL,
  due_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  claimed_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  done_at timestamptz,
  outcome text CHECK (outcome IN ('read', 'missing', 'gave_up')),
  PRIMARY KEY (target_id, age_bucket, bucket_date),
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS metric_reads_due_idx ON metric_reads (next_attempt_at) WHERE done_at IS NULL;
-- Account Health: an account's reads still waiting.
CREATE INDEX IF NOT EXISTS metric_reads_account_idx ON metric_reads (account_id, next_attempt_at) WHERE done_at IS NULL;

-- Each post's most recent figures, one row per post with a column per metric (null: never
-- reported): the summary's and the posts table's "latest" figures without a scan for the newest
-- row, and one row per post to sum instead of one per metric. A newer reading replaces the metrics
-- it has and keeps the others; `source` and `read_at` are the last reading's.
CREATE TABLE IF NOT EXISTS metric_latest (
  publication_id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  account_id uuid NOT NULL,
  platform text NOT NULL,
  posted_at timestamptz NOT NULL,
  views double precision,
  likes double precision,
  comments double precision,
  shares double precision,
  saves double precision,
  watch_time double precision,
  avg_watch_time double precision,
  reach double precision,
  engagement_rate double precision,
  source text NOT NULL CHECK (source IN ('platform', 'manual')),
  read_at timestamptz NOT NULL,
  FOREIGN KEY (workspace_id, publication_id) REFERENCES platform_publications (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS metric_latest_summary_idx ON metric_latest (workspace_id, posted_at)
  INCLUDE (account_id, platform, views, likes, comments, shares, saves, watch_time, avg_watch_time, reach);

-- The hand-entered results so far, as `manual` readings at the age they were recorded at (the
-- largest age bucket not after it; 1h when earlier) and as the latest figures.
INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, source, age_bucket, bucket_date, metric, value, read_at, posted_at)
SELECT m.workspace_id, p.social_account_id, p.id, p.platform, 'manual',
       CASE WHEN m.recorded_at - p.posted_at >= interval '30 days' THEN '30d'
            WHEN m.recorded_at - p.posted_at >= interval '7 days' THEN '7d'
            WHEN m.recorded_at - p.posted_at >= interval '72 hours' THEN '72h'
            WHEN m.recorded_at - p.posted_at >= interval '24 hours' THEN '24h'
            WHEN m.recorded_at - p.posted_at >= interval '6 hours' THEN '6h'
            ELSE '1h' END,
       (p.posted_at AT TIME ZONE 'UTC')::date, v.metric, v.value, m.recorded_at, p.posted_at
  FROM publication_metrics m
  JOIN platform_publications p ON p.id = m.publication_id AND p.workspace_id = m.workspace_id
 CROSS JOIN LATERAL (VALUES ('views', m.views), ('likes', m.likes), ('comments', m.comments), ('shares', m.shares), ('saves', m.saves)) AS v(metric, value)
 WHERE p.posted_at IS NOT NULL AND v.value IS NOT NULL
ON CONFLICT DO NOTHING;
INSERT INTO metric_latest (publication_id, workspace_id, account_id, platform, posted_at, views, likes, comments, shares, saves, source, read_at)
SELECT p.id, m.workspace_id, p.social_account_id, p.platform, p.posted_at, m.views, m.likes, m.comments, m.shares, m.saves, 'manual', m.recorded_at
  FROM publication_metrics m
  JOIN platform_publications p ON p.id = m.publication_id AND p.workspace_id = m.workspace_id
 WHERE p.posted_at IS NOT NULL
ON CONFLICT DO NOTHING;
