-- 012_trend_drafts: a Trend Radar entry links to the draft made from it, and the Account Health
-- panel reads the automations' per-account activity from the audit log through an index.

-- The latest draft made from an entry ("turn it into a post"). Same workspace by construction; a
-- deleted draft only clears the link.
ALTER TABLE trend_entries ADD COLUMN IF NOT EXISTS content_item_id uuid;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'trend_entries_content_item_fk') THEN
    ALTER TABLE trend_entries ADD CONSTRAINT trend_entries_content_item_fk
      FOREIGN KEY (workspace_id, content_item_id) REFERENCES content_items (workspace_id, id) ON DELETE SET NULL (content_item_id);
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS trend_entries_content_item_idx ON trend_entries (content_item_id) WHERE content_item_id IS NOT NULL;

-- What each automation did for an account (`automation.<key>.<what>` entries targeting it), per
-- workspace and account over a time range.
CREATE INDEX IF NOT EXISTS audit_log_automation_account_idx ON audit_log (workspace_id, target_id, at) INCLUDE (action)
  WHERE target_type = 'social_account' AND action LIKE 'automation.%';
