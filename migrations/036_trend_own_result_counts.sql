-- 036_trend_own_result_counts: the Trend Radar's own results kept between passes (issue 33 point 8).
-- Per account, platform and feature (hashtag, format, caption opening, posting hour): how many of
-- its posts of the last 30 days have it, and how many of those beat the account's 90-day median.
-- A pass recounts only the accounts whose data changed since the previous pass (a new reading, or
-- a post crossing the 30- or 90-day edge) and ranks the workspace's features off this small table
-- instead of re-aggregating every post's snapshots each time.
CREATE TABLE IF NOT EXISTS trend_own_result_counts (
  workspace_id uuid NOT NULL,
  account_id uuid NOT NULL,
  platform text NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  label text NOT NULL,
  n integer NOT NULL,
  k integer NOT NULL,
  PRIMARY KEY (account_id, platform, kind, key),
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS trend_own_result_counts_workspace_idx ON trend_own_result_counts (workspace_id, kind, key);

-- Where the previous pass of a workspace stopped: the last metric_snapshots id it had seen, when it
-- ran, and when it last counted every account (a full pass a day also catches what ids cannot tell:
-- a deleted post, an edited caption, a reading committed after a larger id).
CREATE TABLE IF NOT EXISTS trend_recompute_marks (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  age_bucket text NOT NULL,
  last_snapshot_id bigint NOT NULL,
  passed_at timestamptz NOT NULL,
  full_pass_at timestamptz NOT NULL
);
