-- 031_notifications_review_links: notifications (in-app and e-mail) and client review links (issue 25, part 2).

-- One row per person told about something. In-app: listed until read. E-mail: `email` is where
-- its delivery stands: none (off, or sent in-app only), instant (waiting for the mailer), daily
-- (waiting for the person's daily digest), sent (mailed alone or in a digest).
CREATE TABLE IF NOT EXISTS notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  event text NOT NULL CHECK (event IN ('review_requested', 'approved', 'changes_requested', 'mentioned', 'post_failed',
    'account_reconnect', 'approval_stalled', 'approval_escalated', 'client_decided')),
  content_item_id uuid REFERENCES content_items (id) ON DELETE CASCADE,
  actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  data jsonb NOT NULL DEFAULT '{}',
  -- Events found by a scan (post failed, stalled approvals) are told once per person: the scan's key.
  dedupe_key text,
  read_at timestamptz,
  email text NOT NULL DEFAULT 'none' CHECK (email IN ('none', 'instant', 'daily', 'sent')),
  emailed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS notifications_dedupe_idx ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS notifications_user_idx ON notifications (user_id, workspace_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS notifications_unread_idx ON notifications (user_id, workspace_id) WHERE read_at IS NULL;
CREATE INDEX IF NOT EXISTS notifications_mail_idx ON notifications (email, created_at) WHERE email IN ('instant', 'daily');

-- Per person, workspace and event: instant, daily (digest) or off. No row: instant.
CREATE TABLE IF NOT EXISTS notification_preferences (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  event text NOT NULL,
  delivery text NOT NULL CHECK (delivery IN ('instant', 'daily', 'off')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id, event),
  FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE
);

-- When each person's last daily digest went out (one a day at most).
CREATE TABLE IF NOT EXISTS notification_digests (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  sent_at timestamptz NOT NULL
);

-- Client review links: a signed token names the row (its id, HMAC-signed); the row says what it
-- shows (one item or a set), until when, and whether it was revoked.
CREATE TABLE IF NOT EXISTS review_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  content_item_ids uuid[] NOT NULL CHECK (cardinality(content_item_ids) BETWEEN 1 AND 50),
  label text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS review_links_workspace_idx ON review_links (workspace_id, created_at DESC);
