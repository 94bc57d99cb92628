-- 004_oauth: connect flows and the token vault's bookkeeping.

-- One row per started connect flow. The state travels through the platform; only its hash is kept.
CREATE TABLE IF NOT EXISTS oauth_states (
  state_hash text PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('tiktok', 'instagram', 'youtube', 'x')),
  code_verifier text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX IF NOT EXISTS oauth_states_expiry_idx ON oauth_states (expires_at);

-- What the accounts page shows about the token without ever showing the token.
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS last_refresh_at timestamptz;
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS last_refresh_error text;
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS connected_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS account_type text;
ALTER TABLE social_accounts ADD COLUMN IF NOT EXISTS capabilities jsonb NOT NULL DEFAULT '{}'::jsonb;

-- When the stored token was obtained (Instagram refuses to refresh a token younger than 24 h).
ALTER TABLE oauth_tokens ADD COLUMN IF NOT EXISTS issued_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE oauth_tokens ADD COLUMN IF NOT EXISTS token_kind text NOT NULL DEFAULT 'user';
CREATE INDEX IF NOT EXISTS oauth_tokens_key_version_idx ON oauth_tokens (key_version);
