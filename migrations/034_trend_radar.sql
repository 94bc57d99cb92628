-- 034_trend_radar: the advanced Trend Radar (issue 33) — sources as plug-ins with their state and
-- budgets, observations from the official trend endpoints (docs/platform-apis.md §11), the team's
-- board (owner, votes, spotted → planned → used → retired), the watch-list, alerts and the
-- platform watch. Nothing here is ever filled by scraping.

-- The board: the issue's four statuses (the old ones map one to one).
ALTER TABLE trend_entries DROP CONSTRAINT IF EXISTS trend_entries_status_check;
UPDATE trend_entries SET status = CASE status WHEN 'new' THEN 'spotted' WHEN 'testing' THEN 'planned' WHEN 'adopted' THEN 'used' WHEN 'dropped' THEN 'retired' ELSE status END
 WHERE status IN ('new', 'testing', 'adopted', 'dropped');
ALTER TABLE trend_entries ALTER COLUMN status SET DEFAULT 'spotted';
ALTER TABLE trend_entries ADD CONSTRAINT trend_entries_status_check CHECK (status IN ('spotted', 'planned', 'used', 'retired'));

-- Where an entry comes from: people (by hand, a team note, TikTok Creative Center by hand or CSV),
-- our own results, or one official trend source by its plug-in key (`youtube.charts`, `x.trends`…).
ALTER TABLE trend_entries DROP CONSTRAINT IF EXISTS trend_entries_source_check;
ALTER TABLE trend_entries ADD CONSTRAINT trend_entries_source_check
  CHECK (source IN ('manual', 'internal_analytics', 'team_note', 'tiktok_creative_center') OR source ~ '^[a-z]+\.[a-z_]+$');

-- Our own results also find caption openings and posting hours that work.
ALTER TABLE trend_entries DROP CONSTRAINT IF EXISTS trend_entries_kind_check;
ALTER TABLE trend_entries ADD CONSTRAINT trend_entries_kind_check CHECK (kind IN ('hashtag', 'sound', 'format', 'topic', 'note', 'caption', 'hour'));

ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS owner_id uuid REFERENCES users (id) ON DELETE SET NULL;
-- ISO 3166-1 alpha-2 (YouTube regionCode; X's woeid is mapped from it), null: any region.
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS region text CHECK (region IS NULL OR region ~ '^[A-Z]{2}$');
-- A person's entry from TikTok Creative Center: where it was seen and for which day.
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS source_date date;
-- The match key of observations and watch-list terms: lower case, without the leading #.
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS term text GENERATED ALWAYS AS (lower(ltrim(label, '#'))) STORED;
-- The scores and the figures they came from, written by the recompute (GET /api/trends reads them as they are).
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS strength numeric(5, 1);
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS relevance numeric(5, 1);
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS proof numeric(5, 1);
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS evidence jsonb NOT NULL DEFAULT '{}';
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS scored_at timestamptz;
CREATE INDEX IF NOT EXISTS trend_entries_term_idx ON trend_entries (workspace_id, term);
-- One entry per source and term for the fetched sources (a new reading updates it).
CREATE UNIQUE INDEX IF NOT EXISTS trend_entries_fetched_idx ON trend_entries (workspace_id, source, term) WHERE source LIKE '%.%';
CREATE INDEX IF NOT EXISTS trend_entries_board_idx ON trend_entries (workspace_id, observed_at DESC, id DESC) INCLUDE (status, kind, platform);

-- One vote per person and entry.
CREATE TABLE IF NOT EXISTS trend_votes (
  trend_id uuid NOT NULL REFERENCES trend_entries (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (trend_id, user_id)
);

-- Posts made from an entry (the entry's content_item_id is the latest draft; this keeps all of them).
CREATE TABLE IF NOT EXISTS trend_items (
  trend_id uuid NOT NULL REFERENCES trend_entries (id) ON DELETE CASCADE,
  content_item_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (trend_id, content_item_id)
);
CREATE INDEX IF NOT EXISTS trend_items_item_idx ON trend_items (content_item_id);
INSERT INTO trend_items (trend_id, content_item_id)
SELECT id, content_item_id FROM trend_entries WHERE content_item_id IS NOT NULL ON CONFLICT DO NOTHING;

-- The workspace's radar settings: what it targets and what it may spend.
CREATE TABLE IF NOT EXISTS trend_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  regions text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{}',
  topics text[] NOT NULL DEFAULT '{}',
  -- X bills every read: 0 turns the X sources off (the default).
  x_monthly_cap_cents integer NOT NULL DEFAULT 0 CHECK (x_monthly_cap_cents >= 0),
  -- Of the project's 10,000 units a day, what the charts may use for this workspace.
  youtube_daily_units integer NOT NULL DEFAULT 100 CHECK (youtube_daily_units >= 0),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The watch-list: terms the team follows (Instagram Hashtag Search, X counts, spike alerts).
CREATE TABLE IF NOT EXISTS trend_watch_terms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  term text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('hashtag', 'topic')),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS trend_watch_terms_term_idx ON trend_watch_terms (workspace_id, lower(ltrim(term, '#')));

-- One run schedule per (workspace, source, scope): a scope is a region, an account or '' (the
-- workspace). A pass claims due rows FOR UPDATE SKIP LOCKED with a lease, like metric_reads.
CREATE TABLE IF NOT EXISTS trend_source_runs (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  source text NOT NULL,
  scope text NOT NULL DEFAULT '',
  next_run_at timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz,
  last_run_at timestamptz,
  last_ok_at timestamptz,
  last_error text,
  runs integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, source, scope)
);
CREATE INDEX IF NOT EXISTS trend_source_runs_due_idx ON trend_source_runs (next_run_at);

-- What a source said, one row per term and reading. `others_content`: figures of videos we do not
-- own (YouTube charts) — kept at most 30 days (YouTube API Services policy), then purged.
CREATE TABLE IF NOT EXISTS trend_observations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  source text NOT NULL,
  platform text NOT NULL,
  region text,
  term text NOT NULL,
  label text NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  others_content boolean NOT NULL DEFAULT false,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS trend_observations_term_idx ON trend_observations (workspace_id, term, observed_at DESC);
CREATE INDEX IF NOT EXISTS trend_observations_purge_idx ON trend_observations (observed_at) WHERE others_content;

-- Instagram Hashtag Search: 30 unique hashtags per Instagram account per rolling 7 days. Our own
-- count (the 31st's error is undocumented): a tag counts from its first search for 7 days.
CREATE TABLE IF NOT EXISTS instagram_hashtag_searches (
  workspace_id uuid NOT NULL,
  account_id uuid NOT NULL,
  tag text NOT NULL,
  hashtag_id text,
  counted_at timestamptz NOT NULL DEFAULT now(),
  last_searched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, tag),
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS instagram_hashtag_searches_window_idx ON instagram_hashtag_searches (account_id, counted_at);

-- Paid reads (X bills per call): one row per call, in cents, against the workspace's monthly cap.
CREATE TABLE IF NOT EXISTS trend_spend (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  source text NOT NULL,
  what text NOT NULL,
  cents numeric(10, 3) NOT NULL CHECK (cents >= 0),
  spent_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS trend_spend_month_idx ON trend_spend (workspace_id, spent_at);

-- Quota units a workspace's sources used per day (the day of the source's reset, e.g. Pacific for YouTube).
CREATE TABLE IF NOT EXISTS trend_units (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  source text NOT NULL,
  day date NOT NULL,
  units integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, source, day)
);

-- A spike is told once per trend (or watch-list term) per day.
CREATE TABLE IF NOT EXISTS trend_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  term text NOT NULL,
  day date NOT NULL,
  trend_id uuid REFERENCES trend_entries (id) ON DELETE SET NULL,
  message text NOT NULL,
  growth double precision,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, term, day)
);

-- Metrics a platform refused as retired, seen by the analytics ingestion (the platform watch).
CREATE TABLE IF NOT EXISTS platform_retired_metrics (
  platform text NOT NULL,
  metric text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, metric)
);

-- The in-app notice of a spike.
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_event_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_event_check CHECK (event IN ('review_requested', 'approved', 'changes_requested', 'mentioned',
  'post_failed', 'account_reconnect', 'approval_stalled', 'approval_escalated', 'client_decided', 'trend_spike'));

-- The 95 % Wilson score interval of k successes in n trials, [low, high] rounded to 3 places.
CREATE OR REPLACE FUNCTION trend_wilson(k bigint, n bigint) RETURNS double precision[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN n <= 0 THEN NULL ELSE ARRAY[
    round(((p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4.0 * n * n))) / (1 + z * z / n))::numeric, 3)::float8,
    round(((p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4.0 * n * n))) / (1 + z * z / n))::numeric, 3)::float8] END
    FROM (SELECT k::float8 / NULLIF(n, 0) AS p, 1.96::float8 AS z) c
$$;
