-- 009_tiktok_warmup: the TikTok warm-up becomes an enforced ramp (issue 13). The flag
-- `tiktok_warmup_cadence` is renamed `tiktok_warmup`; its weekly settings (maxPostsPerWeek,
-- minHoursBetweenPosts, warmupDays) give way to a posts-per-day ramp, so they are dropped from the
-- stored config (the new settings take their defaults). The audit log keeps its history as written.

UPDATE automations a
   SET key = 'tiktok_warmup',
       config = a.config - 'maxPostsPerWeek' - 'minHoursBetweenPosts' - 'warmupDays'
 WHERE a.key = 'tiktok_warmup_cadence'
   AND NOT EXISTS (SELECT 1 FROM automations b WHERE b.workspace_id = a.workspace_id AND b.key = 'tiktok_warmup');
DELETE FROM automations WHERE key = 'tiktok_warmup_cadence';

-- The advisory warnings are recomputed by the next check under the new key.
DELETE FROM automation_account_flags WHERE automation_key = 'tiktok_warmup_cadence';

-- When an account's warm-up started, when it was restarted (a recovering account): without a row,
-- the warm-up starts when the account was connected (social_accounts.created_at).
CREATE TABLE IF NOT EXISTS account_warmups (
  account_id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  started_by uuid REFERENCES users (id) ON DELETE SET NULL,
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE
);

-- The warm-up counts an account's planned, in-flight and posted items per day: planned ones come
-- through content_item_targets_account_idx, posted ones through platform_publications_posted_idx.
CREATE INDEX IF NOT EXISTS platform_publications_account_inflight_idx ON platform_publications (social_account_id)
  WHERE status IN ('pending', 'uploading', 'processing');
