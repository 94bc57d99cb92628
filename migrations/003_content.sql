-- 003_content: accounts, assets, the calendar, the publishing pipeline, automations and trends.
-- Every table carries workspace_id: each query filters by it, and cross-workspace references are
-- impossible by construction (composite foreign keys on (workspace_id, id)).

CREATE TABLE IF NOT EXISTS social_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('tiktok', 'instagram', 'youtube', 'x')),
  remote_account_id text NOT NULL,
  handle text NOT NULL,
  display_name text,
  avatar_url text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reconnect', 'disabled')),
  scopes text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, platform, remote_account_id),
  UNIQUE (workspace_id, id)
);

CREATE TABLE IF NOT EXISTS oauth_tokens (
  account_id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  access_token_ciphertext bytea NOT NULL,
  refresh_token_ciphertext bytea,
  key_version integer NOT NULL,
  expires_at timestamptz,
  refresh_expires_at timestamptz,
  scopes text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS oauth_tokens_expiry_idx ON oauth_tokens (expires_at);

CREATE TABLE IF NOT EXISTS content_assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  storage_key text NOT NULL,
  original_filename text NOT NULL,
  mime text NOT NULL,
  bytes bigint NOT NULL CHECK (bytes >= 0),
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  duration_ms integer CHECK (duration_ms >= 0),
  width integer CHECK (width > 0),
  height integer CHECK (height > 0),
  fps numeric(6, 3),
  video_codec text,
  audio_codec text,
  bitrate bigint,
  status text NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading', 'processing', 'ready', 'failed')),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id)
);
CREATE INDEX IF NOT EXISTS content_assets_sha_idx ON content_assets (workspace_id, sha256);

CREATE TABLE IF NOT EXISTS content_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  title text NOT NULL DEFAULT '',
  caption text NOT NULL DEFAULT '',
  hashtags text[] NOT NULL DEFAULT '{}',
  asset_id uuid,
  scheduled_at timestamptz,
  time_zone text NOT NULL DEFAULT 'UTC',
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'scheduled', 'publishing', 'published', 'partially_published', 'failed', 'cancelled', 'paused')),
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  duplicated_from uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id),
  FOREIGN KEY (workspace_id, asset_id) REFERENCES content_assets (workspace_id, id),
  -- Anything past draft has a time.
  CHECK (status IN ('draft', 'cancelled') OR scheduled_at IS NOT NULL)
);
-- The calendar window query and the scheduler's due scan.
CREATE INDEX IF NOT EXISTS content_items_calendar_idx ON content_items (workspace_id, scheduled_at, id);
CREATE INDEX IF NOT EXISTS content_items_due_idx ON content_items (scheduled_at) WHERE status = 'scheduled';
CREATE INDEX IF NOT EXISTS content_items_list_idx ON content_items (workspace_id, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS content_item_targets (
  content_item_id uuid NOT NULL,
  social_account_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (content_item_id, social_account_id),
  FOREIGN KEY (workspace_id, content_item_id) REFERENCES content_items (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, social_account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS content_item_targets_account_idx ON content_item_targets (social_account_id);

CREATE TABLE IF NOT EXISTS platform_publications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  content_item_id uuid NOT NULL,
  social_account_id uuid NOT NULL,
  platform text NOT NULL CHECK (platform IN ('tiktok', 'instagram', 'youtube', 'x')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'uploading', 'processing', 'posted', 'failed', 'cancelled')),
  remote_media_id text,
  remote_publish_id text,
  permalink text,
  error_code text,
  error_message text,
  progress_bytes bigint,
  posted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (content_item_id, social_account_id),
  UNIQUE (workspace_id, id),
  FOREIGN KEY (workspace_id, content_item_id) REFERENCES content_items (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, social_account_id) REFERENCES social_accounts (workspace_id, id)
);
CREATE INDEX IF NOT EXISTS platform_publications_status_idx ON platform_publications (workspace_id, status, updated_at DESC);

CREATE TABLE IF NOT EXISTS publish_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  publication_id uuid NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'active', 'waiting_retry', 'succeeded', 'failed', 'dead', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 8),
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_by text,
  lease_expires_at timestamptz,
  fencing_token bigint NOT NULL DEFAULT 0,
  checkpoint jsonb,
  last_error jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  FOREIGN KEY (workspace_id, publication_id) REFERENCES platform_publications (workspace_id, id) ON DELETE CASCADE
);
-- What a worker claims next: due, unlocked jobs in run order.
CREATE INDEX IF NOT EXISTS publish_jobs_due_idx ON publish_jobs (run_at) WHERE status IN ('queued', 'waiting_retry');
CREATE INDEX IF NOT EXISTS publish_jobs_lease_idx ON publish_jobs (lease_expires_at) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS publish_jobs_publication_idx ON publish_jobs (publication_id);

CREATE TABLE IF NOT EXISTS job_events (
  id bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  job_id uuid REFERENCES publish_jobs (id) ON DELETE CASCADE,
  publication_id uuid REFERENCES platform_publications (id) ON DELETE CASCADE,
  type text NOT NULL,
  from_status text,
  to_status text,
  message text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS job_events_publication_idx ON job_events (publication_id, id);
CREATE INDEX IF NOT EXISTS job_events_workspace_idx ON job_events (workspace_id, id DESC);

-- job_events is an append-only timeline: refuse edits.
CREATE OR REPLACE FUNCTION job_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'job_events is append-only';
END;
$$;
DROP TRIGGER IF EXISTS job_events_no_update ON job_events;
CREATE TRIGGER job_events_no_update BEFORE UPDATE ON job_events FOR EACH ROW EXECUTE FUNCTION job_events_append_only();

CREATE TABLE IF NOT EXISTS automations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  key text NOT NULL,
  enabled boolean NOT NULL DEFAULT false,
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_run_at timestamptz,
  UNIQUE (workspace_id, key)
);

CREATE TABLE IF NOT EXISTS trend_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  platform text CHECK (platform IN ('tiktok', 'instagram', 'youtube', 'x')),
  kind text NOT NULL CHECK (kind IN ('hashtag', 'sound', 'format', 'topic', 'note')),
  label text NOT NULL,
  source text NOT NULL CHECK (source IN ('manual', 'internal_analytics', 'team_note')),
  score numeric(6, 2),
  notes text,
  url text,
  observed_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS trend_entries_workspace_idx ON trend_entries (workspace_id, observed_at DESC);

-- Integrators' Idempotency-Key: the first response to a key is replayed for the same request.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  key text NOT NULL,
  request_hash text NOT NULL,
  response_status integer NOT NULL,
  response_body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, key)
);
