-- Per-API-key rate limits (issue 26): a token bucket per key.
-- rate_limit_per_minute: the key's own limit (null: the server default, API_KEY_RATE_LIMIT_PER_MINUTE).
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS rate_limit_per_minute integer;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'api_keys_rate_limit_positive') THEN
    ALTER TABLE api_keys ADD CONSTRAINT api_keys_rate_limit_positive CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute BETWEEN 1 AND 100000);
  END IF;
END $$;

-- The buckets when REDIS_URL is not set (with Redis they live there): tokens left at updated_at,
-- whether the last take was allowed (what the one-statement take returns);
-- refilled at capacity/60 per second up to capacity on each take, in one statement.
CREATE TABLE IF NOT EXISTS api_key_buckets (
  api_key_id uuid PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
  tokens double precision NOT NULL,
  allowed boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
