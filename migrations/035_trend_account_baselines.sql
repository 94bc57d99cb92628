-- 035_trend_account_baselines: each account's own median views at one post age over 90 days, written
-- by the Trend Radar's recompute (issue 33) and read by our own results and by the proof of every
-- trend-linked post: computed once per pass instead of once per use.
CREATE TABLE IF NOT EXISTS trend_account_baselines (
  account_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  age_bucket text NOT NULL,
  median double precision NOT NULL,
  posts integer NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, age_bucket),
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS trend_account_baselines_workspace_idx ON trend_account_baselines (workspace_id, age_bucket);
