-- 024_rate_limit_windows (issue #32 item 3, issue #22): one row per limiter key, so taking a slot
-- is one atomic INSERT … ON CONFLICT DO UPDATE … RETURNING (the row lock serialises acquirers)
-- instead of an advisory lock, a count and an insert in a transaction (5 round trips). A rolling
-- window keeps the instants of the grants still inside it (at most `limit` of them); a calendar
-- window (a platform quota that resets at midnight in a named time zone, e.g. YouTube's) keeps
-- the period it counts and how many it granted.
CREATE TABLE IF NOT EXISTS rate_limit_windows (
  key text PRIMARY KEY,
  hits timestamptz[] NOT NULL DEFAULT '{}',
  period_start timestamptz,
  period_count integer NOT NULL DEFAULT 0,
  -- How many slots the last acquisition got (read back by the same statement's RETURNING).
  last_granted integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The grants of the last day carry over into the rolling windows (a deploy does not reset a budget).
INSERT INTO rate_limit_windows (key, hits)
SELECT key, array_agg(at ORDER BY at) FROM rate_limit_hits WHERE at > now() - interval '1 day' GROUP BY key
ON CONFLICT (key) DO NOTHING;
