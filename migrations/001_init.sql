-- 001_init: the migrations ledger. Later migrations add the product's tables.
-- Forward-only; safe to apply twice by hand (psql -f migrations/001_init.sql).
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Installation-wide settings (installation id, first-run markers). One row per key.
CREATE TABLE IF NOT EXISTS app_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
